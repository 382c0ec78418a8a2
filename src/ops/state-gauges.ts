import client from 'prom-client';
import type { Pool } from 'pg';
import type { ReadCaches } from '../cache/caches.js';
import type { ReadCache } from '../cache/read-cache.js';
import type { BuildInfo } from './build-info.js';
import type { ReplicaSet } from '../db/replicas.js';

/**
 * The gauges (and the cache lookup counters) read from the hub's state when /metrics is scraped: the database pool,
 * the read caches, the live updates, and what build is running.
 */

/** The pool handed to watchPool(), read when scraped (the pool may be replaced, or be none: embedded database). */
export interface WatchedPool {
  pool: Pool | null;
  poolMax: number;
}

/** The live updates as metrics see them (the hub's LISTEN connection and its subscribers). */
export interface LiveUpdates {
  readonly listening: boolean;
  readonly subscriberCount: number;
}

export function registerPoolGauges(registry: client.Registry, watched: WatchedPool): void {
  new client.Gauge({
    name: 'lienthong_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle), and requests waiting for one (waiting).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const { pool } = watched;
      this.set({ state: 'in_use' }, pool ? pool.totalCount - pool.idleCount : 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
    },
  });
  new client.Gauge({
    name: 'lienthong_db_pool_max',
    help: 'Largest number of database connections the pool opens.',
    registers: [registry],
    collect() {
      this.set(watched.poolMax);
    },
  });
}

/**
 * The read caches, from the caches watchCaches() last handed in (none before). Lookups are counters: each cache
 * counts its hits and misses since it was made, and the counter grows by what it counted since the last scrape.
 */
export function registerCacheMetrics(registry: client.Registry, caches: () => ReadCaches | null): void {
  const eachCache = (f: (name: string, cache: ReadCache) => void) => {
    for (const [name, cache] of Object.entries(caches() ?? {})) f(name, cache);
  };
  new client.Gauge({
    name: 'lienthong_read_cache_entries',
    help: 'Values held by each read cache.',
    labelNames: ['cache'],
    registers: [registry],
    collect() {
      eachCache((name, cache) => this.set({ cache: name }, cache.size));
    },
  });
  const counted = new WeakMap<ReadCache, { hit: number; miss: number }>();
  new client.Counter({
    name: 'lienthong_read_cache_lookups_total',
    help: 'Read cache lookups by cache and result (hit, miss).',
    labelNames: ['cache', 'result'],
    registers: [registry],
    collect() {
      eachCache((name, cache) => {
        const before = counted.get(cache) ?? { hit: 0, miss: 0 };
        this.inc({ cache: name, result: 'hit' }, cache.hits - before.hit);
        this.inc({ cache: name, result: 'miss' }, cache.misses - before.miss);
        counted.set(cache, { hit: cache.hits, miss: cache.misses });
      });
    },
  });
}

export function registerLiveUpdateGauges(registry: client.Registry, live: () => LiveUpdates | null): void {
  new client.Gauge({
    name: 'lienthong_subscriptions_open',
    help: 'GraphQL subscriptions (live updates) open in this process.',
    registers: [registry],
    collect() {
      this.set(live()?.subscriberCount ?? 0);
    },
  });
  new client.Gauge({
    name: 'lienthong_listen_connected',
    help: "1 while the LISTEN connection of the live updates and the read caches hears the database's notifications, else 0 (reconnecting).",
    registers: [registry],
    collect() {
      this.set(live()?.listening ? 1 : 0);
    },
  });
}

/** The read replicas (DATABASE_REPLICA_URLS) watchReplicas() handed in: health, lag, and where reads ran. */
export function registerReplicaMetrics(registry: client.Registry, replicas: () => ReplicaSet | null): void {
  new client.Gauge({
    name: 'lienthong_db_replica_up',
    help: '1 while a read replica is in rotation (answers, follows the primary, lags at most REPLICA_MAX_LAG_MS), else 0.',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const r of replicas()?.replicas ?? []) this.set({ replica: r.name }, r.healthy ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'lienthong_db_replica_lag_seconds',
    help: "How far a read replica's replay was behind the primary at its last health check (NaN: unknown).",
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      for (const r of replicas()?.replicas ?? []) this.set({ replica: r.name }, r.lagMs === null ? NaN : r.lagMs / 1000);
    },
  });
  let counted = { primary: 0, replica: 0 };
  new client.Counter({
    name: 'lienthong_db_reads_total',
    help: 'SQL statements of GraphQL requests outside transactions, by where they ran (primary, replica).',
    labelNames: ['target'],
    registers: [registry],
    collect() {
      const routed = replicas()?.routed;
      if (!routed) return;
      this.inc({ target: 'primary' }, routed.primary - counted.primary);
      this.inc({ target: 'replica' }, routed.replica - counted.replica);
      counted = { ...routed };
    },
  });
}

export function registerBuildInfo(registry: client.Registry, build: BuildInfo): void {
  new client.Gauge({
    name: 'lienthong_build_info',
    help: 'Always 1; the labels say which build runs: version of package.json, commit (BUILD_COMMIT or git), Node version.',
    labelNames: ['version', 'commit', 'node'],
    registers: [registry],
  }).set({ version: build.version, commit: build.commit, node: process.version }, 1);
}
