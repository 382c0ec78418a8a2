import { afterEach, describe, expect, it } from 'vitest';
import { SHED_RECENT_MS, WAITING_PER_CONNECTION } from '../src/ops/readiness.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

async function post(url: string, query: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

/** With one pooled connection held by a slow statement, a request waits DB_POOL_WAIT_MS and is told the hub is busy. */
async function busyAnswer(env: Record<string, string>) {
  app = await startTestApp({}, { DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '300', ...env });
  const url = await app.listen();
  const hold = app.orm.em.fork().getConnection().execute('select pg_sleep(1.5)');
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = Date.now();
  const busy = await post(url, '{ agencies(first: 1) { totalCount } }');
  const waited = Date.now() - started;
  await hold;
  const after = await post(url, '{ agencies(first: 1) { totalCount } }');
  return { busy, waited, after };
}

describe('a full connection pool is answered 503 DATABASE_BUSY, not as an outage', () => {
  it('while resolving fields', async () => {
    const { busy, waited, after } = await busyAnswer({ RATE_LIMIT_PER_MINUTE: '0' });
    expect(busy.status).toBe(503);
    expect(busy.retryAfter).toBe('1');
    expect(busy.body.errors[0].extensions.code).toBe('DATABASE_BUSY');
    expect(busy.body.errors[0].message).toMatch(/at capacity/);
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(1_400);
    expect(after.status).toBe(200);
    expect(after.body.data.agencies.totalCount).toBeGreaterThan(0);
  });

  it("with the rate limit on (it counts in memory, so the wait is the operation's)", async () => {
    const { busy, after } = await busyAnswer({ RATE_LIMIT_PER_MINUTE: '1000' });
    expect(busy.status).toBe(503);
    expect(busy.body.errors[0].extensions.code).toBe('DATABASE_BUSY');
    expect(after.status).toBe(200);
  });
});

describe('/readyz and /metrics show the shedding', () => {
  const readyz = async (base: string) => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as any };
  };
  const shedTotal = async (base: string) => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/# TYPE lienthong_requests_shed_total counter/);
    return Number(/^lienthong_requests_shed_total (\d+)/m.exec(text)?.[1]);
  };

  it('answers 503 "at capacity" with the counts while requests wait beyond the bound and while they are shed, then ready again', async () => {
    app = await startTestApp({}, { DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '400', RATE_LIMIT_PER_MINUTE: '0' });
    const base = (await app.listen()).replace('/graphql', '');
    expect((await readyz(base)).status).toBe(200);
    expect(await shedTotal(base)).toBe(0);

    const hold = app.orm.em.fork().getConnection().execute('select pg_sleep(2)');
    await new Promise((resolve) => setTimeout(resolve, 50));
    // More waiters than the bound (10 per pooled connection): at capacity before any is shed.
    const waiters = WAITING_PER_CONNECTION + 2;
    const requests = Array.from({ length: waiters }, () => post(`${base}/graphql`, '{ agencies(first: 1) { totalCount } }'));
    await new Promise((resolve) => setTimeout(resolve, 150));
    app.resetQueries();
    const waiting = await readyz(base);
    // Answered from memory: no statement queued behind the full pool.
    expect(app.queries.filter((q) => /mikro_orm_migrations/.test(q))).toEqual([]);
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({
      status: 'unavailable',
      ready: false,
      reason: expect.stringMatching(/^at capacity: \d+ requests waiting for a database connection/),
      capacity: { poolMax: 1, inUse: 1, waiting: expect.any(Number), shedLast5s: 0, shedTotal: 0 },
    });
    expect(waiting.body.capacity.waiting).toBeGreaterThan(WAITING_PER_CONNECTION);

    // Shed after DB_POOL_WAIT_MS: every one answered 503 DATABASE_BUSY, counted once per request.
    const answers = await Promise.all(requests);
    expect(answers.map((a) => `${a.status} ${a.body.errors?.[0]?.extensions?.code}`)).toEqual(Array(waiters).fill('503 DATABASE_BUSY'));
    expect(await shedTotal(base)).toBe(waiters);
    const shedding = await readyz(base);
    expect(shedding.status).toBe(503);
    expect(shedding.body.reason).toBe(`at capacity: ${waiters} request(s) shed (503 DATABASE_BUSY) in the last 5 s`);
    expect(shedding.body.capacity).toMatchObject({ shedLast5s: waiters, shedTotal: waiters });
    await hold;

    // Nothing shed for SHED_RECENT_MS and no waiters: ready again; the counter keeps its total.
    await new Promise((resolve) => setTimeout(resolve, SHED_RECENT_MS + 100));
    expect(await readyz(base)).toEqual({ status: 200, body: { status: 'ready', ready: true } });
    expect(await shedTotal(base)).toBe(waiters);
    expect((await post(`${base}/graphql`, '{ agencies(first: 1) { totalCount } }')).status).toBe(200);
  });

  it('a request that is not shed is not counted', async () => {
    app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
    const base = (await app.listen()).replace('/graphql', '');
    for (const query of ['{ agencies(first: 1) { totalCount } }', '{ nope }', '{ informationSystem(code: "NOPE") { code } }'])
      await post(`${base}/graphql`, query);
    expect(await shedTotal(base)).toBe(0);
    expect((await readyz(base)).status).toBe(200);
  });
});
