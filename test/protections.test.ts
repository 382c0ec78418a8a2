import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// The main hub keeps the default limits; the rate limit is off here so that a refused operation provably runs no SQL.
let app: TestApp;
let url: string;
const siblings: App[] = [];

beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0', STATEMENT_TIMEOUT_MS: '500', BODY_LIMIT_BYTES: '10000' });
  url = await app.listen();
  await post(url, { query: '{ __typename }' }); // warm-up, so timings below are not the first request's
});
afterAll(async () => {
  for (const sibling of siblings) await sibling.stop();
  await app?.stop();
});

/** Another hub process on the same database (as a second replica would be), with its own settings. */
async function sibling(env: Record<string, string>): Promise<{ hub: App; url: string }> {
  const hub = await createApp(loadConfig({ DATABASE_URL: app.databaseUrl, NODE_ENV: 'test', PORT: '0', SEED_ON_START: 'false', ...env }));
  siblings.push(hub);
  return { hub, url: await hub.listen() };
}

const post = (target: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** Holds an exclusive lock on `agency` from outside the hub, so any statement reading it waits: a slow query on demand. */
async function lockAgencies(): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: app.databaseUrl });
  await client.connect();
  await client.query('begin');
  await client.query('lock table agency in access exclusive mode');
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

describe('settings', () => {
  it('has the documented defaults and refuses bad values with the variable, what it accepts and its default', () => {
    expect(loadConfig({})).toMatchObject({
      limits: { maxDepth: 10, maxAliases: 15, maxTokens: 2000, maxDirectives: 20, maxCost: 5000 },
      requestTimeoutMs: 15_000,
      statementTimeoutMs: 5_000,
      bodyLimitBytes: 1_000_000,
      rateLimitPerMinute: 600,
      trustProxy: 0,
      shutdownGraceMs: 10_000,
    });
    expect(loadConfig({ MAX_COST: '20_000', RATE_LIMIT_PER_MINUTE: '0' })).toMatchObject({ limits: { maxCost: 20_000 }, rateLimitPerMinute: 0 });
    expect(() => loadConfig({ MAX_DEPTH: 'ten', REQUEST_TIMEOUT_MS: '-5' })).toThrow(
      /MAX_DEPTH must be an integer >= 1, got "ten" \(default 10\)[\s\S]*REQUEST_TIMEOUT_MS must be an integer >= 100, got "-5" \(default 15000\)/,
    );
  });
});

describe('query limits', () => {
  const cases: [string, string, { query: string; variables?: Record<string, unknown> }, RegExp][] = [
    [
      'MAX_DEPTH',
      'depth 11',
      {
        query:
          '{ informationSystem(code: "NDXP") { owner { systems { nodes { owner { systems { nodes { owner { systems { nodes { code } } } } } } } } } } }',
      },
      /depth limit of 10 exceeded, found 11/,
    ],
    [
      'MAX_ALIASES',
      '16 aliases',
      { query: `{ ${repeat(16, (i) => `a${i}: indicator(code: "x") { code }`)} }` },
      /Aliases limit of 15 exceeded, found 16/,
    ],
    [
      'MAX_DIRECTIVES',
      '21 directives',
      { query: `{ ${repeat(21, (i) => `t${i}: __typename @skip(if: false)`)} }` },
      /Directives limit of 20 exceeded, found 21/,
    ],
    ['MAX_TOKENS', '2,002 tokens', { query: `{ ${repeat(2000, () => 'x')} }` }, /more than 2000 tokens/],
    [
      'MAX_COST',
      '100 agencies x 100 systems',
      {
        query: '{ agencies(first: 100) { nodes { systems(first: 100) { nodes { code owner { code } } } } } }',
      },
      /cost limit of 5000 exceeded, found 20201/,
    ],
    [
      'MAX_COST',
      'the same through variables',
      {
        query: 'query Big($n: Int, $m: Int = 100) { agencies(first: $n) { nodes { systems(first: $m) { nodes { code owner { code } } } } } }',
        variables: { n: 100 },
      },
      /cost limit of 5000 exceeded, found 20201/,
    ],
  ];

  for (const [limit, what, body, message] of cases) {
    it(`refuses ${what} with QUERY_LIMIT_EXCEEDED (${limit}) before running any SQL`, async () => {
      app.resetQueries();
      const started = performance.now();
      const res = await post(url, body);
      const elapsed = performance.now() - started;
      expect(res.status).toBe(400);
      const json: any = await res.json();
      const error = json.errors.find((e: any) => e.extensions?.code === 'QUERY_LIMIT_EXCEEDED');
      expect(error, JSON.stringify(json)).toBeTruthy();
      expect(error.extensions.limit).toBe(limit);
      expect(error.message).toMatch(message);
      expect(error.message).toContain(`the limit is set by ${limit}`);
      expect(app.queries).toEqual([]);
      // Typically 2-10 ms; the bound only has to hold on a busy CI machine.
      expect(elapsed).toBeLessThan(1000);
    });
  }

  it("refuses an operation repeating one field ~2,000 times (graphql-js's validation budget) with QUERY_LIMIT_EXCEEDED", async () => {
    app.resetQueries();
    const started = performance.now();
    const res = await post(url, { query: `{ informationSystem(code: "NDXP") { ${repeat(1990, () => 'id')} } }` });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'GRAPHQL_VALIDATION_BUDGET' } });
    expect(app.queries).toEqual([]);
    expect(elapsed).toBeLessThan(1000);
  });

  it('lets the largest example operation through (ProvincesAndSystems costs 4,201)', async () => {
    const res = await post(url, {
      query:
        '{ agencies(first: 100, filter: { validOn: "2023-12-31" }) { nodes { systems(first: 20) { nodes { code connectionSummary { text } } } } } }',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).errors).toBeUndefined();
  });
});

