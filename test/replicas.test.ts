import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLICA_APPLICATION_NAME, ReplicaSet } from '../src/db/replicas.js';
import { createLogger } from '../src/logger.js';
import { graphql, killHub, runTool, sleep, startHub, waitFor, type HubProcess } from './support/hub-process.js';
import { queryOn, replicaUnsupported, startReplicaCluster, type ReplicaCluster } from './support/replica-cluster.js';

/**
 * DATABASE_REPLICA_URLS against a real streaming replica: a primary cluster and a replica made from its base backup
 * (test/support/replica-cluster.ts), two hubs started with `npm start` as users do, both reading from the replica.
 */
const unsupported = replicaUnsupported();
if (unsupported) console.warn(`test/replicas.test.ts skipped: ${unsupported}`);

const DB = 'lien_thong';
const SYSTEM = 'LGSP-68';
const READ = `query($code: String!) { informationSystem(code: $code) {
  connectionSummary { computed { connected total } } connections(first: 100) { edges { node { key status consumer { code } provider { code } } } } } }`;
const SUSPEND = `mutation($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { key status } } }`;

let cluster: ReplicaCluster;
let hubA: HubProcess;
let hubB: HubProcess;
let adminKey: string;

const metricsOf = async (hub: HubProcess) => (await fetch(`${hub.base}/metrics`)).text();
const metric = (text: string, pattern: string) => Number(new RegExp(`^${pattern} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
const readsOn = async (hub: HubProcess, target: 'primary' | 'replica') =>
  metric(await metricsOf(hub), `lienthong_db_reads_total\\{target="${target}"\\}`) || 0;
const replicaHealth = async (hub: HubProcess) => ((await (await fetch(`${hub.base}/readyz`)).json()) as any).replicas?.[0];
const read = async (hub: HubProcess, key?: string) => {
  const answer = await graphql(hub.base, READ, { code: SYSTEM }, key);
  expect(answer.errors).toBeUndefined();
  return answer.data.informationSystem as { connectionSummary: { computed: { connected: number } }; connections: { edges: { node: any }[] } };
};
const statusOf = (system: Awaited<ReturnType<typeof read>>, key: string) => system.connections.edges.find((e) => e.node.key === key)?.node.status;

describe.skipIf(!!unsupported)('read replicas (DATABASE_REPLICA_URLS) with a real streaming replica', () => {
  beforeAll(async () => {
    cluster = await startReplicaCluster();
    // Created on the primary, the database replicates to the replica like everything else.
    await queryOn(cluster.url('postgres', 'primary'), `create database ${DB}`);
    const env = {
      DATABASE_URL: cluster.url(DB, 'primary'),
      DATABASE_REPLICA_URLS: cluster.url(DB, 'replica'),
      REPLICA_CHECK_INTERVAL_MS: '200',
      // Long enough that a replica whose replay the test pauses for a moment stays in rotation.
      REPLICA_MAX_LAG_MS: '30000',
      ANONYMOUS_READ: 'true',
    };
    hubA = await startHub(env);
    const [b, created] = await Promise.all([
      startHub(env),
      runTool('keys', ['create', '--name', 'replica test', '--role', 'admin', '--json'], { DATABASE_URL: env.DATABASE_URL }),
    ]);
    hubB = b;
    expect(created.code, created.stderr).toBe(0);
    adminKey = JSON.parse(created.stdout).key;
  }, 180_000);

  afterAll(async () => {
    for (const hub of [hubA, hubB]) if (hub && hub.npm.exitCode !== null) console.error(`a hub exited early:\n${hub.output().slice(-4000)}`);
    killHub(hubA);
    killHub(hubB);
    await cluster?.destroy();
  });

  it('runs the queries of both hubs on the replica', async () => {
    for (const hub of [hubA, hubB]) await waitFor('the replica in rotation', async () => (await replicaHealth(hub))?.healthy);
    const before = await Promise.all([readsOn(hubA, 'replica'), readsOn(hubB, 'replica')]);
    for (let i = 0; i < 3; i++) for (const hub of [hubA, hubB]) await graphql(hub.base, '{ agencies(first: 3) { totalCount nodes { code } } }');
    expect(await readsOn(hubA, 'replica')).toBeGreaterThan(before[0]);
    expect(await readsOn(hubB, 'replica')).toBeGreaterThan(before[1]);
    // The hubs' replica pools are connected to the replica's copy of the database.
    const sessions = await queryOn(
      cluster.url('postgres', 'replica'),
      'select count(*)::int as n from pg_stat_activity where application_name = $1 and datname = $2',
      [REPLICA_APPLICATION_NAME, DB],
    );
    expect(sessions[0].n).toBeGreaterThanOrEqual(2);
    const text = await metricsOf(hubA);
    expect(metric(text, 'lienthong_db_replica_up\\{replica="[^"]+"\\}')).toBe(1);
    expect(metric(text, 'lienthong_db_replica_lag_seconds\\{replica="[^"]+"\\}')).toBeLessThan(5);
  });

  it('shows a change to its writer at once, to the other hub and the read caches too, while the replica lags', async () => {
    const start = await read(hubA);
    const target = start.connections.edges.map((e) => e.node).find((n) => n.status === 'CONNECTED');
    expect(target).toBeDefined();
    // The summaries are now in both hubs' read caches.
    for (const hub of [hubA, hubB]) await read(hub);
    // Replay stops: the replica still answers, but no longer sees what the primary commits.
    await queryOn(cluster.url('postgres', 'replica'), 'select pg_wal_replay_pause()');
    try {
      const input = {
        consumerCode: target.consumer.code,
        providerCode: target.provider.code,
        status: 'SUSPENDED',
        date: new Date().toISOString().slice(0, 10),
        evidence: { document: { title: 'Thông báo thử bản sao đọc', publishedAt: '2024-05-01' }, quote: 'tạm dừng kết nối' },
      };
      const done = await graphql(hubA.base, SUSPEND, { input }, adminKey);
      expect(done.errors).toBeUndefined();
      expect(done.data.setConnectionStatus.connection.status).toBe('SUSPENDED');
      // Read-your-writes: the writer's next read skips the replica, which has not replayed the change.
      const primaryBefore = await readsOn(hubA, 'primary');
      const writer = await read(hubA, adminKey);
      expect(statusOf(writer, target.key)).toBe('SUSPENDED');
      expect(writer.connectionSummary.computed.connected).toBe(start.connectionSummary.computed.connected - 1);
      expect(await readsOn(hubA, 'primary')).toBeGreaterThan(primaryBefore);
      // Another client's read goes to the replica and sees the old row (what read-your-writes protects the writer from),
      // while the cached summary, refilled from the primary after the NOTIFY, is already right on both hubs.
      for (const hub of [hubA, hubB]) {
        const other = await waitFor('the NOTIFY to clear the cache', async () => {
          const now = await read(hub);
          return now.connectionSummary.computed.connected === start.connectionSummary.computed.connected - 1 ? now : null;
        });
        expect(statusOf(other, target.key)).toBe('CONNECTED');
      }
    } finally {
      await queryOn(cluster.url('postgres', 'replica'), 'select pg_wal_replay_resume()');
    }
    // Replayed: every client on every hub sees the change.
    for (const hub of [hubA, hubB])
      await waitFor('the replica to replay the change', async () => statusOf(await read(hub), target.key) === 'SUSPENDED');
  });

  it('takes a replica whose replay falls behind out of rotation, and back once it has caught up', async () => {
    const primaryPool = new pg.Pool({ connectionString: cluster.url(DB, 'primary'), max: 2 });
    const set = new ReplicaSet({
      primaryPool,
      urls: [cluster.url(DB, 'replica')],
      checkIntervalMs: 100,
      maxLagMs: 300,
      logger: createLogger('silent'),
    });
    try {
      await set.start();
      expect(set.status()[0]).toMatchObject({ healthy: true, lagMs: 0, problem: null });
      await queryOn(cluster.url('postgres', 'replica'), 'select pg_wal_replay_pause()');
      try {
        // A change the paused replica cannot replay; the client that made it must not be sent there.
        await queryOn(cluster.url(DB, 'primary'), 'create table replica_lag_probe (x int)');
        await set.wrote('key:probe');
        expect(set.pick(set.writtenBy('key:probe'))).toBeNull();
        const behind = await waitFor('the lag to pass REPLICA_MAX_LAG_MS', async () => !set.status()[0].healthy && set.status()[0]);
        expect(behind.problem).toBe('replay lags more than REPLICA_MAX_LAG_MS (300 ms)');
        expect(behind.lagMs).toBeGreaterThan(300);
        expect(set.pick(null)).toBeNull();
      } finally {
        await queryOn(cluster.url('postgres', 'replica'), 'select pg_wal_replay_resume()');
      }
      await waitFor('the replica to catch up', async () => set.status()[0].healthy);
      await waitFor('the writer to be sent to the replica again', async () => set.pick(set.writtenBy('key:probe')));
    } finally {
      await set.stop();
      await primaryPool.end();
    }
  });

  it('takes a stopped replica out of rotation with no client error, and back once it runs again', async () => {
    const errors: unknown[] = [];
    let answered = 0;
    let running = true;
    const load = (async () => {
      while (running) {
        for (const hub of [hubA, hubB]) {
          const answer = await graphql(hub.base, '{ agencies(first: 2) { totalCount } }').catch((error) => ({ errors: [String(error)] }));
          if (answer.errors) errors.push(answer.errors);
          else answered++;
        }
      }
    })();
    try {
      await sleep(300);
      await cluster.stopReplica();
      for (const hub of [hubA, hubB]) {
        const down = await waitFor('the health check to find the replica gone', async () => {
          const health = await replicaHealth(hub);
          return !health.healthy && health.problem.startsWith('health check failed') ? health : null;
        });
        expect(down.lagMs).toBeNull();
      }
      const primaryBefore = await readsOn(hubA, 'primary');
      await sleep(500);
      expect(await readsOn(hubA, 'primary')).toBeGreaterThan(primaryBefore);
      expect(metric(await metricsOf(hubA), 'lienthong_db_replica_up\\{replica="[^"]+"\\}')).toBe(0);
      await cluster.startReplica();
      for (const hub of [hubA, hubB]) await waitFor('the replica back in rotation', async () => (await replicaHealth(hub))?.healthy, 20_000);
      const replicaBefore = await readsOn(hubA, 'replica');
      await sleep(300);
      expect(await readsOn(hubA, 'replica')).toBeGreaterThan(replicaBefore);
    } finally {
      running = false;
      await load;
    }
    expect(errors).toEqual([]);
    expect(answered).toBeGreaterThan(10);
  }, 60_000);
});
