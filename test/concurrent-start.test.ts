import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createHub, type Hub } from '../src/hub.js';
import { createTestDatabase } from './support/database.js';

/**
 * Replicas started at the same moment on one empty database (compose, a rolling deployment, a supervisor restarting
 * every process at once): migrations are serialised by an advisory lock, so each is applied once and every hub starts.
 */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('hubs starting together on one empty database', () => {
  it('all start: migrations applied once, by one of them; the seed loaded', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const config = loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' });
    const results = await Promise.allSettled([createHub(config), createHub(config), createHub(config)]);
    const hubs = results.filter((r): r is PromiseFulfilledResult<Hub> => r.status === 'fulfilled').map((r) => r.value);
    for (const hub of hubs) cleanups.push(() => hub.stop());
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const migrations = await client.query('select name, count(*)::int as n from mikro_orm_migrations group by name');
      expect(migrations.rows.length).toBeGreaterThanOrEqual(5);
      expect(migrations.rows.every((row) => row.n === 1)).toBe(true);
      const agencies = await client.query('select count(*)::int as n from agency');
      expect(agencies.rows[0].n).toBeGreaterThan(3000);
    } finally {
      await client.end();
    }
  }, 120_000);
});
