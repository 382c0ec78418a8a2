import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { fromGlobalId, toGlobalId } from '../src/db/global-id.js';
import { viSortKey } from '../src/text/vi-sort.js';
import { SORTED_NAMES } from '../migrations/Migration20261202000100_sort_keys.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp } from './support/test-app.js';

/**
 * Every paginated list under every order, on the PostgreSQL server and on the embedded database: paging forward
 * and backward in small pages gives the list exactly once each way (no repeat, no gap), in the order the README
 * documents (computed here from the items' own fields), with the right hasNextPage / hasPreviousPage on each page.
 */

type Key = string | number;
type NodeData = Record<string, any>;

interface ListCase {
  name: string;
  /** The query with `ARGS` where the page arguments go; the connection is found at `path`. */
  query: string;
  path: string[];
  /** Fields of each node read to compute the expected order. */
  fields: string;
  /** Each order field's sort key, computed from a node. */
  keys: Record<string, (n: NodeData) => Key>;
  size: number;
}

const latest = (d: string | null) => d ?? '9999-12-31';
const earliest = (d: string | null) => d ?? '0000-01-01';

const LISTS: ListCase[] = [
  {
    name: 'agencies (every province of every period)',
    query: '{ agencies(filter: { allPeriods: true, kinds: [PROVINCE, CENTRAL_CITY] }, ARGS) { PAGE } }',
    path: ['agencies'],
    fields: 'name code validFrom',
    keys: { NAME: (n) => viSortKey(n.name), CODE: (n) => n.code, VALID_FROM: (n) => earliest(n.validFrom) },
    size: 9,
  },
  {
    name: 'informationSystems',
    query: '{ informationSystems(ARGS) { PAGE } }',
    path: ['informationSystems'],
    fields: 'name code statusSince',
    keys: { NAME: (n) => viSortKey(n.name), CODE: (n) => n.code, STATUS_SINCE: (n) => latest(n.statusSince) },
    size: 5,
  },
  {
    name: 'connections',
    query: '{ connections(ARGS) { PAGE } }',
    path: ['connections'],
    fields: 'key statusSince',
    keys: { KEY: (n) => n.key, STATUS_SINCE: (n) => latest(n.statusSince) },
    size: 2,
  },
  {
    name: 'observations',
    query: '{ observations(ARGS) { PAGE } }',
    path: ['observations'],
    fields: 'asOf value key dueOn periodEnd',
    keys: { AS_OF: (n) => n.asOf, VALUE: (n) => n.value ?? Infinity, KEY: (n) => n.key, DUE_ON: (n) => latest(n.dueOn ?? n.periodEnd) },
    size: 11,
  },
  {
    name: 'targets',
    query: '{ targets(ARGS) { PAGE } }',
    path: ['targets'],
    fields: 'asOf value key dueOn periodEnd',
    keys: { AS_OF: (n) => n.asOf, VALUE: (n) => n.value ?? Infinity, DUE_ON: (n) => latest(n.dueOn ?? n.periodEnd) },
    size: 4,
  },
  {
    name: 'indicators',
    query: '{ indicators(ARGS) { PAGE } }',
    path: ['indicators'],
    fields: 'code name',
    keys: { CODE: (n) => n.code, NAME: (n) => viSortKey(n.name) },
    size: 10,
  },
  {
    name: 'sourceDocuments',
    query: '{ sourceDocuments(ARGS) { PAGE } }',
    path: ['sourceDocuments'],
    fields: 'publishedAt title key',
    keys: { PUBLISHED_AT: (n) => n.publishedAt, TITLE: (n) => viSortKey(n.title), KEY: (n) => n.key },
    size: 2,
  },
  {
    name: 'tasks',
    query: '{ tasks(ARGS) { PAGE } }',
    path: ['tasks'],
    fields: 'dueOn statedOn statusOn title key',
    keys: {
      DUE_ON: (n) => latest(n.dueOn),
      STATED_ON: (n) => n.statedOn,
      STATUS_ON: (n) => n.statusOn,
      TITLE: (n) => viSortKey(n.title),
      KEY: (n) => n.key,
    },
    size: 6,
  },
  {
    name: 'Agency.systems',
    query: '{ agency(code: "BCA") { systems(ARGS) { PAGE } } }',
    path: ['agency', 'systems'],
    fields: 'name code statusSince',
    keys: { NAME: (n) => viSortKey(n.name), CODE: (n) => n.code, STATUS_SINCE: (n) => latest(n.statusSince) },
    size: 1,
  },
  {
    name: 'Agency.observations (with predecessors)',
    query: '{ agency(code: "68") { observations(ARGS) { PAGE } } }',
    path: ['agency', 'observations'],
    fields: 'asOf value key dueOn periodEnd',
    keys: { AS_OF: (n) => n.asOf, VALUE: (n) => n.value ?? Infinity, KEY: (n) => n.key },
    size: 4,
  },
  {
    name: 'Agency.observations (own only)',
    query: '{ agency(code: "BCA") { observations(includePredecessors: false, ARGS) { PAGE } } }',
    path: ['agency', 'observations'],
    fields: 'asOf value key dueOn periodEnd',
    keys: { AS_OF: (n) => n.asOf, KEY: (n) => n.key },
    size: 3,
  },
  {
    name: 'InformationSystem.connections',
    query: '{ informationSystem(code: "VNEID") { connections(ARGS) { PAGE } } }',
    path: ['informationSystem', 'connections'],
    fields: 'key statusSince',
    keys: { KEY: (n) => n.key, STATUS_SINCE: (n) => latest(n.statusSince) },
    size: 1,
  },
  {
    name: 'InformationSystem.observations',
    query: '{ informationSystem(code: "VNEID") { observations(ARGS) { PAGE } } }',
    path: ['informationSystem', 'observations'],
    fields: 'asOf value key dueOn periodEnd',
    keys: { AS_OF: (n) => n.asOf, VALUE: (n) => n.value ?? Infinity, KEY: (n) => n.key },
    size: 2,
  },
];

