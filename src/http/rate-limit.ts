import type { MikroORM } from '@mikro-orm/postgresql';
import { RateLimitedError } from '../graphql/errors.js';

/**
 * Fixed one-minute windows counted in PostgreSQL (`rate_limit_window`), so every hub process on the same database
 * shares the counters and answers alike. One statement per request: the upsert that counts the hit, which also
 * deletes windows older than a minute on about 1 request in 100 (an uncorrelated `random()` is evaluated once per
 * statement, so the other 99 skip the delete without scanning). Time comes from the database clock, so processes
 * with skewed clocks still agree on the window.
 */
const HIT_SQL = `with cleanup as (
    delete from rate_limit_window
    where window_start < date_trunc('minute', now()) - interval '1 minute' and (select random()) < 0.01
  )
  insert into rate_limit_window as w (subject, window_start, hits) values (?, date_trunc('minute', now()), 1)
  on conflict (subject, window_start) do update set hits = w.hits + 1
  returning w.hits, ceil(extract(epoch from w.window_start + interval '1 minute' - now()))::int as retry_after`;

export interface RateLimiter {
  /**
   * Counts one request of `subject` ("key:<id>" for an API key, "ip:<address>" without one); throws
   * RateLimitedError (HTTP 429, `retry-after`) past the limit.
   */
  hit(subject: string, keyed: boolean): Promise<void>;
}

export function createRateLimiter(orm: MikroORM, perMinute: number): RateLimiter {
  return {
    async hit(subject, keyed) {
      if (perMinute <= 0) return;
      const [row] = await orm.em.getConnection().execute<{ hits: number; retry_after: number }[]>(HIT_SQL, [subject]);
      if (Number(row.hits) > perMinute) throw new RateLimitedError(perMinute, Math.max(1, Number(row.retry_after)), keyed);
    },
  };
}

/**
 * The client's address: the socket's peer, or with `trustProxy` = N the address N proxies back in
 * `x-forwarded-for` (entries further left are written by the client and could be forged).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const peer = socketAddress ?? 'unknown';
  if (trustProxy <= 0 || !forwardedFor) return peer;
  const chain = [...(Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((s) => s.trim()).filter(Boolean), peer];
  return chain[Math.max(0, chain.length - 1 - trustProxy)];
}
