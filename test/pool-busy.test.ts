import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp | undefined;
afterEach(async () => { await app?.stop(); app = undefined; });

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

  it('while counting the request for the rate limit (before the operation runs)', async () => {
    const { busy, after } = await busyAnswer({ RATE_LIMIT_PER_MINUTE: '1000' });
    expect(busy.status).toBe(503);
    expect(busy.body.errors[0].extensions.code).toBe('DATABASE_BUSY');
    expect(after.status).toBe(200);
  });
});
