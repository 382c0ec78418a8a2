import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../src/db/data-dir-lock.js';
import { PortInUseError } from '../src/server/port-in-use.js';
import { createTestDatabase, lockWaiters } from './support/database.js';
import { startTestApp } from './support/test-app.js';
import { graphql, killHub, removeTemplate, runTool, seededDataDir, sleep, startHub, waitFor, type HubProcess } from './support/hub-process.js';

/**
 * The hub started as a user starts it (`npm start`, which runs it through `sh -c` under npm), stopped as a user or a
 * supervisor stops it: SIGTERM to npm (docker stop, a supervisor), SIGINT to the whole process group (Ctrl-C in a
 * terminal: npm and the hub both get it, and npm forwards it again), or a signal to the hub process itself.
 */
const hubs: HubProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  hubs.forEach(killHub);
  for (const cleanup of cleanups) await cleanup();
  removeTemplate();
});

async function database(kind: 'embedded' | 'server'): Promise<{ env: Record<string, string>; url?: string }> {
  if (kind === 'embedded') {
    const dir = await seededDataDir('lt-lifecycle-');
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return { env: { DATA_DIR: dir } };
  }
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return { env: { DATABASE_URL: db.url }, url: db.url };
}

/** Sessions the stopped hub left open on its database (0 when it closed its pool). */
async function openSessions(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

const messages = (hub: HubProcess) => hub.logs.map((l) => l.message).filter(Boolean);

const CASES: { nodeEnv: string; kind: 'embedded' | 'server'; signal: NodeJS.Signals; to: 'npm' | 'group' | 'hub' }[] = [
  { nodeEnv: 'development', kind: 'embedded', signal: 'SIGINT', to: 'group' },
  { nodeEnv: 'production', kind: 'embedded', signal: 'SIGTERM', to: 'npm' },
  { nodeEnv: 'development', kind: 'server', signal: 'SIGTERM', to: 'npm' },
  { nodeEnv: 'production', kind: 'server', signal: 'SIGINT', to: 'group' },
  { nodeEnv: 'production', kind: 'server', signal: 'SIGTERM', to: 'group' },
  { nodeEnv: 'test', kind: 'server', signal: 'SIGTERM', to: 'hub' },
];

describe('npm start stops like a service', () => {
  it.each(CASES)(
    'NODE_ENV=$nodeEnv on the $kind database: $signal to $to drains, closes the database and exits 0',
    async ({ nodeEnv, kind, signal, to }) => {
      const db = await database(kind);
      const hub = await startHub({ ...db.env, NODE_ENV: nodeEnv });
      hubs.push(hub);
      expect((await graphql(hub.base, '{ agencies(first: 1) { totalCount } }')).data.agencies.totalCount).toBeGreaterThan(3000);
      hub.signal(signal, to);
      const { code } = await hub.exited;
      expect(code, hub.output()).toBe(0);
      const log = messages(hub);
      expect(log.slice(log.indexOf('shutting down: draining in-flight requests'))).toEqual(['shutting down: draining in-flight requests', 'stopped']);
      expect(hub.logs.find((l) => l.message === 'stopped')).toMatchObject({ signal });
      expect(hub.output()).not.toMatch(/second signal/);
      if (kind === 'server') {
        expect(await openSessions(db.url!)).toBe(0);
      } else {
        // Closed cleanly: the lock is released and the folder opens again (a tool opens it itself now).
        expect(fs.existsSync(path.join(db.env.DATA_DIR, LOCK_FILE))).toBe(false);
        const reopened = await runTool('keys', ['list'], db.env);
        expect(reopened.code, reopened.stderr).toBe(0);
        expect(reopened.stderr).not.toMatch(/Aborted/);
      }
    },
    180_000,
  );

  it('a second Ctrl-C during a slow drain exits at once with 1 (the echo of the first one does not count)', async () => {
    const db = await database('server');
    const hub = await startHub({ ...db.env, NODE_ENV: 'development', SHUTDOWN_GRACE_MS: '60000', REQUEST_TIMEOUT_MS: '60000' });
    hubs.push(hub);
    // A request in flight for as long as the test wants: its statement waits on a lock held here.
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table agency in access exclusive mode');
    try {
      const inFlight = graphql(hub.base, '{ agencies(first: 1) { nodes { code } } }').catch(() => null);
      await waitFor('the request to wait on the lock', () => lockWaiters(locker));
      hub.signal('SIGINT', 'group');
      await waitFor('the drain to start', () => messages(hub).includes('shutting down: draining in-flight requests'));
      await sleep(1_500);
      expect(hub.npm.exitCode).toBeNull();
      const second = Date.now();
      hub.signal('SIGINT', 'group');
      const { code, at } = await hub.exited;
      expect(code).toBe(1);
      expect(at - second).toBeLessThan(2_000);
      expect(hub.logs.find((l) => l.message === 'second signal: exiting without waiting')).toMatchObject({ signal: 'SIGINT' });
      await inFlight;
    } finally {
      await locker.query('rollback').catch(() => undefined);
      await locker.end();
    }
  }, 180_000);

  it('a client that gives up mid-request: the drain waits for its operation, then closes the database (no error, exit 0)', async () => {
    const db = await database('server');
    const hub = await startHub({ ...db.env, NODE_ENV: 'production', SHUTDOWN_GRACE_MS: '30000', REQUEST_TIMEOUT_MS: '60000' });
    hubs.push(hub);
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table agency in access exclusive mode');
    let released = 0;
    try {
      // Nested: once the locked statement returns, the operation still has statements to run (systems per agency).
      const client = new AbortController();
      const abandoned = fetch(`${hub.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ agencies(first: 3) { nodes { code systems(first: 1) { totalCount nodes { code } } } } }' }),
        signal: client.signal,
      }).catch((error: Error) => error.name);
      await waitFor('the request to wait on the lock', () => lockWaiters(locker));
      client.abort();
      expect(await abandoned).toBe('AbortError');
      hub.signal('SIGTERM', 'hub');
      await waitFor('the drain to start', () => messages(hub).includes('shutting down: draining in-flight requests'));
      await sleep(1_000);
      expect(hub.npm.exitCode, 'the hub waits for the abandoned operation').toBeNull();
      released = Date.now();
      await locker.query('rollback');
    } finally {
      await locker.end();
    }
    const { code, at } = await hub.exited;
    expect(code, hub.output()).toBe(0);
    expect(at).toBeGreaterThanOrEqual(released);
    expect(hub.logs.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(hub.output()).not.toMatch(/destroyed|operations still running/);
    expect(await openSessions(db.url!)).toBe(0);
  }, 180_000);

  it('a port in use: says which port, exits 2 at once, before opening the database', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-port-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    try {
      for (const nodeEnv of ['development', 'production']) {
        const started = Date.now();
        const hub = await startHub({ DATA_DIR: dataDir, PORT: String(port), NODE_ENV: nodeEnv }, { waitReady: false });
        hubs.push(hub);
        const { code, at } = await hub.exited;
        expect(code).toBe(2);
        expect(hub.output()).toMatch(new RegExp(`Port ${port} is already in use`));
        expect(hub.output()).not.toMatch(/^\s+at /m);
        // Module loading only (seconds on a busy machine); the database was never opened.
        expect(at - started).toBeLessThan(20_000);
        expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false);
      }
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 120_000);

  it('a port taken after the start-up check: listen() rejects with PortInUseError naming the port, and the hub still stops', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const app = await startTestApp({}, { PORT: String(port) });
    try {
      const error = await app.listen().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as PortInUseError).message).toMatch(new RegExp(`^Port ${port} is already in use`));
    } finally {
      await app.stop();
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
