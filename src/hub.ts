import 'reflect-metadata';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import type { AppConfig } from './config.js';
import { isNewDataFolder, usableSnapshot } from './db/embedded-snapshot.js';
import { openDatabase, type OpenedDatabase } from './db/open-database.js';
import { ENTITIES } from './modules/entities.js';
import { migrate, poolOf } from './db/orm.js';
import { rateLimitConnection, rateLimitOnPool, type RateLimitStore } from './db/rate-limit-store.js';
import { createLogger, type Logger } from './logger.js';
import { loadSeeds, type SeedReport } from './seed/load-seeds.js';
import { StatusChangeListener } from './subscriptions/status-listener.js';
import { createReadCaches, dataChanged, type ReadCaches } from './cache/caches.js';
import { aroundStatements } from './db/statement-hook.js';
import { startTracing, type Tracing } from './ops/tracing.js';
import { ReplicaSet } from './db/replicas.js';

/** What every user of the database gets: the hub serving the API and the command-line tools alike. */
export interface HubCore {
  config: AppConfig;
  logger: Logger;
  orm: MikroORM;
  seedReport: SeedReport | null;
  /** Where changes go ("the PostgreSQL server", "the running hub (process 123) on ./data", ...), for a tool's output. */
  through: string;
  /** Closes the database (and the embedded database and its lock, when this process opened them). */
  stop(): Promise<void>;
}

/** The hub that serves the API: its database plus what requests share. No HTTP, no GraphQL (src/server does that). */
export interface Hub extends HubCore {
  /** The `pg` pool under the ORM, and its size (metrics, readiness). */
  pool: Pool;
  poolMax: number;
  /** The process's one LISTEN connection: live updates for subscriptions, data changes for the read caches. */
  listener: StatusChangeListener;
  caches: ReadCaches;
  /** Where the rate limiter shares its counters (src/server/rate-limit.ts). */
  rateLimitStore: RateLimitStore;
  /** OpenTelemetry, when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/ops/tracing.ts); null: off, nothing loaded. */
  tracing: Tracing | null;
  /** The read replicas of DATABASE_REPLICA_URLS (src/db/replicas.ts); null: every statement on the primary. */
  replicas: ReplicaSet | null;
}

export interface HubOptions {
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** Seed folder (tests point it at broken copies). */
  seedDir?: string;
}

/** The one slow start (a new DATA_DIR) says what it is doing before it does it. */
function announceNewDataFolder(config: AppConfig, logger: Logger): void {
  if (config.databaseUrl || !isNewDataFolder(path.join(config.dataDir, 'pg'))) return;
  const snapshot = config.embeddedSnapshotDir && usableSnapshot(config.embeddedSnapshotDir);
  logger.info(
    snapshot
      ? 'first start: creating the embedded database from the prepared snapshot, then checking migrations and seed data (a few seconds)'
      : 'first start: creating the embedded database, applying migrations and loading the seed data (about 20-60 s; `npm run snapshot` prepares a faster start)',
    { dataDir: config.dataDir },
  );
}

/** Migrations, then the seed files when `seed`; the database is closed again when either fails. */
async function prepare(database: OpenedDatabase, logger: Logger, seed: boolean, seedDir?: string): Promise<SeedReport | null> {
  try {
    const applied = await migrate(database.orm, typeof database.connection === 'string' ? database.connection : null);
    if (applied.length) logger.info('migrations applied', { applied });
    if (!seed) return null;
    const report = await loadSeeds(database.orm.em.fork(), seedDir);
    logger.info(report.loaded ? 'seed data loaded' : 'seed data unchanged', { ...report.counts });
    return report;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** The read replicas' pools (traced like the primary's), when DATABASE_REPLICA_URLS lists any. */
function startReplicas(config: AppConfig, pool: Pool, logger: Logger, tracing: Tracing | null, onQuery?: (sql: string) => void): ReplicaSet | null {
  if (!config.databaseUrl || !config.databaseReplicaUrls.length) return null;
  const replicas = new ReplicaSet({
    primaryPool: pool,
    urls: config.databaseReplicaUrls,
    checkIntervalMs: config.replicaCheckIntervalMs,
    maxLagMs: config.replicaMaxLagMs,
    logger,
    onQuery,
  });
  if (tracing) for (const replica of replicas.replicas) aroundStatements(replica.pool, tracing.statement);
  return replicas;
}

/**
 * Boots the hub: database (embedded PGlite unless DATABASE_URL is set), migrations, seed data (SEED_ON_START), the
 * LISTEN connection, the read caches and the rate limiter's store. `createServer` (src/server) puts the API on it.
 */
export async function createHub(config: AppConfig, options: HubOptions = {}): Promise<Hub> {
  const tracing = await startTracing(config);
  const logger = createLogger(config.logLevel, tracing?.logFields);
  announceNewDataFolder(config, logger);
  const database = await openDatabase(config, { entities: ENTITIES, onQuery: options.onQuery });
  if (database.embedded) logger.info('embedded PostgreSQL (PGlite) started', { dataDir: config.dataDir, created: database.embedded.created });
  const seedReport = await prepare(database, logger, config.seedOnStart, options.seedDir);
  const { orm, connection, embedded } = database;
  const pool = await poolOf(orm);
  // Each SQL statement of a traced request is a span.
  if (tracing) aroundStatements(pool, tracing.statement);
  // MikroORM already keeps a dropped idle connection from crashing the process; this makes the loss visible in the logs.
  pool.on('error', (error) => logger.warn('database connection lost', { error: error.message }));
  // On a server the limiter has a connection of its own (flushes never wait behind requests in a full pool); the
  // embedded database has one backend, so its pool.
  const rateLimitStore =
    config.rateLimitPerMinute > 0 && typeof connection === 'string'
      ? rateLimitConnection(connection, config.dbPoolWaitMs, logger)
      : rateLimitOnPool(pool);
  const listener = new StatusChangeListener({
    database: connection,
    embedded: !!embedded,
    embeddedNotifications: embedded?.onNotification,
    orm,
    logger,
  });
  const caches = createReadCaches(() => config.readCache && listener.listening);
  listener.onDataChanged((table) => dataChanged(caches, table));
  const replicas = startReplicas(config, pool, logger, tracing, options.onQuery);
  try {
    await Promise.all([listener.start(), replicas?.start()]);
  } catch (error) {
    await replicas?.stop();
    await rateLimitStore.close();
    await database.close();
    throw error;
  }
  return {
    config,
    logger,
    orm,
    seedReport,
    through: database.through,
    pool,
    poolMax: database.poolMax,
    listener,
    caches,
    rateLimitStore,
    tracing,
    replicas,
    async stop() {
      await listener.stop();
      await replicas?.stop();
      await rateLimitStore.close();
      await database.close();
      // The spans still buffered are sent before the process ends.
      await tracing?.shutdown();
    },
  };
}

/**
 * The hub of a command-line tool (`npm run keys`, `import`, `seed`): the database alone, no LISTEN, no caches, no
 * HTTP. On the embedded database it goes through the running hub's socket when one holds DATA_DIR (that hub has
 * migrated and seeded it); otherwise it migrates, and with `seed` loads the seed files when SEED_ON_START allows it.
 */
export async function openToolHub(config: AppConfig, tool: string, options: { seed?: boolean } = {}): Promise<HubCore> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, { entities: ENTITIES, tool });
  const seedReport = database.ownedHere ? await prepare(database, logger, !!options.seed && config.seedOnStart) : null;
  return { config, logger, orm: database.orm, seedReport, through: database.through, stop: () => database.close() };
}
