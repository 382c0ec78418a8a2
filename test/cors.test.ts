import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** CORS over HTTP: every header of preflights and answers, for listed, `*`-only, unlisted and absent origins. */

const DASHBOARD = 'https://dashboard.example.gov.vn';
const LOCAL = 'http://localhost:5173';
const STRANGER = 'https://elsewhere.example.com';
const CORS_HEADERS = ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age'];

const QUERY = JSON.stringify({ query: 'query Lgsp { informationSystem(code: "LGSP-68") { code } }' });
const MUTATION = JSON.stringify({
  query: `mutation Suspend { setConnectionStatus(input: {
    consumerCode: "LGSP-68", providerCode: "NDXP", status: SUSPENDED, date: "2024-05-01", reason: "bảo trì",
    evidence: { document: { title: "Thông báo bảo trì LGSP", publishedAt: "2024-05-01" }, quote: "tạm dừng kết nối LGSP" }
  }) { connection { key status } } }`,
});

function corsHeadersOf(res: Response): Record<string, string> {
  const found: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (name.startsWith('access-control-')) found[name] = value;
  });
  return found;
}

const preflight = (base: string, origin: string, requestHeaders = 'content-type') =>
  fetch(`${base}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requestHeaders },
  });

const post = (base: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('CORS_ORIGINS validation', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('is empty by default and keeps exact origins (duplicates and blanks dropped)', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ` ${DASHBOARD}, ${LOCAL},,${DASHBOARD} ` }).corsOrigins).toEqual([DASHBOARD, LOCAL]);
    expect(loadConfig({ CORS_ORIGINS: `*,${DASHBOARD}` }).corsOrigins).toEqual(['*', DASHBOARD]);
  });

  it('refuses what is not an exact origin, saying how to write it, all at once', () => {
    const problems = problemsOf({
      CORS_ORIGINS: 'https://dashboard.example.gov.vn/,dashboard.example.gov.vn,ftp://files.example,HTTPS://X.example,null',
    });
    expect(problems).toEqual([
      'CORS_ORIGINS: "https://dashboard.example.gov.vn/" is not an exact origin; write it as https://dashboard.example.gov.vn (scheme, host and port: no path, no trailing slash)',
      'CORS_ORIGINS: "dashboard.example.gov.vn" is not an origin; write scheme://host[:port], e.g. https://dashboard.example.gov.vn',
      'CORS_ORIGINS: "ftp://files.example" is not an origin; write scheme://host[:port], e.g. https://dashboard.example.gov.vn',
      'CORS_ORIGINS: "HTTPS://X.example" is not an exact origin; write it as https://x.example (scheme, host and port: no path, no trailing slash)',
      'CORS_ORIGINS: "null" is not an origin; write scheme://host[:port], e.g. https://dashboard.example.gov.vn',
    ]);
  });

  it('allows * only with anonymous reads', () => {
    expect(problemsOf({ CORS_ORIGINS: '*', ANONYMOUS_READ: 'false' })).toEqual([
      'CORS_ORIGINS=* (every website) needs ANONYMOUS_READ=true: it opens anonymous reads only; list the origins that may send API keys',
    ]);
    expect(problemsOf({ CORS_ORIGINS: '*', ANONYMOUS_READ: 'true' })).toEqual([]);
  });
});

describe('CORS with listed origins', () => {
  let app: TestApp;
  let base: string;
  let key: string;
  beforeAll(async () => {
    app = await startTestApp({}, { CORS_ORIGINS: `${DASHBOARD},${LOCAL}`, RATE_LIMIT_PER_MINUTE: '0' });
    base = (await app.listen()).replace('/graphql', '');
    key = (await createApiKey(app.orm.em.fork(), { name: 'dashboard', role: 'admin', agencyCodes: [] })).key;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers a listed origin preflight 204 with every header, the key headers included', async () => {
    const res = await preflight(base, DASHBOARD, 'authorization, content-type, apollo-require-preflight');
    expect(res.status).toBe(204);
    expect(corsHeadersOf(res)).toEqual({
      'access-control-allow-origin': DASHBOARD,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id, authorization, x-api-key',
      'access-control-max-age': '600',
    });
    expect(res.headers.get('vary')).toBe('Origin');
    expect(await res.text()).toBe('');
    // Every route answers its preflight the same way.
    expect((await fetch(`${base}/healthz`, { method: 'OPTIONS', headers: { origin: LOCAL, 'access-control-request-method': 'GET' } })).status).toBe(
      204,
    );
  });

  it('answers a listed origin query and mutation with a key, with its origin and the readable headers', async () => {
    const query = await post(base, QUERY, { origin: DASHBOARD, authorization: `Bearer ${key}` });
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ data: { informationSystem: { code: 'LGSP-68' } } });
    expect(corsHeadersOf(query)).toEqual({ 'access-control-allow-origin': DASHBOARD, 'access-control-expose-headers': 'x-request-id, retry-after' });
    expect(query.headers.get('vary')).toBe('Origin');

    const mutation = await post(base, MUTATION, { origin: LOCAL, 'x-api-key': key });
    expect(await mutation.json()).toEqual({ data: { setConnectionStatus: { connection: { key: 'LGSP-68>NDXP', status: 'SUSPENDED' } } } });
    expect(mutation.headers.get('access-control-allow-origin')).toBe(LOCAL);
  });

  it('gives an unlisted origin no CORS headers, and its preflight 403 with the reason', async () => {
    const res = await preflight(base, STRANGER, 'authorization, content-type');
    expect(res.status).toBe(403);
    expect(corsHeadersOf(res)).toEqual({});
    expect(await res.json()).toEqual({ error: `Pages of ${STRANGER} may not call this hub: CORS_ORIGINS does not list that origin.` });
    // Origins are compared exactly: another port or scheme is another origin.
    expect((await preflight(base, 'http://dashboard.example.gov.vn')).status).toBe(403);
    expect((await preflight(base, 'http://localhost:5174')).status).toBe(403);

    const answer = await post(base, QUERY, { origin: STRANGER });
    expect(answer.status).toBe(200);
    expect(corsHeadersOf(answer)).toEqual({});
  });

  it('gives requests without Origin no CORS headers, but Vary: Origin (a cache must not serve them to a page)', async () => {
    const res = await post(base, QUERY, {});
    expect(res.status).toBe(200);
    expect(corsHeadersOf(res)).toEqual({});
    expect(res.headers.get('vary')).toBe('Origin');
    // An OPTIONS that is not a preflight still reaches Apollo, which refuses it as before.
    expect((await fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin: DASHBOARD } })).status).toBe(400);
  });

  it("keeps Apollo's CSRF prevention: a listed origin's GET without a preflight header is refused", async () => {
    const url = `${base}/graphql?query=${encodeURIComponent('{ informationSystem(code: "LGSP-68") { code } }')}`;
    const refused = await fetch(url, { headers: { origin: DASHBOARD } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/CSRF/);
    const allowed = await fetch(url, { headers: { origin: DASHBOARD, 'apollo-require-preflight': 'true' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });
});

describe('CORS with * (anonymous reads from any page) and one listed origin', () => {
  let app: TestApp;
  let base: string;
  let key: string;
  beforeAll(async () => {
    app = await startTestApp({}, { CORS_ORIGINS: `*,${DASHBOARD}`, RATE_LIMIT_PER_MINUTE: '0' });
    base = (await app.listen()).replace('/graphql', '');
    key = (await createApiKey(app.orm.em.fork(), { name: 'dashboard', role: 'reader', agencyCodes: [] })).key;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('answers any origin with *, without the key headers in its preflight', async () => {
    const res = await preflight(base, STRANGER, 'authorization, content-type');
    expect(res.status).toBe(204);
    expect(corsHeadersOf(res)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id',
    });
    const answer = await post(base, QUERY, { origin: STRANGER });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(await answer.json()).toEqual({ data: { informationSystem: { code: 'LGSP-68' } } });
  });

  it('gives a keyed request from an unlisted origin no CORS headers; the listed origin keeps its keys', async () => {
    const keyed = await post(base, QUERY, { origin: STRANGER, authorization: `Bearer ${key}` });
    expect(corsHeadersOf(keyed)).toEqual({});
    const listed = await preflight(base, DASHBOARD, 'authorization');
    expect(listed.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
    expect(listed.headers.get('access-control-allow-headers')).toContain('authorization');
    const answer = await post(base, QUERY, { origin: DASHBOARD, authorization: `Bearer ${key}` });
    expect(answer.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });
});

describe('CORS_ORIGINS unset (the default)', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp();
    base = (await app.listen()).replace('/graphql', '');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('sends no CORS header to any origin and refuses preflights', async () => {
    const res = await preflight(base, DASHBOARD);
    expect(res.status).toBe(403);
    expect(corsHeadersOf(res)).toEqual({});
    const answer = await post(base, QUERY, { origin: DASHBOARD });
    expect(answer.status).toBe(200);
    expect(corsHeadersOf(answer)).toEqual({});
    expect(answer.headers.get('vary')).toBeNull();
  });
});
