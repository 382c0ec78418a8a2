import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase } from '../src/db/embedded.js';
import { createOrm } from '../src/db/orm.js';
import { ENTITIES } from '../src/modules/entities.js';
import { createLogger } from '../src/logger.js';
import { STATUS_CHANNEL, type StatusChange } from '../src/modules/connection/connection-status.service.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { LISTENER_APPLICATION_NAME, StatusChangeListener } from '../src/subscriptions/status-listener.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '..');

const SUBSCRIPTION = `subscription Changes($filter: ConnectionStatusChangedFilter) {
  connectionStatusChanged(filter: $filter) { status previousStatus statusSince connection { key status version } }
}`;

const SET_STATUS = `mutation Set($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { key status version } } }`;

function statusInput(consumerCode: string, providerCode: string, status: string, date: string) {
  return {
    consumerCode,
    providerCode,
    status,
    date,
    reason: 'test',
    evidence: { document: { title: 'Test report', publishedAt: '2024-01-01' }, quote: `the connection was ${status.toLowerCase()}` },
  };
}

/** Sets a status through a hub's HTTP API with an admin key. */
async function setStatus(url: string, key: string, input: ReturnType<typeof statusInput>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: SET_STATUS, variables: { input } }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`setConnectionStatus failed: ${JSON.stringify(body.errors)}`);
  return body.data.setConnectionStatus.connection;
}

function wsClient(httpUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url: httpUrl.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** A running subscription: the events received so far, and a way to wait for more. */
function subscribe(client: Client, variables: Record<string, unknown>, query = SUBSCRIPTION) {
  const events: any[] = [];
  const errors: unknown[] = [];
  let wake: (() => void) | null = null;
  const stop = client.subscribe(
    { query, variables },
    {
      next: (result) => {
        events.push(result);
        wake?.();
      },
      error: (error) => {
        errors.push(error);
        wake?.();
      },
      complete: () => wake?.(),
    },
  );
  return {
    events,
    errors,
    stop,
    /** Resolves once `count` events (or an error) arrived; rejects after `timeoutMs`. */
    async waitFor(count: number, timeoutMs = 2_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count && !errors.length) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} event(s) within ${timeoutMs} ms, got ${events.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      if (errors.length) {
        const e = errors[0] as { code?: number; reason?: string; message?: string };
        throw new Error(`subscription failed: ${e.code !== undefined ? `closed ${e.code} ${e.reason}` : JSON.stringify(e)}`);
      }
    },
  };
}

