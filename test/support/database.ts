import crypto from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests run against: DATABASE_URL's server (CI sets it), else the local one. */
export function serverUrl(database = 'postgres'): string {
  const url = new URL(process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database on the server, dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `lt_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  return {
    name,
    url: serverUrl(name),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/**
 * How many other sessions of `client`'s database wait on a lock. pg_stat_activity is a snapshot taken at a
 * transaction's first look at it, so a test that holds a lock in a transaction and polls from it would keep seeing
 * the moment before its request arrived (a flaky wait under load): the snapshot is cleared before each look.
 */
export async function lockWaiters(client: pg.Client): Promise<number> {
  await client.query('select pg_stat_clear_snapshot()');
  const result = await client.query(
    "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
  );
  return Number(result.rows[0].n);
}
