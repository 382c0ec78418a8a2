import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, sql } from '../db/sql.js';

/** The seed's own table: the digest of each load, so an unchanged seed is not applied again. */

/** Serialises concurrent loaders (several hub processes starting on one database) until the transaction ends. */
export async function lockSeedLoad(em: EntityManager): Promise<void> {
  await execute(em, sql`select pg_advisory_xact_lock(7201107)`);
}

export async function lastSeedDigest(em: EntityManager): Promise<string | null> {
  const [row] = await execute(em, sql`select digest from seed_state order by id desc limit 1`);
  return (row?.digest as string | undefined) ?? null;
}

export async function recordSeedDigest(em: EntityManager, digest: string): Promise<void> {
  await execute(em, sql`insert into seed_state (digest) values (${digest})`);
}

const SEEDED_TABLES = [
  'source_document',
  'evidence',
  'agency',
  'agency_succession',
  'indicator',
  'information_system',
  'system_lifecycle_event',
  'connection',
  'connection_event',
  'observation',
  'task',
] as const;

/** Rows in each seeded table (the whole table, not only the seed's rows): a load report's counts, in one statement. */
export async function seededTableCounts(em: EntityManager): Promise<Record<string, number>> {
  const counts = SEEDED_TABLES.map((t) => sql.raw(`(select count(*)::int from ${t}) as ${t}`));
  const [row] = await execute(em, sql`select ${sql.join(counts)}`);
  return Object.fromEntries(SEEDED_TABLES.map((t) => [t, Number(row[t])]));
}
