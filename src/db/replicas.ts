import pg, { type Pool, type PoolConfig } from 'pg';
import { errorFields, type Logger } from '../logger.js';
import { isDatabaseBusyError, isDatabaseConnectionError } from './db-errors.js';
import { runDirect, type DirectReads } from './direct-reads.js';
import { lagMs, parseLsn, PrimaryHistory } from './wal-position.js';

/** `application_name` of the replicas' pooled connections, so operators (and tests) find them in pg_stat_activity. */
export const REPLICA_APPLICATION_NAME = 'lien-thong-replica';

/** How long a client's mutation keeps its reads off replicas that have not replayed it, at most. */
export const READ_YOUR_WRITES_MS = 60_000;
/** Clients remembered at once for read-your-writes (the oldest are forgotten first). */
const MAX_WRITERS = 100_000;

export interface ReplicaOptions {
  /** The primary's pool: its pg options (type parsers, statement_timeout, jit off, timeouts) are copied. */
  primaryPool: Pool;
  urls: readonly string[];
  checkIntervalMs: number;
  maxLagMs: number;
  logger: Logger;
  onQuery?: (sql: string) => void;
}

/** One streaming replica as the health checker last saw it. */
export interface Replica {
  /** host:port/database (never the password). */
  name: string;
  pool: Pool;
  reads: DirectReads;
  healthy: boolean;
  /** pg_last_wal_replay_lsn() at the last check (null: never read). */
  replayLsn: bigint | null;
  lagMs: number | null;
  /** Why it is out of rotation. */
  problem: string | null;
}

export interface ReplicaStatus {
  name: string;
  healthy: boolean;
  lagMs: number | null;
  problem: string | null;
}

function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}

/** A pool like the primary's (same type parsers, startup options and timeouts) on a replica. */
function replicaPool(primary: Pool, url: string): Pool {
  const o = primary.options as PoolConfig & { options?: string; statement_timeout?: number };
  const pool = new pg.Pool({
    connectionString: url,
    application_name: REPLICA_APPLICATION_NAME,
    min: 0,
    max: o.max,
    idleTimeoutMillis: o.idleTimeoutMillis,
    connectionTimeoutMillis: o.connectionTimeoutMillis,
    keepAlive: true,
    ...(o.types ? { types: o.types } : {}),
    ...(o.statement_timeout ? { statement_timeout: o.statement_timeout } : {}),
    ...(o.options ? { options: o.options } : {}),
  });
  // A replica that stops takes its connections with it, idle or running a statement: that must not crash the process
  // (the statement fails and is retried on the primary; the health check notices).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Whether the primary should answer a statement that failed on a replica: 'down' when the replica is gone (it leaves
 * the rotation), 'once' when only this statement could not run there (its pool stayed full, replay cancelled it, or
 * it tried to write: a replica is read-only); null: a real error of the statement, the client's to see.
 */
