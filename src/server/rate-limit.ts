import { RateLimitedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Query } from '../db/rate-limit-store.js';

/**
 * Fixed one-minute windows, counted per subject in PostgreSQL (`rate_limit_window`) so every hub process on the
 * same database shares the counters, but decided in memory so no request waits for the database:
 *
 * - each process counts its own hits at once, per subject and window, and decides every request from the last
 *   shared total it read plus the hits it has not sent yet (its own hits are never missed: one process alone is exact);
 * - every FLUSH_INTERVAL_MS one statement adds the unsent hits of every subject to the shared counters and reads
 *   back the totals of every subject this process has seen in the current window and not yet refused, so hits sent
 *   by other processes reach this one within two intervals plus the statement's time (README "Limits and protections");
 * - windows follow the database's clock (its offset from this process's clock is measured on every statement), so
 *   processes with skewed clocks still agree on them;
 * - when the database cannot be reached the hits stay in memory and are sent with the next statement that succeeds
 *   (a batch whose answer was lost may count twice: the error is toward refusing, never toward letting through).
 */
export const FLUSH_INTERVAL_MS = 100;

/**
 * One statement per flush: the unsent hits (possibly 0) of each subject are added, and the shared totals returned.
 * Rows with 0 hits are only read (a CTE's main query sees the table as it was before the insert, so the upserted
 * rows' new totals come from `returning`). Windows older than a minute are deleted on about 1 flush in 50.
 */
const FLUSH_SQL = `with batch as (
    select subject, to_timestamp(window_ms / 1000.0) as window_start, hits
    from unnest($1::text[], $2::float8[], $3::int[]) as t(subject, window_ms, hits)
  ),
  cleanup as (
    delete from rate_limit_window
    where window_start < date_trunc('minute', now()) - interval '1 minute' and (select random()) < 0.02
  ),
  added as (
    insert into rate_limit_window as w (subject, window_start, hits)
    select subject, window_start, hits from batch where hits > 0 order by window_start, subject
    on conflict (subject, window_start) do update set hits = w.hits + excluded.hits
    returning w.subject, w.window_start, w.hits
  )
  select b.subject, (extract(epoch from b.window_start) * 1000)::float8 as window_ms,
    coalesce(a.hits, r.hits, 0)::int as hits, (extract(epoch from clock_timestamp()) * 1000)::float8 as now_ms
  from batch b
  left join added a on a.subject = b.subject and a.window_start = b.window_start
  left join rate_limit_window r on r.subject = b.subject and r.window_start = b.window_start`;

/** Where a subject stands in the current window, as this process knows it (what `viewer.rateLimit` shows). */
export interface RateLimitStatus {
  limit: number;
  /** Requests left in the window after this one. */
  remaining: number;
  /** When the window ends (the database's clock). */
  resetAt: Date;
}

export interface RateLimiter {
  /**
   * Counts one request of `subject` ("key:<id>" for an API key, "ip:<address>" without one) and returns where the
   * subject stands (null when the limit is off); throws RateLimitedError (HTTP 429, `retry-after`) past the limit.
   * Never touches the database.
   */
  hit(subject: string, keyed: boolean): RateLimitStatus | null;
  /** Reads the database's clock once, so the first windows already follow it (never throws). */
  start(): Promise<void>;
  /** Sends the hits not sent yet (shutdown). */
  flush(): Promise<void>;
  /** Stops flushing, after a last flush. */
  stop(): Promise<void>;
}

interface Bucket {
  subject: string;
  window: number;
  /** The shared total read by the last flush (this process's hits sent up to then included). */
  shared: number;
  /** Hits in the flush statement now running. */
  sending: number;
  /** Hits not sent yet. */
  unsent: number;
}

export interface RateLimiterOptions {
  perMinute: number;
  query: Query;
  logger: Logger;
  flushIntervalMs?: number;
  /** Window length: one minute (`RATE_LIMIT_PER_MINUTE`); shorter only in tests. */
  windowMs?: number;
}

/** What the limiter knows between flushes, shared by its hits and its flush statements. */
interface Counters {
  /** By `${window} ${subject}`: a subject's hits of the last window can still be unsent when the next one starts. */
  buckets: Map<string, Bucket>;
  /** The database's clock minus this process's, in ms. */
  clockOffset: number;
  /** The last flush failed (so an outage is logged once, and its end too). */
  failing: boolean;
}

/** What this process knows of a subject's hits in a window: the shared total plus the hits not in it yet. */
const seen = (b: Bucket) => b.shared + b.sending + b.unsent;
const windowOf = (at: number, windowMs: number) => Math.floor(at / windowMs) * windowMs;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The buckets worth a row: hits to send, or a total still under the limit that other processes may have raised. */
function batch(buckets: Map<string, Bucket>, current: number, perMinute: number): Bucket[] {
  const rows: Bucket[] = [];
  for (const [key, b] of buckets) {
    if (b.window < current && b.unsent === 0) buckets.delete(key);
    else if (b.unsent > 0 || (b.window === current && seen(b) < perMinute)) rows.push(b);
  }
  // Always the same order: two processes upserting the same rows in different orders could deadlock.
  return rows.sort((x, y) => x.window - y.window || (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0));
}

