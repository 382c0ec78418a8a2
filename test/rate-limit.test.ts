import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { RateLimitedError } from '../src/errors.js';
import { createRateLimiter, FLUSH_INTERVAL_MS, type RateLimiter } from '../src/server/rate-limit.js';
import { createLogger } from '../src/logger.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { serverUrl } from './support/database.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The rate limiter decides in memory and shares its counts through PostgreSQL in batches (src/server/rate-limit.ts).
 * What the README promises, tested: one process is exact; processes on one database share the limit within two
 * flush intervals plus the statement's time; windows reset; a database outage loses no count; stop() flushes.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for every process to have sent its hits and read the totals back, on a busy 2-core machine. */
const SETTLE_MS = 2 * FLUSH_INTERVAL_MS + 400;

let app: TestApp;
const hubs: App[] = [];
const proxies: TcpProxy[] = [];
beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(async () => {
  for (const hub of hubs) await hub.stop().catch(() => undefined);
  for (const proxy of proxies) await proxy.close();
  await app?.stop();
});

/** Another hub process on the test database (a replica), optionally through a TCP proxy the test can cut. */
async function hub(perMinute: number, databaseUrl = app.databaseUrl): Promise<{ hub: App; url: string }> {
  const h = await createApp(
    loadConfig({
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'test',
      PORT: '0',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'error',
      RATE_LIMIT_PER_MINUTE: String(perMinute),
    }),
  );
  hubs.push(h);
  return { hub: h, url: await h.listen() };
}

const post = (url: string, query: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

/** The shared counter of `subject` in the current minute window, read straight from the database. */
async function sharedHits(subject: string): Promise<number> {
  const [row] = await app.orm.em
    .fork()
    .getConnection()
    .execute<{ hits: number }[]>(
      `select coalesce(sum(hits), 0)::int as hits from rate_limit_window where subject = ? and window_start = date_trunc('minute', now())`,
      [subject],
    );
  return Number(row.hits);
}

/** Fixed one-minute windows: start well inside one, so no window boundary falls within a test. */
async function awayFromMinuteBoundary(needSeconds = 8) {
  const second = new Date().getSeconds();
  if (second >= 60 - needSeconds) await sleep((61 - second) * 1000);
}

/** A subject of its own for each test: a client address nobody else uses (TRUST_PROXY is 0, so the peer: 127.0.0.1 / ::1). */
async function clearAddressCounters() {
  await app.orm.em.fork().getConnection().execute(`delete from rate_limit_window where subject like 'ip:%'`);
}

describe('one process', () => {
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.stop();
  });

  it('lets exactly the limit through, even when the requests arrive at once, and answers the rest 429 RATE_LIMITED', async () => {
    await awayFromMinuteBoundary();
    await clearAddressCounters();
    const { url } = await hub(5);
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(url, '{ __typename }')));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
    const refused = answers.find((a) => a.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Rate limit of 5 requests per minute for this client address reached; retry in \d+ s\.$/),
          extensions: { code: 'RATE_LIMITED', limit: 5, retryAfter: expect.any(Number) },
        },
      ],
    });
    // Every request counts, refused ones too; the counter reaches the database within a flush interval.
    await sleep(SETTLE_MS);
    const address = (
      await app.orm.em.fork().getConnection().execute<{ subject: string }[]>(`select subject from rate_limit_window where subject like 'ip:%'`)
    )[0].subject;
    expect(await sharedHits(address)).toBe(20);
  });

  it('counts per API key apart from the address, and a wrong key against the address', async () => {
    await awayFromMinuteBoundary();
    await clearAddressCounters();
    const { url } = await hub(3);
    const { key, id } = await createApiKey(app.orm.em.fork(), { name: 'rate-limit test', role: 'reader', agencyCodes: [] });
    const auth = { authorization: `Bearer ${key}` };
    for (let i = 0; i < 3; i++) expect((await post(url, '{ __typename }', auth)).status).toBe(200);
    const refused = await post(url, '{ __typename }', auth);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).errors[0].message).toMatch(/^Rate limit of 3 requests per minute for this API key reached/);
    // The address is untouched by the key's requests: 3 allowed, then the wrong key is refused on the address's count.
    for (let i = 0; i < 3; i++) expect((await post(url, '{ __typename }')).status).toBe(200);
    expect((await post(url, '{ __typename }', { authorization: 'Bearer lt_000000000000_notavalidkeynotavalidkey' })).status).toBe(429);
    await sleep(SETTLE_MS);
    expect(await sharedHits(`key:${id}`)).toBe(4);
  });

  it('sends the hits it has not sent yet when it stops', async () => {
    await awayFromMinuteBoundary();
    await clearAddressCounters();
    const { hub: h, url } = await hub(1000);
    for (let i = 0; i < 7; i++) expect((await post(url, '{ __typename }')).status).toBe(200);
    await h.stop();
    hubs.splice(hubs.indexOf(h), 1);
    const rows = await app.orm.em.fork().getConnection().execute<{ hits: number }[]>(`select hits from rate_limit_window where subject like 'ip:%'`);
    expect(rows.map((r) => Number(r.hits))).toEqual([7]);
  });
});

