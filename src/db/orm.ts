import 'reflect-metadata';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import pg, { type Pool } from 'pg';
import { MIGRATIONS } from './migrations.js';
import { releaseLostConnections } from './pool-release.js';
import { readDirectly } from './direct-reads.js';

export interface OrmOptions {
  /** The mapped entity classes (src/modules/entities.ts): the data toolkit knows no module of its own. */
  entities: readonly EntityClass<object>[];
  /** A PostgreSQL URL, or explicit connection settings (the embedded database's unix socket). */
  connection: string | { host: string; port: number; user: string; dbName: string };
  poolMax: number;
  /** How long waiting for a pooled connection (or opening one) may take: pg's `connectionTimeoutMillis`. */
  connectTimeoutMs?: number;
  /** PostgreSQL `statement_timeout` of every pooled connection, in ms (0: none). */
  statementTimeoutMs?: number;
  /**
   * Statements outside transactions straight on the pool with `$n` parameters (src/db/direct-reads.ts; default), or
   * (false) through the ORM's raw execute with inlined values, as before issue 14 (kept for the benchmark's A/B).
   */
  directReads?: boolean;
  /** Called with every SQL statement the ORM runs (used by tests and benchmarks to count statements). */
  onQuery?: (sql: string) => void;
}

/** Default of `connectTimeoutMs`. */
export const CONNECT_TIMEOUT_MS = 5_000;

/** Builds the MikroORM instance over PostgreSQL (server or embedded). Schema changes only through migrations. */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init({
    ...(typeof options.connection === 'string' ? { clientUrl: options.connection } : options.connection),
    entities: [...options.entities],
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList: MIGRATIONS, transactional: true, allOrNothing: true, silent: true, snapshot: false },
    // min 0: after a database outage no broken connection is kept; new ones are opened on demand once it is back.
    pool: { min: 0, max: options.poolMax },
    driverOptions: {
      // Sent as a startup parameter, so it holds on every connection the pool opens, including after an outage.
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      // No JIT compilation (a PostgreSQL server; PGlite has none): the hub's statements are short, and a misestimated
      // per-parent page plan (national data, a few platforms with thousands of connections) crossed jit_above_cost
      // and spent 290 ms compiling a statement that runs in 30 ms (BENCHMARKS.md).
      ...(typeof options.connection === 'string' ? { options: '-c jit=off' } : {}),
      // Fail fast when the server cannot be reached (DATABASE_UNAVAILABLE) or every connection stays busy this long (DATABASE_BUSY).
      connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      // Detects half-open connections (a peer that vanished without closing) instead of waiting on them forever.
      keepAlive: true,
    },
    debug: options.onQuery ? ['query'] : false,
    logger: (message: string) => {
      if (!options.onQuery) return;
      // MikroORM logs "[query] <sql> [took N ms, ...]"; keep only the statement.
      const match = /\[query\] (.*?)(?: \[took .*)?$/s.exec(message.replace(/\u001b\[[0-9;]*m/g, ''));
      if (match) options.onQuery(match[1]);
    },
    allowGlobalContext: false,
  });
  const pool = await poolOf(orm);
  releaseLostConnections(pool);
  if (options.directReads !== false)
    readDirectly(orm.em.getConnection(), { pool, named: typeof options.connection === 'string', onQuery: options.onQuery });
  return orm;
}

/** The advisory lock key that serialises migrations between processes on one server ("lt" + 11). */
export const MIGRATION_LOCK = 7_274_011;

/**
 * Applies pending migrations; returns the names it applied. On a PostgreSQL server, processes starting together
 * (replicas, a rolling upgrade) take turns under a session advisory lock held on a connection of its own (the pool may
 * have a single connection, which the migrator needs): the first applies, the next find nothing left to apply.
 * `serverUrl` null: the embedded database, opened by one process only (DATA_DIR/hub.lock), so no lock.
 */
export async function migrate(orm: MikroORM, serverUrl: string | null): Promise<string[]> {
  if (!serverUrl) return (await orm.migrator.up()).map((m) => m.name);
  const lock = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return (await orm.migrator.up()).map((m) => m.name);
  } finally {
    // Closing the session releases the lock.
    await lock.end();
  }
}

/** The `pg` pool under MikroORM (for pool metrics). */
export function poolOf(orm: MikroORM): Promise<Pool> {
  return orm.em.getConnection().getNativeClient();
}
