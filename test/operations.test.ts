import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, lockWaiters, serverUrl } from './support/database.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { jsonLineCollector } from './support/hub-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('/healthz and /readyz (in-process hub)', () => {
  let app: TestApp;
  let base: string;
  beforeAll(async () => {
    app = await startTestApp();
    base = (await app.listen()).replace('/graphql', '');
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('/healthz answers without touching the database', async () => {
    app.resetQueries();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(app.queries).toEqual([]);
  });

  it('/readyz is 200 when the database answers and every migration is applied, 503 with the reason when one is pending', async () => {
    app.resetQueries();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', ready: true });
    expect(app.queries).toHaveLength(1);

    const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
    const [removed] = await exec("delete from mikro_orm_migrations where name like 'Migration20261123000200%' returning id, name, executed_at");
    try {
      const pending = await fetch(`${base}/readyz`);
      expect(pending.status).toBe(503);
      expect(await pending.json()).toEqual({
        status: 'unavailable',
        ready: false,
        reason: '1 migration(s) not applied',
        pendingMigrations: ['Migration20261123000200_write_path'],
      });
    } finally {
      await app.orm.em
        .fork()
        .getConnection()
        .execute('insert into mikro_orm_migrations (id, name, executed_at) values (?, ?, ?)', [removed.id, removed.name, removed.executed_at]);
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

/**
 * The hub as a real process (`src/main.ts`, as `npm start` runs it), on a test database reached through a TCP
 * proxy the test controls: database outage and recovery, JSON logs, metrics, then SIGTERM draining.
 */
describe('the hub process: database outage, logs, metrics, SIGTERM', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let child: ChildProcess;
  let base: string;
  let exited: Promise<number | null>;
  const logs: any[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const server = new URL(serverUrl());
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const proxied = new URL(db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: proxied.toString(), PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = jsonLineCollector(logs);
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const ready = await waitFor('the hub to start', () => logs.find((l) => l.message?.startsWith('Lien Thong is ready')), 60_000);
    expect(ready.port).toBeGreaterThan(0);
    base = `http://127.0.0.1:${ready.port}`;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await proxy?.close();
    await db?.drop();
  });

  const graphql = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
  };

  it('writes one JSON log line per request with its request id, operation, status and duration', async () => {
    const res = await graphql('query LogProbe { agencies(first: 2) { nodes { code } } }', { 'x-request-id': 'log-probe-1' });
    expect(res.status).toBe(200);
    const line = await waitFor('the request log line', () => logs.find((l) => l.message === 'request' && l.requestId === 'log-probe-1'));
    expect(line).toMatchObject({ level: 'info', method: 'POST', path: '/graphql', status: 200, operationName: 'LogProbe', operationType: 'query' });
    expect(typeof line.durationMs).toBe('number');
    expect(typeof line.time).toBe('string');

    await graphql('{ agencies(first: 500) { totalCount } }', { 'x-request-id': 'log-probe-2' });
    const failed = await waitFor('the failed request log line', () => logs.find((l) => l.requestId === 'log-probe-2'));
    expect(failed).toMatchObject({ status: 200, operationName: null, errorCodes: ['BAD_USER_INPUT'] });
  });

  it('keeps answering through a database outage: DATABASE_UNAVAILABLE and /readyz 503, then recovers by itself', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const answers: { at: number; status: number; codes: string[]; data: boolean }[] = [];
    let running = true;
    // Two clients sending requests continuously, before, during and after the outage.
    const load = Array.from({ length: 2 }, async () => {
      while (running) {
        try {
          const res = await graphql('query Load { agencies(first: 3) { nodes { code name } } }');
          answers.push({
            at: Date.now(),
            status: res.status,
            codes: (res.body.errors ?? []).map((e: any) => e.extensions?.code),
            data: !!res.body.data?.agencies,
          });
        } catch (error) {
          answers.push({ at: Date.now(), status: 0, codes: [String(error)], data: false });
        }
        await sleep(20);
      }
    });
    await waitFor('answers before the outage', () => answers.filter((a) => a.data).length >= 5);
    // One request is in the middle of its SQL when the connections die (its statement waits on a lock held here).
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table indicator in access exclusive mode');
    const inFlight = graphql('query InFlight { indicators { nodes { code } } }');
    await waitFor(
      'the request to wait on the lock',
      () => lockWaiters(locker),
      // Under a loaded machine (the whole suite beside other work) the request took over 10 s to reach its statement.
      30_000,
    );

    await proxy.cut();
    const cutAt = Date.now();
    const interrupted = await inFlight;
    await locker.query('rollback');
    await locker.end();
    expect(interrupted).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'DATABASE_UNAVAILABLE' } }] } });
    const outage = await waitFor(
      'DATABASE_UNAVAILABLE answers',
      () => answers.find((a) => a.at > cutAt && a.codes.includes('DATABASE_UNAVAILABLE')),
      10_000,
    );
    expect(outage.status).toBe(503);
    const unready = await fetch(`${base}/readyz`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toMatchObject({ status: 'unavailable', ready: false, reason: expect.stringMatching(/^database unreachable/) });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const direct = await graphql('{ agencies(first: 1) { nodes { code } } }');
    expect(direct).toMatchObject({ status: 503, retryAfter: '1', body: { errors: [{ extensions: { code: 'DATABASE_UNAVAILABLE' } }] } });
    expect(direct.body.errors[0].message).toMatch(/database is not reachable/);
    await sleep(1000);

    await proxy.restore();
    const restoredAt = Date.now();
    const recovered = await waitFor('answers with data again', () => answers.find((a) => a.at > restoredAt && a.data), 10_000);
    const recoveryMs = recovered.at - restoredAt;
    await waitFor('/readyz 200 again', async () => (await fetch(`${base}/readyz`)).status === 200, 5_000);
    running = false;
    await Promise.all(load);

    expect(child.exitCode).toBeNull();
    expect(recoveryMs).toBeLessThan(3_000);
    // Every answer was either data or a clean DATABASE_UNAVAILABLE: no 500, no masked error, no dropped connection.
    const unexpected = answers.filter(
      (a) => !(a.status === 200 && a.data && a.codes.length === 0) && !(a.status === 503 && a.codes.every((c) => c === 'DATABASE_UNAVAILABLE')),
    );
    expect(unexpected).toEqual([]);
    expect(answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.message === 'unexpected error')).toEqual([]);
  });

  it('exposes Prometheus metrics: requests and latency by operation, errors by code, pool use', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^lienthong_graphql_requests_total\{operation="LogProbe",type="query",status="200"\} 1$/m);
    // Failed while resolving (the database was down; the rate limiter counts in memory, so the operation was parsed): 503.
    expect(text).toMatch(/^lienthong_graphql_requests_total\{operation="Load",type="query",status="503"\} [1-9]\d*$/m);
    expect(text).toMatch(/^lienthong_graphql_request_duration_seconds_bucket\{le="0.1",operation="Load"\} \d+$/m);
    expect(text).toMatch(/^lienthong_graphql_request_duration_seconds_count\{operation="LogProbe"\} 1$/m);
    expect(text).toMatch(/^lienthong_graphql_errors_total\{code="DATABASE_UNAVAILABLE"\} [1-9]\d*$/m);
    expect(text).toMatch(/^lienthong_graphql_errors_total\{code="BAD_USER_INPUT"\} 1$/m);
    expect(text).toMatch(/^lienthong_http_requests_total\{route="readyz",status="503"\} [1-9]\d*$/m);
    expect(text).toMatch(/^lienthong_db_pool_connections\{state="in_use"\} \d+$/m);
    expect(text).toMatch(/^lienthong_db_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^lienthong_db_pool_connections\{state="waiting"\} \d+$/m);
    expect(text).toMatch(/^lienthong_db_pool_max 10$/m);
    expect(text).toMatch(/^lienthong_process_resident_memory_bytes \d+/m);
  });

  it('on SIGTERM stops accepting connections, finishes the request in flight, and exits 0', async () => {
    // A request that is in flight for as long as the test wants: its statement waits on a lock held here.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table agency in access exclusive mode');
    const inFlight = graphql('query Slow { agencies(first: 1) { nodes { code } } }');
    try {
      await waitFor('the request to wait on the lock', () => lockWaiters(locker));

      child.kill('SIGTERM');
      await waitFor('the listener to close', () => logs.find((l) => l.message?.startsWith('shutting down')));
      const port = Number(new URL(base).port);
      const refused = await waitFor(
        'new connections to be refused',
        () =>
          new Promise<string | false>((resolve) => {
            const socket = net.connect(port, '127.0.0.1');
            socket.once('connect', () => {
              socket.destroy();
              resolve(false);
            });
            socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
          }),
        5_000,
      );
      expect(refused).toBe('ECONNREFUSED');
      expect(child.exitCode).toBeNull();
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.data.agencies.nodes).toHaveLength(1);
    expect(await exited).toBe(0);
    expect(logs.find((l) => l.message === 'stopped')).toMatchObject({ signal: 'SIGTERM' });
  });
});