describe('timeouts, body size, batching', () => {
  it("applies statement_timeout to the hub's connections and answers DATABASE_TIMEOUT when PostgreSQL cancels a statement", async () => {
    const [row] = await app.orm.em.getConnection().execute('show statement_timeout');
    expect(row.statement_timeout).toBe('500ms');
    const release = await lockAgencies();
    try {
      const started = performance.now();
      const res = await post(url, { query: '{ agencies(first: 1) { nodes { code } } }' });
      const elapsed = performance.now() - started;
      const json: any = await res.json();
      expect(res.status).toBe(200);
      expect(json.errors[0].extensions.code).toBe('DATABASE_TIMEOUT');
      expect(json.errors[0].path).toEqual(['agencies']);
      expect(json.errors[0].message).toMatch(/took too long/);
      expect(elapsed).toBeGreaterThan(450);
      expect(elapsed).toBeLessThan(3000);
    } finally {
      await release();
    }
  });

  it('answers 504 REQUEST_TIMEOUT when a request runs longer than REQUEST_TIMEOUT_MS', async () => {
    const { url: slowUrl } = await sibling({ REQUEST_TIMEOUT_MS: '300', STATEMENT_TIMEOUT_MS: '0', RATE_LIMIT_PER_MINUTE: '0' });
    const release = await lockAgencies();
    try {
      const started = performance.now();
      const res = await post(slowUrl, { query: '{ agencies(first: 1) { nodes { code } } }' });
      const elapsed = performance.now() - started;
      expect(res.status).toBe(504);
      expect(((await res.json()) as any).errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
      expect(elapsed).toBeGreaterThan(250);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await release();
    }
  });

  it('refuses a body over BODY_LIMIT_BYTES with 413', async () => {
    const res = await post(url, { query: '{ __typename }', padding: 'x'.repeat(20_000) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).errors[0]).toMatchObject({
      message: 'Request body is larger than 10000 bytes.',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('refuses batched requests (a JSON array of operations)', async () => {
    app.resetQueries();
    const res = await post(url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0]).toMatchObject({ message: expect.stringMatching(/batching/i), extensions: { code: 'BAD_REQUEST' } });
    expect(app.queries).toEqual([]);
  });
});

// Rate limiting (in memory, shared through PostgreSQL in batches) is tested in test/rate-limit.test.ts.

describe('production mode', () => {
  let prod: { hub: App; url: string };
  beforeAll(async () => {
    prod = await sibling({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'error' });
  });
  const csrfSafe = { 'apollo-require-preflight': 'true' };

  it('refuses introspection', async () => {
    const res = await post(prod.url, { query: '{ __schema { queryType { name } } }' });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as any).errors[0];
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/introspection/i);
  });

  it('gives no field or argument suggestions and no stack traces', async () => {
    for (const query of [
      '{ informationSystm(code: "NDXP") { code } }',
      '{ informationSystem(code: "NDXP") { nme } }',
      '{ agencies(frist: 1) { totalCount } }',
    ]) {
      const res = await post(prod.url, { query });
      const text = await res.text();
      expect(res.status).toBe(400);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(text).not.toMatch(/Did you mean/i);
      expect(text).not.toMatch(/stacktrace|\bat .*\.(ts|js):\d+/);
    }
  });

  it('masks unexpected errors and logs them with the request id', async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => {
      logged.push(String(chunk));
      return true;
    });
    const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
    await exec('alter table source_document rename to source_document_hidden');
    try {
      const res = await post(prod.url, { query: '{ sourceDocuments { totalCount } }' }, { 'x-request-id': 'masked-error-test-1' });
      const text = await res.text();
      expect(res.headers.get('x-request-id')).toBe('masked-error-test-1');
      const error = JSON.parse(text).errors[0];
      expect(error).toMatchObject({
        message: 'Internal server error: it has been logged. Please report it if it persists.',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(text).not.toMatch(/source_document|relation|stacktrace/);
    } finally {
      spy.mockRestore();
      await exec('alter table source_document_hidden rename to source_document');
    }
    const line = logged
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return null;
        }
      })
      .find((l) => l?.message === 'unexpected error' && l.requestId === 'masked-error-test-1');
    expect(line).toBeTruthy();
    expect(line.error).toMatch(/source_document/);
    expect(line.path).toEqual(['sourceDocuments']);
  });

  it('prevents CSRF: a GET or a simple POST without a preflight-forcing header is refused', async () => {
    const get = await fetch(`${prod.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/Cross-Site Request Forgery/);
    const form = await fetch(prod.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/Cross-Site Request Forgery/);

    const allowed = await fetch(`${prod.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: csrfSafe });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