const PAGE_FIELDS = (fields: string) =>
  `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id ${fields} } }`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: NodeData }[];
}

type Run = (query: string) => Promise<any>;

async function page(run: Run, list: ListCase, args: string): Promise<Page> {
  const data = await run(list.query.replace('ARGS', args).replace('PAGE', PAGE_FIELDS(list.fields)));
  return list.path.reduce((v, k) => v[k], data) as Page;
}

const dbId = (n: NodeData) => fromGlobalId(n.id)!.id;

/** The documented order: the field's key, then the id; DESC reverses both. */
function expectedOrder(nodes: NodeData[], key: (n: NodeData) => Key, descending: boolean): number[] {
  const sorted = [...nodes].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const byKey = ka < kb ? -1 : ka > kb ? 1 : 0;
    return byKey || dbId(a) - dbId(b);
  });
  if (descending) sorted.reverse();
  return sorted.map(dbId);
}

/** Pages forward from the start, checking each page's flags; the ids in order. */
async function forward(run: Run, list: ListCase, orderBy: string): Promise<number[]> {
  const ids: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 200; i++) {
    const p: Page = await page(run, list, `first: ${list.size}, ${orderBy}${after ? `, after: "${after}"` : ''}`);
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    ids.push(...p.edges.map((e) => dbId(e.node)));
    if (p.edges.length) expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1].cursor);
    if (!p.pageInfo.hasNextPage) return ids;
    expect(p.edges).toHaveLength(list.size);
    after = p.pageInfo.endCursor;
  }
  throw new Error('no last page');
}

/** Pages backward from the end, checking each page's flags; the ids in list order. */
async function backward(run: Run, list: ListCase, orderBy: string): Promise<number[]> {
  const ids: number[] = [];
  let before: string | null = null;
  for (let i = 0; i < 200; i++) {
    const p: Page = await page(run, list, `last: ${list.size}, ${orderBy}${before ? `, before: "${before}"` : ''}`);
    expect(p.pageInfo.hasNextPage).toBe(before !== null);
    ids.unshift(...p.edges.map((e) => dbId(e.node)));
    if (p.edges.length) expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
    if (!p.pageInfo.hasPreviousPage) return ids;
    expect(p.edges).toHaveLength(list.size);
    before = p.pageInfo.startCursor;
  }
  throw new Error('no first page');
}