/** Time for a subscribe message to reach the server and register (graphql-ws does not acknowledge subscriptions). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('connectionStatusChanged, one process', () => {
  let app: TestApp;
  let url: string;
  let adminKey: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    url = await app.listen();
    adminKey = (await createApiKey(app.orm.em.fork(), { name: 'test', role: 'admin', agencyCodes: [] })).key;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await app?.stop();
  });

  it('delivers a matching change set through the HTTP API, and not a change that does not match', async () => {
    const client = wsClient(url, { authorization: `Bearer ${adminKey}` });
    clients.push(client);
    const byEnds = subscribe(client, { filter: { consumerCode: 'LGSP-68', providerCode: 'NDXP' } });
    const byOwner = subscribe(client, { filter: { ownerCode: '68', statuses: ['SUSPENDED'] } });
    await settle();

    // Another province's system: matches neither filter, and comes first, so it would arrive first if delivered.
    await setStatus(url, adminKey, statusInput('TTHC-96', 'NDXP', 'CONNECTED', '2024-01-01'));
    const set = await setStatus(url, adminKey, statusInput('LGSP-68', 'NDXP', 'SUSPENDED', '2024-01-01'));
    expect(set).toEqual({ key: 'LGSP-68>NDXP', status: 'SUSPENDED', version: 2 });

    await byEnds.waitFor(1);
    await byOwner.waitFor(1);
    const expected = {
      status: 'SUSPENDED',
      previousStatus: 'CONNECTED',
      statusSince: '2024-01-01',
      connection: { key: 'LGSP-68>NDXP', status: 'SUSPENDED', version: 2 },
    };
    expect(byEnds.events).toEqual([{ data: { connectionStatusChanged: expected } }]);
    expect(byOwner.events).toEqual([{ data: { connectionStatusChanged: expected } }]);
    byEnds.stop();
    byOwner.stop();
  });

  it('keeps delivering after the LISTEN connection is killed (reconnects and LISTENs again)', async () => {
    const client = wsClient(url);
    clients.push(client);
    const sub = subscribe(client, { filter: { systemCode: 'LGSP-68' } });
    await settle();

    const dbName = new URL(app.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: app.databaseUrl });
    await admin.connect();
    try {
      const listenerPid = async () =>
        (
          await admin.query(`select pid from pg_stat_activity where datname = $1 and application_name = $2 and query ilike 'LISTEN%'`, [
            dbName,
            LISTENER_APPLICATION_NAME,
          ])
        ).rows[0]?.pid as number | undefined;
      const before = await listenerPid();
      expect(before).toBeDefined();
      await admin.query('select pg_terminate_backend($1)', [before]);
      // Wait until a new LISTEN connection is in place.
      const deadline = Date.now() + 5_000;
      let after: number | undefined;
      while (Date.now() < deadline) {
        after = await listenerPid();
        if (after && after !== before) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(after).toBeDefined();
      expect(after).not.toBe(before);
    } finally {
      await admin.end();
    }

    await setStatus(url, adminKey, statusInput('LGSP-68', 'NDXP', 'CONNECTED', '2024-02-01'));
    await sub.waitFor(1);
    expect(sub.events[0].data.connectionStatusChanged).toMatchObject({ status: 'CONNECTED', previousStatus: 'SUSPENDED', statusSince: '2024-02-01' });
    sub.stop();
  });

  it('refuses an invalid API key, and queries over the WebSocket', async () => {
    const bad = wsClient(url, { authorization: 'Bearer lt_000000000000_nope' });
    clients.push(bad);
    const refused = subscribe(bad, {});
    await expect(refused.waitFor(1)).rejects.toThrow(/4401/);

    const client = wsClient(url);
    clients.push(client);
    const query = subscribe(client, {}, '{ __typename }');
    await expect(query.waitFor(1)).rejects.toThrow(/Only subscriptions are served over WebSocket/);
  });

  it('refuses a subscription over a query limit with the same QUERY_LIMIT_EXCEEDED error as HTTP, for every limit', async () => {
    const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
    const pages = (levels: string) =>
      `connection { consumer { owner { systems(first: 100) { nodes { owner { systems(first: 100) { nodes { ${levels} } } } } } } } }`;
    const cases: [string, number, string, Record<string, unknown>?][] = [
      ['MAX_DEPTH', 10, `subscription { connectionStatusChanged { ${pages('owner { code }')} } }`],
      ['MAX_ALIASES', 15, `subscription { connectionStatusChanged { ${repeat(16, (i) => `a${i}: status`)} } }`],
      ['MAX_DIRECTIVES', 20, `subscription { connectionStatusChanged { ${repeat(21, () => 'status @skip(if: false)')} } }`],
      ['MAX_TOKENS', 2000, `subscription { connectionStatusChanged { ${repeat(2000, () => 'status')} } }`],
      ['MAX_COST', 5000, `subscription { connectionStatusChanged { ${pages('code')} } }`],
      [
        'MAX_COST',
        5000,
        `subscription Big($n: Int = 100) { connectionStatusChanged { connection { consumer { owner { systems(first: $n) { nodes { owner { systems(first: $n) { nodes { code } } } } } } } } } }`,
        { n: 80 },
      ],
      ['GRAPHQL_VALIDATION_BUDGET', 0, `subscription { connectionStatusChanged { connection { ${repeat(1990, () => 'key')} } } }`],
    ];
    const client = wsClient(url);
    clients.push(client);
    for (const [limit, max, query, variables] of cases) {
      const refused = await new Promise<any[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${limit}: no answer over the socket`)), 5_000);
        client.subscribe(
          { query, variables },
          {
            next: (value) => {
              clearTimeout(timer);
              reject(new Error(`${limit}: got data ${JSON.stringify(value)}`));
            },
            error: (errors) => {
              clearTimeout(timer);
              resolve(errors as any[]);
            },
            complete: () => {
              clearTimeout(timer);
              reject(new Error(`${limit}: completed without an error`));
            },
          },
        );
      });
      expect(refused, limit).toHaveLength(1);
      const error = refused[0];
      expect(error.extensions, limit).toEqual(
        limit === 'GRAPHQL_VALIDATION_BUDGET' ? { code: 'QUERY_LIMIT_EXCEEDED', limit } : { code: 'QUERY_LIMIT_EXCEEDED', limit, max },
      );
      // Word for word the answer the same document gets over HTTP.
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
      expect(res.status, limit).toBe(400);
      const overHttp = ((await res.json()) as any).errors.find((e: any) => e.extensions?.code === 'QUERY_LIMIT_EXCEEDED');
      expect({ message: error.message, extensions: error.extensions }, limit).toEqual({ message: overHttp.message, extensions: overHttp.extensions });
    }
    // Under every limit the same socket still serves a subscription.
    const ok = subscribe(
      client,
      { filter: { consumerCode: 'LGSP-68' } },
      `subscription S($filter: ConnectionStatusChangedFilter) { connectionStatusChanged(filter: $filter) { status ${pages('code').replace(/100/g, '5')} } }`,
    );
    await settle();
    await setStatus(url, adminKey, statusInput('LGSP-68', 'NDXP', 'SUSPENDED', '2024-03-01'));
    await ok.waitFor(1);
    expect(ok.events[0].data.connectionStatusChanged.status).toBe('SUSPENDED');
    ok.stop();
  });

  it('explains that subscriptions are not served over HTTP', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: SUBSCRIPTION }) });
    const body = (await res.json()) as { errors?: { message: string }[] };
    expect(body.errors?.[0]?.message).toMatch(/Subscriptions are served over WebSocket/);
  });
});

/** Starts `src/main.ts` as a separate process; resolves with its GraphQL URL once it logs that it is ready. */
function startHub(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within 30 s: ${stderr}`)), 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const match = /^Lien Thong is ready at (\S+)$/.exec(JSON.parse(line).message ?? '');
        if (match) {
          clearTimeout(timer);
          resolve({ child, url: match[1] });
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}: ${stderr}`));
    });
  });
}