describe('two hub processes on one database', () => {
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.stop();
  });

  it('share the limit: refused on both once the shared count passes it, within two flush intervals plus the statement', async () => {
    await awayFromMinuteBoundary(15);
    await clearAddressCounters();
    const limit = 10;
    const [a, b] = [await hub(limit), await hub(limit)];
    // Alternate between the two, one request every 25 ms, and note when each was sent.
    const sent: { at: number; status: number }[] = [];
    for (let i = 0; i < 48; i++) {
      const at = performance.now();
      const res = await post(i % 2 ? b.url : a.url, '{ __typename }');
      sent.push({ at, status: res.status });
      await sleep(25);
    }
    const allowed = sent.filter((s) => s.status === 200);
    // Never refused before the limit: the first `limit` requests all went through.
    expect(sent.slice(0, limit).every((s) => s.status === 200)).toBe(true);
    // Over the limit only by requests sent within the slack after the limit was reached (the README's bound:
    // two flush intervals plus two statements; 300 ms allowed for the statements on a busy machine).
    const reached = sent[limit - 1].at;
    const slackMs = 2 * FLUSH_INTERVAL_MS + 300;
    for (const s of allowed.slice(limit)) expect(s.at - reached).toBeLessThan(slackMs);
    expect(sent.slice(-10).every((s) => s.status === 429)).toBe(true);
    expect(allowed.length).toBeLessThan(sent.length / 2);

    // Once both have exchanged their counts, a request on either is refused.
    await sleep(SETTLE_MS);
    expect((await post(a.url, '{ __typename }')).status).toBe(429);
    expect((await post(b.url, '{ __typename }')).status).toBe(429);
  });

  it('a count made on one process is seen by the other before it answers a request (after the slack)', async () => {
    await awayFromMinuteBoundary();
    await clearAddressCounters();
    const [a, b] = [await hub(6), await hub(6)];
    // B has seen the subject once; A then uses up the rest.
    expect((await post(b.url, '{ __typename }')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await post(a.url, '{ __typename }')).status).toBe(200);
    await sleep(SETTLE_MS);
    const refused = await post(b.url, '{ __typename }');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).errors[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      limit: 6,
      retryAfter: Number(refused.headers.get('retry-after')),
    });
  });
});