function replicaFailure(error: unknown): 'down' | 'once' | null {
  const code = (error as { code?: string })?.code;
  if (isDatabaseBusyError(error) || code === '40001' || code === '25006') return 'once';
  if (isDatabaseConnectionError(error) || code === '57P04') return 'down';
  return null;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The streaming replicas of DATABASE_REPLICA_URLS: a pool each, a health check every REPLICA_CHECK_INTERVAL_MS,
 * round robin among the healthy ones, and what read-your-writes needs (the primary's WAL position after a client's
 * mutation). A replica is healthy while it answers, is in recovery (still following the primary) and is at most
 * REPLICA_MAX_LAG_MS behind; a statement that fails on it takes it out at once (and runs on the primary).
 */
export class ReplicaSet {
  readonly replicas: Replica[];
  /** Statements of read-only requests by where they ran. */
  readonly routed = { primary: 0, replica: 0 };
  private readonly history = new PrimaryHistory();
  private readonly writers = new Map<string, { lsn: bigint; at: number }>();
  private next = 0;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(private readonly options: ReplicaOptions) {
    this.replicas = options.urls.map((url) => {
      const pool = replicaPool(options.primaryPool, url);
      const reads = { pool, named: true, onQuery: options.onQuery };
      return { name: replicaName(url), pool, reads, healthy: false, replayLsn: null, lagMs: null, problem: 'not checked yet' };
    });
  }

  /** The first check (so a healthy replica serves from the first request), then one every interval. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  /** One round of health checks (a round still running is not doubled). */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const timeout = Math.max(1_000, 2 * this.options.checkIntervalMs);
    try {
      this.history.add(await withTimeout(this.primaryLsn(), timeout));
    } catch {
      // The primary's outage is reported by /readyz; lags are measured against its last known position meanwhile.
    }
    await Promise.all(this.replicas.map((replica) => this.checkOne(replica, timeout)));
    this.forgetWriters();
  }

  private async checkOne(replica: Replica, timeout: number): Promise<void> {
    try {
      const [row] = await withTimeout(
        runDirect(replica.reads, 'select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as lsn', []),
        timeout,
      );
      if (!row.recovery) return this.setHealth(replica, 'not in recovery: it no longer follows the primary (promoted?)');
      replica.replayLsn = parseLsn(String(row.lsn));
      replica.lagMs = lagMs(this.history, replica.replayLsn);
      if (replica.lagMs === null || replica.lagMs > this.options.maxLagMs)
        return this.setHealth(replica, `replay lags more than REPLICA_MAX_LAG_MS (${this.options.maxLagMs} ms)`);
      this.setHealth(replica, null);
    } catch (error) {
      // Its replay position is kept: it only grows, so an old reading never sends a client to a replica too early.
      replica.lagMs = null;
      this.setHealth(replica, `health check failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  private setHealth(replica: Replica, problem: string | null): void {
    const healthy = problem === null;
    if (healthy !== replica.healthy) {
      if (healthy) this.options.logger.info('read replica in rotation', { replica: replica.name });
      else this.options.logger.warn('read replica out of rotation', { replica: replica.name, problem });
    }
    replica.healthy = healthy;
    replica.problem = problem;
  }

  /** The primary's current WAL position. */
  async primaryLsn(): Promise<bigint> {
    const result = await this.options.primaryPool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    return parseLsn(result.rows[0].lsn);
  }

  /**
   * The next healthy replica (round robin) that has replayed `minLsn` (a client's last mutation), at its last
   * check; null: the primary.
   */
  pick(minLsn: bigint | null): Replica | null {
    const count = this.replicas.length;
    for (let i = 0; i < count; i++) {
      const replica = this.replicas[(this.next + i) % count];
      if (!replica.healthy || (minLsn !== null && (replica.replayLsn ?? -1n) < minLsn)) continue;
      this.next = (this.next + i + 1) % count;
      return replica;
    }
    return null;
  }

  /** Notes that `subject`'s mutation has committed: its reads wait for replicas to replay it. */
  async wrote(subject: string | null): Promise<void> {
    if (subject === null) return;
    let lsn: bigint;
    try {
      lsn = await this.primaryLsn();
    } catch (error) {
      // Position unknown: the primary answers this client until the entry is forgotten.
      this.options.logger.warn('read replicas: could not read the primary WAL position after a mutation', errorFields(error));
      lsn = 2n ** 64n;
    }
    this.writers.delete(subject);
    this.writers.set(subject, { lsn, at: Date.now() });
    if (this.writers.size > MAX_WRITERS) this.writers.delete(this.writers.keys().next().value!);
  }

  /** The WAL position `subject`'s reads must see (its last mutation), or null. */
  writtenBy(subject: string | null): bigint | null {
    return subject === null ? null : (this.writers.get(subject)?.lsn ?? null);
  }

  /**
   * Entries every replica has replayed are of no use any more; nor are those older than READ_YOUR_WRITES_MS (or the
   * longest lag a replica in rotation may have, when longer): every replica in rotation has replayed them by then.
   */
  private forgetWriters(): void {
    const { maxLagMs, checkIntervalMs } = this.options;
    const oldest = Date.now() - Math.max(READ_YOUR_WRITES_MS, maxLagMs + 2 * checkIntervalMs);
    for (const [subject, { lsn, at }] of this.writers) {
      if (at < oldest || this.replicas.every((r) => r.replayLsn !== null && r.replayLsn >= lsn)) this.writers.delete(subject);
    }
  }

  /** Runs a statement on `replica`; when the replica fails it leaves the rotation and the primary answers. */
  async runOn<T>(replica: Replica, text: string, params: readonly unknown[], onPrimary: () => Promise<T>): Promise<T> {
    try {
      const rows = (await runDirect(replica.reads, text, params)) as T;
      this.routed.replica++;
      return rows;
    } catch (error) {
      const failure = replicaFailure(error);
      if (!failure) throw error;
      if (failure === 'down') this.setHealth(replica, `a statement failed: ${(error as Error).message.split('\n')[0]}`);
      this.routed.primary++;
      return onPrimary();
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ name, healthy, lagMs, problem }) => ({ name, healthy, lagMs, problem }));
  }
}
