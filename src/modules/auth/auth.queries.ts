import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, rowsOf, sql } from '../../db/sql.js';

/** An API key as stored for checking a presented key. */
export interface ApiKeyRow {
  id: number;
  name: string;
  role: string;
  agency_codes: string[];
  secret_hash: string;
  revoked_at: Date | null;
}

/** An API key as listed (never its secret). */
export interface ListedApiKey {
  id: number;
  name: string;
  role: string;
  agency_codes: string[];
  key: string;
  created_at: Date;
  revoked_at: Date | null;
}

export async function apiKeyByPrefix(em: EntityManager, prefix: string): Promise<ApiKeyRow | null> {
  const [row] = await rowsOf<ApiKeyRow>(em, sql`select id, name, role, agency_codes, secret_hash, revoked_at from api_key where prefix = ${prefix}`);
  return row ?? null;
}

export async function insertApiKey(
  em: EntityManager,
  key: { name: string; prefix: string; secretHash: string; role: string; agencyCodes: string[] },
): Promise<number> {
  // A text[] literal: codes are agency codes checked against the agency table, with any double quote dropped.
  const codes = `{${key.agencyCodes.map((c) => `"${c.replace(/"/g, '')}"`).join(',')}}`;
  const [row] = await execute(
    em,
    sql`insert into api_key (name, prefix, secret_hash, role, agency_codes)
    values (${key.name}, ${key.prefix}, ${key.secretHash}, ${key.role}, ${codes}::text[]) returning id`,
  );
  return Number(row.id);
}

/** Revokes a key that is not revoked yet; false when there is none. */
export async function revokeApiKeyRow(em: EntityManager, id: number): Promise<boolean> {
  return (await execute(em, sql`update api_key set revoked_at = now() where id = ${id} and revoked_at is null returning id`)).length > 0;
}

export function listApiKeyRows(em: EntityManager): Promise<ListedApiKey[]> {
  return rowsOf<ListedApiKey>(
    em,
    sql`select id, name, role, agency_codes, 'lt_' || prefix || '_…' as key, created_at, revoked_at from api_key order by id`,
  );
}