/** Takes in the shared totals a flush read back, and the database's clock (measured at the statement's midpoint). */
function applyTotals(counters: Counters, rows: Record<string, unknown>[], sentAt: number, receivedAt: number): void {
  for (const row of rows) {
    const b = counters.buckets.get(`${Number(row.window_ms)} ${String(row.subject)}`);
    if (b) {
      b.shared = Math.max(b.shared + b.sending, Number(row.hits));
      b.sending = 0;
    }
    counters.clockOffset = Number(row.now_ms) - (sentAt + receivedAt) / 2;
  }
}

/** One flush statement: sends the unsent hits and reads the shared totals back; on failure the hits stay unsent. */
async function sendHits(counters: Counters, options: RateLimiterOptions & { windowMs: number }): Promise<void> {
  const { perMinute, query, logger, windowMs } = options;
  const rows = batch(counters.buckets, windowOf(Date.now() + counters.clockOffset, windowMs), perMinute);
  if (!rows.length) return;
  for (const b of rows) {
    b.sending = b.unsent;
    b.unsent = 0;
  }
  const sentAt = Date.now();
  try {
    const result = await query(FLUSH_SQL, [rows.map((b) => b.subject), rows.map((b) => b.window), rows.map((b) => b.sending)]);
    applyTotals(counters, result.rows, sentAt, Date.now());
    if (counters.failing) logger.info('rate limit counters reach the database again');
    counters.failing = false;
  } catch (error) {
    // Kept, and sent with the next flush; the decisions go on from what this process knows.
    for (const b of rows) {
      b.unsent += b.sending;
      b.sending = 0;
    }
    if (!counters.failing)
      logger.warn('rate limit counters cannot be sent to the database; counting in memory until they can', { error: messageOf(error) });
    counters.failing = true;
  }
}

/**
 * Runs `send` one at a time: `interval` after schedule() (a new hit), or at once on flush(); after each run it
 * schedules another while `pending()` says there is something to send. stop() ends it after a last flush.
 */
function createFlushLoop(send: () => Promise<void>, interval: number, enabled: boolean, pending: () => boolean) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function schedule(): void {
    if (timer || running || stopped || !enabled) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, interval);
    timer.unref();
  }

  function flush(): Promise<void> {
    if (!enabled) return Promise.resolve();
    if (running) return running.then(() => flush());
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    running = send().finally(() => {
      running = null;
      if (pending()) schedule();
    });
    return running;
  }

  async function stop(): Promise<void> {
    await flush();
    stopped = true;
    if (timer) clearTimeout(timer);
    timer = null;
  }

  return { schedule, flush, stop };
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { perMinute, query, logger } = options;
  const windowMs = options.windowMs ?? 60_000;
  const counters: Counters = { buckets: new Map(), clockOffset: 0, failing: false };
  const now = () => Date.now() + counters.clockOffset;
  const loop = createFlushLoop(
    () => sendHits(counters, { ...options, windowMs }),
    options.flushIntervalMs ?? FLUSH_INTERVAL_MS,
    perMinute > 0,
    () => counters.buckets.size > 0,
  );

  return {
    hit(subject, keyed) {
      if (perMinute <= 0) return null;
      const at = now();
      const window = windowOf(at, windowMs);
      const key = `${window} ${subject}`;
      let b = counters.buckets.get(key);
      if (!b) counters.buckets.set(key, (b = { subject, window, shared: 0, sending: 0, unsent: 0 }));
      // Every request counts, refused ones too (as before: a client hammering past the limit stays refused).
      b.unsent++;
      loop.schedule();
      if (seen(b) > perMinute) throw new RateLimitedError(perMinute, Math.max(1, Math.ceil((window + windowMs - at) / 1000)), keyed);
      return { limit: perMinute, remaining: perMinute - seen(b), resetAt: new Date(window + windowMs) };
    },
    async start() {
      if (perMinute <= 0) return;
      const sentAt = Date.now();
      try {
        const { rows } = await query('select (extract(epoch from clock_timestamp()) * 1000)::float8 as now_ms', []);
        counters.clockOffset = Number(rows[0].now_ms) - (sentAt + Date.now()) / 2;
      } catch (error) {
        // Not fatal: this process's clock serves until the first flush reads the database's.
        logger.warn('rate limiter could not read the database clock', { error: messageOf(error) });
      }
    },
    flush: loop.flush,
    stop: loop.stop,
  };
}

/**
 * The client's address: the socket's peer, or with `trustProxy` = N the address N proxies back in
 * `x-forwarded-for` (entries further left are written by the client and could be forged).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const peer = socketAddress ?? 'unknown';
  if (trustProxy <= 0 || !forwardedFor) return peer;
  const chain = [
    ...(Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  return chain[Math.max(0, chain.length - 1 - trustProxy)];
}