/** Every node of the list, read in pages of 100 in the default (id) order. */
async function everything(run: Run, list: ListCase): Promise<NodeData[]> {
  const nodes: NodeData[] = [];
  let after: string | null = null;
  for (;;) {
    const p: Page = await page(run, list, `first: 100${after ? `, after: "${after}"` : ''}`);
    nodes.push(...p.edges.map((e) => e.node));
    if (!p.pageInfo.hasNextPage) return nodes;
    after = p.pageInfo.endCursor;
  }
}

/** The province names in NAME order, per database, to compare the two. */
const provinceNames: Record<string, string[]> = {};

type Exec = (sql: string, params?: unknown[]) => Promise<any[]>;

function orderingSuite(label: string, start: () => Promise<{ run: Run; exec: Exec; stop: () => Promise<void> }>) {
  describe(`ordering and paging both ways (${label})`, () => {
    let run: Run;
    let exec: Exec;
    let stop: () => Promise<void>;
    beforeAll(async () => {
      ({ run, exec, stop } = await start());
    }, 120_000);
    afterAll(async () => stop?.());

    for (const list of LISTS) {
      it(`${list.name}: every order, forward and backward in pages of ${list.size}, neither repeats nor skips`, async () => {
        const all = await everything(run, list);
        expect(all.length).toBeGreaterThan(list.size);
        expect(new Set(all.map(dbId)).size).toBe(all.length);
        const idOrder = all.map(dbId);
        expect(idOrder).toEqual([...idOrder].sort((a, b) => a - b));
        expect(await backward(run, list, '')).toEqual(idOrder);
        for (const [field, key] of Object.entries(list.keys)) {
          for (const direction of ['ASC', 'DESC']) {
            const orderBy = `orderBy: { field: ${field}, direction: ${direction} }`;
            const expected = expectedOrder(all, key, direction === 'DESC');
            expect(await forward(run, list, orderBy), `${field} ${direction} forward`).toEqual(expected);
            expect(await backward(run, list, orderBy), `${field} ${direction} backward`).toEqual(expected);
          }
        }
      }, 120_000);
    }

    it('search: RELEVANCE (best first, ties by type and id) and NAME, forward and backward in pages of 4', async () => {
      const list: ListCase = {
        name: 'search',
        query: '{ search(query: "lam dong", ARGS) { PAGE } }',
        path: ['search'],
        fields: '',
        keys: {},
        size: 4,
      };
      const fields =
        '__typename ... on Agency { name } ... on InformationSystem { name } ... on Indicator { name } ... on Observation { key } ... on SourceDocument { title } ... on Node { id }';
      const searchPage = async (args: string) => {
        const data = await run(
          `{ search(query: "lam dong", ${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor score node { ${fields} } } } }`,
        );
        return data.search as Omit<Page, 'edges'> & { edges: { cursor: string; score: number; node: NodeData }[] };
      };
      const big = await searchPage('first: 100');
      expect(big.totalCount).toBeGreaterThan(8);
      expect(big.totalCount).toBeLessThanOrEqual(100);
      const scores = big.edges.map((e) => e.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      const walk = async (orderBy: string, back: boolean) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 100; i++) {
          const p: Page = await searchPage(
            `${back ? 'last' : 'first'}: ${list.size}, ${orderBy}${cursor ? `, ${back ? 'before' : 'after'}: "${cursor}"` : ''}`,
          );
          expect(back ? p.pageInfo.hasNextPage : p.pageInfo.hasPreviousPage).toBe(cursor !== null);
          const ids = p.edges.map((e) => e.node.id as string);
          if (back) seen.unshift(...ids);
          else seen.push(...ids);
          if (!(back ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage)) return seen;
          cursor = back ? p.pageInfo.startCursor : p.pageInfo.endCursor;
        }
        throw new Error('no end');
      };
      const bigIds = big.edges.map((e) => e.node.id as string);
      expect(await walk('', false)).toEqual(bigIds);
      expect(await walk('', true)).toEqual(bigIds);
      const types = ['Agency', 'Indicator', 'InformationSystem', 'Observation', 'SourceDocument'];
      for (const direction of ['ASC', 'DESC']) {
        const byName = [...big.edges.map((e) => e.node)].sort((x, y) => {
          const [kx, ky] = [viSortKey(x.name ?? x.title ?? x.key), viSortKey(y.name ?? y.title ?? y.key)];
          const byKey = kx < ky ? -1 : kx > ky ? 1 : 0;
          return (direction === 'DESC' ? -byKey : byKey) || types.indexOf(x.__typename) - types.indexOf(y.__typename) || dbId(x) - dbId(y);
        });
        const orderBy = `orderBy: { field: NAME, direction: ${direction} }`;
        expect(await walk(orderBy, false), `NAME ${direction}`).toEqual(byName.map((n) => n.id));
        expect(await walk(orderBy, true), `NAME ${direction} backward`).toEqual(byName.map((n) => n.id));
      }
      const worstFirst = await walk('orderBy: { field: RELEVANCE, direction: ASC }', false);
      expect(worstFirst).toHaveLength(bigIds.length);
      expect(await walk('orderBy: { field: RELEVANCE, direction: ASC }', true)).toEqual(worstFirst);
    }, 120_000);

    it('sorts names in Vietnamese order: Đ after D, a toned word after its unmarked letters', async () => {
      const p = await page(run, LISTS[0], 'first: 100, orderBy: { field: NAME }');
      const names = p.edges.map((e) => e.node.name as string);
      provinceNames[label] = names;
      const at = (name: string) => names.indexOf(name);
      // Đ is its own letter after D: the Đ provinces come after every name in A..D and before every name in E..H.
      const đ = names.filter((n) => n.startsWith('Đ')).map(at);
      expect(đ.length).toBeGreaterThan(3);
      expect(Math.min(...đ)).toBeGreaterThan(Math.max(...names.filter((n) => /^[A-D]/.test(n)).map(at)));
      expect(Math.max(...đ)).toBeLessThan(Math.min(...names.filter((n) => /^[E-H]/.test(n)).map(at)));
      // Cà Mau (ca) < Cao Bằng (cao) < Cần Thơ (câ): a word's letters come before its tone, ă and â after a.
      expect(at('Cà Mau')).toBeLessThan(at('Cao Bằng'));
      expect(at('Cao Bằng')).toBeLessThan(at('Cần Thơ'));
      // Hà (a, huyền) < Hải (a i) < Hậu (â) < Hoà/Hòa (o) < Hồ (ô) < Hưng (ư): letters first, then tones.
      const hs = ['Hà Giang', 'Hà Nội', 'Hà Tĩnh', 'Hải Dương', 'Hải Phòng', 'Hậu Giang', 'Hồ Chí Minh', 'Hưng Yên'];
      const positions = hs.map(at);
      expect(positions.every((i) => i >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(at('Bình Dương')).toBeLessThan(at('Bình Định'));
      expect(at('Bình Định')).toBeLessThan(at('Bình Phước'));
    });

    it('stores for every name the key viSortKey computes, the seed (TypeScript) and the trigger (SQL function) alike', async () => {
      for (const [table, column] of SORTED_NAMES) {
        const rows = await exec(`select ${column} as name, ${column}_sort as stored, lien_thong_vi_sort_key(${column}) as computed from ${table}`);
        expect(rows.length).toBeGreaterThan(0);
        const wrong = rows.filter((r) => r.stored !== viSortKey(r.name) || r.computed !== r.stored).map((r) => r.name);
        expect(wrong, table).toEqual([]);
      }
      // Writes other than the seed's: the trigger fills the key, and renames recompute it.
      const [{ id }] = await exec(
        `insert into indicator (code, name, unit, search_text) values ('test.sort', 'Ấp Đông (thử)', 'x', 'ap dong') returning id`,
      );
      const keyOf = async () => (await exec('select name_sort from indicator where id = ?', [id]))[0].name_sort;
      expect(await keyOf()).toBe(viSortKey('Ấp Đông (thử)'));
      await exec(`update indicator set name = 'Ẩn Đồng' where id = ?`, [id]);
      expect(await keyOf()).toBe(viSortKey('Ẩn Đồng'));
      await exec('delete from indicator where id = ?', [id]);
    });

    it('refuses mixed directions, sizes out of 1..100 and cursors of another order', async () => {
      const errors = async (args: string) => {
        const result = await run(`{ informationSystems(${args}) { totalCount } }`).then(
          () => null,
          (e: Error) => e.message,
        );
        return result;
      };
      for (const [args, field] of [
        ['last: 0', 'last'],
        ['last: 101', 'last'],
        ['first: 2, last: 2', 'first'],
        ['first: 2, before: "x"', 'before'],
        ['last: 2, after: "x"', 'after'],
        ['last: 2, before: "x"', 'before'],
      ]) {
        const message = await errors(args);
        expect(message, args).toContain('BAD_USER_INPUT');
        expect(message, args).toContain(`"field":"${field}"`);
      }
      const byName = await page(run, LISTS[1], 'first: 2, orderBy: { field: NAME }');
      const cursor = byName.pageInfo.endCursor!;
      expect(await errors(`first: 2, after: "${cursor}", orderBy: { field: CODE }`)).toContain('BAD_USER_INPUT');
      expect(await errors(`first: 2, after: "${cursor}"`)).toContain('BAD_USER_INPUT');
      expect(await errors(`first: 2, after: "${cursor}", orderBy: { field: NAME, direction: DESC }`)).toBeNull();
    });
  });
}

orderingSuite('PostgreSQL server', async () => {
  const app = await startTestApp();
  return { run: (q) => runOn(app, q), exec: execOn(app), stop: () => app.stop() };
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-ordering-'));
orderingSuite('embedded PGlite', async () => {
  const app = await createApp(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', PORT: '0' }));
  return {
    run: (q) => runOn(app, q),
    exec: execOn(app),
    stop: async () => {
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});

function execOn(app: App): Exec {
  return (sql, params = []) => app.orm.em.fork().getConnection().execute(sql, params);
}

async function runOn(app: App, query: string): Promise<any> {
  const result = await app.execute(query);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

describe('the audit log in both directions (PostgreSQL server)', () => {
  it('pages by AT, newest first by default, both ways, with ties on the time broken by id', async () => {
    const app = await startTestApp();
    try {
      const url = await app.listen();
      const { key } = await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] });
      const exec = (q: string, p: unknown[] = []) => app.orm.em.fork().getConnection().execute(q, p);
      // 13 records; several share a commit time (one transaction writes several).
      for (let i = 0; i < 13; i++) {
        await exec(
          `insert into audit_log (actor, action, entity_type, changes, at) values ('t', 'test.' || ?, 'Agency', '{}'::jsonb, timestamptz '2026-01-01' + make_interval(secs => ?))`,
          [i, Math.floor(i / 3)],
        );
      }
      const run: Run = async (query) => {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query }),
        });
        const body: any = await res.json();
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      };
      const rows = await exec('select id, at from audit_log order by at, id');
      const oldestFirst = rows.map((r: any) => toGlobalId('AuditEntry', Number(r.id)));
      const read = async (args: string) =>
        (await run(`{ auditLog(${args}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } }`)).auditLog;
      const walk = async (orderBy: string, back: boolean) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 50; i++) {
          const p = await read(`${back ? 'last' : 'first'}: 4${orderBy}${cursor ? `, ${back ? 'before' : 'after'}: "${cursor}"` : ''}`);
          expect(back ? p.pageInfo.hasNextPage : p.pageInfo.hasPreviousPage).toBe(cursor !== null);
          const ids = p.nodes.map((n: any) => n.id as string);
          if (back) seen.unshift(...ids);
          else seen.push(...ids);
          if (!(back ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage)) return seen;
          cursor = back ? p.pageInfo.startCursor : p.pageInfo.endCursor;
        }
        throw new Error('no end');
      };
      const newestFirst = [...oldestFirst].reverse();
      expect(await walk('', false)).toEqual(newestFirst);
      expect(await walk('', true)).toEqual(newestFirst);
      expect(await walk(', orderBy: { field: AT }', false)).toEqual(oldestFirst);
      expect(await walk(', orderBy: { field: AT }', true)).toEqual(oldestFirst);
      expect(await walk(', orderBy: { field: AT, direction: DESC }', false)).toEqual(newestFirst);
    } finally {
      await app.stop();
    }
  }, 60_000);
});

describe('the same order on both databases', () => {
  it('lists the provinces of every period in the same NAME order on the server and on PGlite', () => {
    expect(provinceNames['PostgreSQL server']).toHaveLength(97);
    expect(provinceNames['embedded PGlite']).toEqual(provinceNames['PostgreSQL server']);
  });
});
