import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  MAX_SERIAL_ID,
  pageRequest,
  pageSize,
  toPage,
} from '../../src/graphql/pagination.js';
import { AppError } from '../../src/errors.js';
import { ID_ORDER } from '../../src/db/paging.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as AppError).extensions.code, field: (error as AppError).extensions.field, message: (error as Error).message };
  }
  throw new Error('expected an error');
};

describe('cursors', () => {
  it('round-trip an id, opaque (base64url without padding)', () => {
    const cursor = encodeCursor(42);
    expect(cursor).toBe(Buffer.from('c1:42').toString('base64url'));
    expect(cursor).not.toMatch(/[+/=]/);
    expect(decodeCursor(cursor, 'c1:', 10)).toBe(42);
  });

  it('refuse another prefix, non-digits, too many digits and numbers above the maximum', () => {
    expect(decodeCursor(encodeCursor(7, 'a1:'), 'c1:', 10)).toBeNull();
    expect(decodeCursor(encodeCursor('12x'), 'c1:', 10)).toBeNull();
    expect(decodeCursor(encodeCursor('-1'), 'c1:', 10)).toBeNull();
    expect(decodeCursor(encodeCursor(''), 'c1:', 10)).toBeNull();
    expect(decodeCursor(encodeCursor('12345678901'), 'c1:', 10)).toBeNull();
    expect(decodeCursor(encodeCursor(MAX_SERIAL_ID), 'c1:', 10, MAX_SERIAL_ID)).toBe(MAX_SERIAL_ID);
    expect(decodeCursor(encodeCursor(MAX_SERIAL_ID + 1), 'c1:', 10, MAX_SERIAL_ID)).toBeNull();
    expect(decodeCursor('not base64 at all!', 'c1:', 10)).toBeNull();
  });
});

describe('page size and request', () => {
  it('defaults first, accepts 1..MAX and refuses the rest with BAD_USER_INPUT on "first"', () => {
    expect(pageSize(undefined)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(null)).toBe(DEFAULT_PAGE_SIZE);
    expect(pageSize(1)).toBe(1);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
    for (const bad of [0, -1, MAX_PAGE_SIZE + 1, 2.5, Number.NaN]) {
      expect(codeOf(() => pageSize(bad))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    expect(codeOf(() => pageSize(101)).message).toContain('between 1 and 100, got 101');
  });

  it("starts after id 0 without a cursor, after the cursor's id with one", () => {
    expect(pageRequest({})).toEqual({ size: DEFAULT_PAGE_SIZE, backward: false, order: ID_ORDER, cursor: null });
    expect(pageRequest({ first: 5, after: encodeCursor(99) })).toEqual({ size: 5, backward: false, order: ID_ORDER, cursor: { key: '99', id: 99 } });
  });

  it('refuses a cursor the API did not issue (another list kind, or past the largest serial id) on "after"', () => {
    expect(codeOf(() => pageRequest({ after: encodeCursor(3, 'a1:') }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(codeOf(() => pageRequest({ after: encodeCursor(MAX_SERIAL_ID + 1) }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('toPage', () => {
  const rows = (...ids: number[]) => ids.map((dbId) => ({ dbId }));

  it('keeps first items, tells a next page from the extra row, cursors from the ids', () => {
    const page = toPage({ items: rows(3, 5, 8), request: { size: 2, backward: false, order: ID_ORDER, cursor: null }, count: async () => 10 });
    expect(page.nodes).toEqual(rows(3, 5));
    expect(page.edges.map((e) => decodeCursor(e.cursor, 'c1:', 10))).toEqual([3, 5]);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: encodeCursor(3), endCursor: encodeCursor(5) });
  });

  it('an empty page after a cursor: no next page, a previous one, null cursors', () => {
    const page = toPage({ items: [], request: { size: 20, backward: false, order: ID_ORDER, cursor: { key: '40', id: 40 } }, count: async () => 0 });
    expect(page.nodes).toEqual([]);
    expect(page.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });

  it('counts only when totalCount is read, and once', async () => {
    let counts = 0;
    const page = toPage({
      items: rows(1),
      request: { size: 1, backward: false, order: ID_ORDER, cursor: null },
      count: async () => {
        counts++;
        return 7;
      },
    });
    expect(counts).toBe(0);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(await page.totalCount).toBe(7);
    expect(await page.totalCount).toBe(7);
    expect(counts).toBe(1);
  });
});
