import pg from 'pg';
import type { Logger } from '../logger.js';

/** Runs one statement with `$n` parameters (a `pg` pool's `query`). */
export type Query = (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Where the rate limiter's shared counters are read and written (src/server/rate-limit.ts). */
export interface RateLimitStore {
  query: Query;
  close(): Promise<void>;
}

/** `application_name` of the limiter's connection (pg_stat_activity). */
export const RATE_LIMIT_APPLICATION_NAME = 'lien-thong-rate-limit';

/**
 * The limiter's own connection to a PostgreSQL server (one, opened on demand and closed when idle), so its flushes
 * never queue behind requests in a full pool: the counters stay shared when the hub is busiest. `close()` ends it.
 */
export function rateLimitConnection(databaseUrl: string, connectTimeoutMs: number, logger: Logger): RateLimitStore {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 1,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
    application_name: RATE_LIMIT_APPLICATION_NAME,
    statement_timeout: 5_000,
    options: '-c jit=off',
  });
  // An idle connection that drops must not crash the process; the next flush opens a new one.
  pool.on('error', (error) => logger.debug('rate limit connection lost', { error: error.message }));
  return { query: (text, values) => pool.query(text, values), close: () => pool.end() };
}

/** The embedded database has one backend: the limiter shares the hub's pool (`pg` pool of the ORM). */
export function rateLimitOnPool(pool: pg.Pool): RateLimitStore {
  return { query: (text, values) => pool.query(text, values), close: async () => undefined };
}
