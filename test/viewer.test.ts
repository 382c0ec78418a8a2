import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
const keys: Record<string, { key: string; id: number }> = {};

beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '500', MAX_COST: '5000' });
  url = await app.listen();
  const em = () => app.orm.em.fork();
  for (const [name, role, agencyCodes] of [
    ['admin', 'admin', []],
    ['lam-dong-editor', 'editor', ['68']],
    ['dashboard', 'reader', []],
  ] as const) {
    const created = await createApiKey(em(), { name, role, agencyCodes: [...agencyCodes] });
    keys[role] = { key: created.key, id: Number((await em().getConnection().execute('select id from api_key where name = ?', [name]))[0].id) };
  }
});
afterAll(async () => {
  await app?.stop();
});

async function gql(query: string, key?: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const VIEWER = '{ viewer { name keyId role agencyCodes rateLimit { limit remaining resetAt countedBy } queryCost { cost limit remaining } } }';

describe('viewer', () => {
  it('tells an anonymous caller who it is, its address-counted rate limit and the query cost', async () => {
    const first = (await gql(VIEWER)).viewer;
    expect(first).toMatchObject({ name: null, keyId: null, role: 'ANONYMOUS', agencyCodes: [] });
    expect(first.rateLimit).toMatchObject({ limit: 500, countedBy: 'address' });
    expect(first.rateLimit.remaining).toBeLessThan(500);
    const resetAt = Date.parse(first.rateLimit.resetAt);
    expect(resetAt).toBeGreaterThan(Date.now() - 5_000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 65_000);
    // viewer, rateLimit and queryCost are the objects this query may hold.
    expect(first.queryCost).toEqual({ cost: 3, limit: 5000, remaining: 4997 });
    const second = (await gql(VIEWER)).viewer;
    // One process counts exactly: each request takes one (unless the minute turned in between).
    if (second.rateLimit.resetAt === first.rateLimit.resetAt) expect(second.rateLimit.remaining).toBe(first.rateLimit.remaining - 1);
  });

  it('names the key, its role and scope, counted by key', async () => {
    const editor = (await gql(VIEWER, keys.editor.key)).viewer;
    expect(editor).toMatchObject({ name: 'lam-dong-editor', keyId: keys.editor.id, role: 'EDITOR', agencyCodes: ['68'] });
    expect(editor.rateLimit).toMatchObject({ limit: 500, remaining: 499, countedBy: 'key' });
    expect((await gql(VIEWER, keys.admin.key)).viewer).toMatchObject({ name: 'admin', role: 'ADMIN', agencyCodes: [] });
    expect((await gql(VIEWER, keys.reader.key)).viewer).toMatchObject({ name: 'dashboard', role: 'READER', agencyCodes: [] });
  });

  it('counts the whole operation, pages at their first or last', async () => {
    const data = await gql(
      `{ viewer { queryCost { cost remaining } } agencies(first: 10) { nodes { code } } informationSystems(last: 5) { nodes { code } } }`,
      keys.reader.key,
    );
    // 2 (viewer, queryCost) + 1 + 10 x 1 (agencies) + 1 + 5 x 1 (systems).
    expect(data.viewer.queryCost).toEqual({ cost: 19, remaining: 4981 });
  });

  it('has no rate limit to show when it is off', async () => {
    const off = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
    try {
      const offUrl = await off.listen();
      const res = await fetch(offUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: VIEWER }) });
      const body: any = await res.json();
      expect(body.data.viewer.rateLimit).toBeNull();
      expect(body.data.viewer.queryCost.cost).toBe(3);
    } finally {
      await off.stop();
    }
  });
});