describe('database outage', () => {
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.stop().catch(() => undefined);
  });

  it('keeps counting in memory while the database is unreachable, refuses past the limit, and sends the counts when it is back', async () => {
    await awayFromMinuteBoundary(15);
    await clearAddressCounters();
    const server = new URL(serverUrl());
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    proxies.push(proxy);
    const proxied = new URL(app.databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const { url } = await hub(6, proxied.toString());
    const data = '{ agencies(first: 1) { totalCount } }';
    for (let i = 0; i < 2; i++) expect((await post(url, data)).status).toBe(200);
    await sleep(SETTLE_MS);
    const [{ subject }] = await app.orm.em
      .fork()
      .getConnection()
      .execute<{ subject: string }[]>(`select subject from rate_limit_window where subject like 'ip:%'`);
    expect(await sharedHits(subject)).toBe(2);

    await proxy.cut();
    // Within the limit: the answer the README promises for an outage; past it, still refused.
    const during: { status: number; code: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await post(url, data);
      during.push({ status: res.status, code: ((await res.json()) as any).errors?.[0]?.extensions?.code });
      await sleep(50);
    }
    expect(during).toEqual([
      ...Array(4).fill({ status: 503, code: 'DATABASE_UNAVAILABLE' }),
      ...Array(2).fill({ status: 429, code: 'RATE_LIMITED' }),
    ]);
    await sleep(SETTLE_MS);
    expect(await sharedHits(subject)).toBe(2);

    await proxy.restore();
    const deadline = Date.now() + 10_000;
    while ((await sharedHits(subject)) < 8 && Date.now() < deadline) await sleep(100);
    // Every hit made during the outage reached the shared counter, once.
    await sleep(SETTLE_MS);
    expect(await sharedHits(subject)).toBe(8);
    expect((await post(url, data)).status).toBe(429);
  });
});

describe('the limiter on its own (short windows)', () => {
  let pool: pg.Pool;
  const limiters: RateLimiter[] = [];
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: app.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    for (const l of limiters) await l.stop();
    await pool.end();
  });
  const limiter = (perMinute: number, windowMs: number) => {
    const l = createRateLimiter({ perMinute, windowMs, query: (text, values) => pool.query(text, values), logger: createLogger('error') });
    limiters.push(l);
    return l;
  };
  const attempt = (l: RateLimiter, subject: string) => {
    try {
      l.hit(subject, true);
      return 'ok';
    } catch (error) {
      if (error instanceof RateLimitedError) return `refused ${error.extensions.retryAfter}`;
      throw error;
    }
  };

  it('starts each window afresh, on every process, with the counts of each window kept apart', async () => {
    // Long enough that the flushes below, slow on a loaded machine, stay inside one window.
    const windowMs = 5_000;
    const [one, two] = [limiter(3, windowMs), limiter(3, windowMs)];
    await one.start();
    await two.start();
    // Start just after a window begins (by the database's clock, which the limiters follow).
    const [{ now_ms: dbNow }] = (await pool.query('select (extract(epoch from clock_timestamp()) * 1000)::float8 as now_ms')).rows;
    await sleep(windowMs - (Number(dbNow) % windowMs) + 50);
    const subject = `test:${Date.now()}`;
    expect([attempt(one, subject), attempt(one, subject), attempt(two, subject)]).toEqual(['ok', 'ok', 'ok']);
    await one.flush();
    await two.flush();
    await one.flush();
    expect(attempt(one, subject)).toMatch(/^refused [1-5]$/);
    expect(attempt(two, subject)).toMatch(/^refused [1-5]$/);

    // The next window: allowed again; the refused hits of the last one are still sent to it, not to this one.
    await sleep(windowMs);
    expect([attempt(one, subject), attempt(one, subject), attempt(two, subject)]).toEqual(['ok', 'ok', 'ok']);
    await one.flush();
    await two.flush();
    await one.flush();
    expect(attempt(one, subject)).toMatch(/^refused/);
    expect(attempt(two, subject)).toMatch(/^refused/);
    await one.flush();
    await two.flush();
    const { rows } = await pool.query('select hits from rate_limit_window where subject = $1 order by window_start', [subject]);
    expect(rows.map((r) => r.hits)).toEqual([5, 5]);
  });
});
