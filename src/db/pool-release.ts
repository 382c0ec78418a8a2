import type { Pool, PoolClient } from 'pg';

type Release = PoolClient['release'];

/**
 * Kysely 0.29 hands a transaction's connection back to the pool only when its COMMIT or ROLLBACK succeeds
 * (kysely-org/kysely#1990, open): a connection lost in the middle of a write stayed checked out for good, and after
 * DB_POOL_SIZE writes caught by an outage the hub answered DATABASE_BUSY until it was restarted. Here a pooled
 * connection that ends while checked out is handed back as broken (the pool drops it and opens a new one on
 * demand), and its holder's own release, if it comes later, does nothing.
 */
export function releaseLostConnections(pool: Pool): void {
  const watched = new WeakSet<PoolClient>();
  // 'acquire' comes just before pg-pool sets the client's `release` (and also for clients opened before this ran).
  pool.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    let release: Release | undefined;
    let checkedOut = false;
    // pg-pool assigns a fresh `release` to the client each time it is checked out.
    Object.defineProperty(client, 'release', {
      configurable: true,
      get: () => release,
      set: (fromPool: Release) => {
        checkedOut = true;
        let done = false;
        release = (error) => {
          if (done) return;
          done = true;
          checkedOut = false;
          fromPool(error);
        };
      },
    });
    client.on('end', () => {
      if (checkedOut) release?.(new Error('the database connection was lost while in use'));
    });
  });
}
