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