async function stopHub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('connectionStatusChanged, two hub processes on one database', () => {
  let setup: TestApp;
  let adminKey: string;
  const hubs: ChildProcess[] = [];
  let client: Client | undefined;

  beforeAll(async () => {
    // Migrates and seeds the database; the hubs then start on it with nothing left to load.
    setup = await startTestApp();
    adminKey = (await createApiKey(setup.orm.em.fork(), { name: 'test', role: 'admin', agencyCodes: [] })).key;
  });
  afterAll(async () => {
    await client?.dispose();
    await Promise.all(hubs.map(stopHub));
    await setup?.stop();
  });

  it('a status set through process A reaches a subscriber of process B, live', async () => {
    const started = await Promise.allSettled([startHub(setup.databaseUrl), startHub(setup.databaseUrl)]);
    for (const s of started) if (s.status === 'fulfilled') hubs.push(s.value.child);
    const [a, b] = started.map((s) => {
      if (s.status === 'rejected') throw s.reason;
      return s.value;
    });
    expect(a.url).not.toBe(b.url);

    client = wsClient(b.url);
    const sub = subscribe(client, { filter: { providerCode: 'NDXP', statuses: ['SUSPENDED'] } });
    await settle();
    const started_at = Date.now();
    await setStatus(a.url, adminKey, statusInput('LGSP-68', 'NDXP', 'SUSPENDED', '2024-01-01'));
    await sub.waitFor(1, 2_000);
    expect(Date.now() - started_at).toBeLessThan(2_000);
    expect(sub.events[0]).toEqual({
      data: {
        connectionStatusChanged: {
          status: 'SUSPENDED',
          previousStatus: 'CONNECTED',
          statusSince: '2024-01-01',
          connection: { key: 'LGSP-68>NDXP', status: 'SUSPENDED', version: 2 },
        },
      },
    });
    sub.stop();
  });
});

describe('live updates on the embedded database (PGlite through pglite-socket)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-embedded-subs-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('hears a committed NOTIFY on the pool connections (the socket shares one backend) and not a rolled-back one', async () => {
    const embedded = await startEmbeddedDatabase(dataDir);
    const orm = await createOrm({ entities: ENTITIES, connection: embedded.connection, poolMax: EMBEDDED_MAX_CONNECTIONS });
    const listener = new StatusChangeListener({ database: embedded.connection, embedded: true, orm, logger: createLogger('silent') });
    try {
      await listener.start();
      expect(listener.listening).toBe(true);
      const events = listener.subscribe({ consumerCode: 'LGSP-68' });
      const change = (consumerCode: string, status: string): StatusChange => ({
        connectionId: 1,
        key: `${consumerCode}>NDXP`,
        consumerCode,
        providerCode: 'NDXP',
        status,
        statusSince: '2024-01-01',
        previousStatus: 'CONNECTED',
      });
      const notify = (em: EntityManager, c: StatusChange) =>
        em.getConnection().execute('select pg_notify(?, ?)', [STATUS_CHANNEL, JSON.stringify(c)], 'all', em.getTransactionContext());
      await orm.em.fork().transactional((em) => notify(em as EntityManager, change('TTHC-96', 'CONNECTED')));
      await orm.em
        .fork()
        .transactional(async (em) => {
          await notify(em as EntityManager, change('LGSP-68', 'TESTING'));
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await orm.em.fork().transactional((em) => notify(em as EntityManager, change('LGSP-68', 'SUSPENDED')));
      const first = await Promise.race([
        events.next(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event within 2 s')), 2_000)),
      ]);
      expect(first.value).toEqual(change('LGSP-68', 'SUSPENDED'));
      await events.return!();
    } finally {
      await listener.stop();
      await orm.close();
      await embedded.stop();
    }
  });
});
