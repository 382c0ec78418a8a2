import type { Pool, PoolClient } from 'pg';

/** Runs one statement (`run`) with something around it: tracing's span (src/ops/tracing.ts). */
export type AroundStatement = <T>(text: string, run: () => Promise<T>) => Promise<T>;

/**
 * Puts `around` around every statement the pool's connections run: every query of the ORM and of `execute()`
 * (src/db/sql.ts) reaches PostgreSQL through `client.query(text, values)` of a pooled connection. Cursors and
 * callback-style calls pass through untouched. Installed only when something needs it (tracing on).
 */
export function aroundStatements(pool: Pool, around: AroundStatement): void {
  const wrapped = new WeakSet<PoolClient>();
  // 'acquire' comes each time a connection is checked out, also for connections opened before this ran.
  pool.on('acquire', (client) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const [first] = args;
      const text = typeof first === 'string' ? first : (first as { text?: unknown; submit?: unknown } | null);
      if (typeof args[args.length - 1] === 'function') return query(...args);
      if (typeof text === 'string') return around(text, () => query(...args) as Promise<unknown>);
      if (text && typeof text.text === 'string' && typeof text.submit !== 'function')
        return around(text.text, () => query(...args) as Promise<unknown>);
      return query(...args);
    }) as PoolClient['query'];
  });
}
