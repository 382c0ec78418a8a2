import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../db/sql.js';
import { generateApiKey, parseApiKey, ROLES, sameHash, hashSecret, type Role } from './api-key.js';
import type { Principal } from './principal.js';

export class InvalidApiKeyError extends Error {}

/** Reads the key from `Authorization: Bearer <key>` or `x-api-key`; null when none is sent. */
export function apiKeyFromHeaders(headers: { get(name: string): string | undefined | null }): string | null {
  const authorization = headers.get('authorization');
  if (authorization) return /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? authorization.trim();
  return headers.get('x-api-key')?.trim() || null;
}

/** The principal of a presented key; throws InvalidApiKeyError for an unknown, malformed or revoked key. */
export async function principalForKey(em: EntityManager, key: string): Promise<Principal> {
  const parsed = parseApiKey(key);
  if (!parsed) throw new InvalidApiKeyError('The API key is malformed: keys look like lt_<12 hex>_<secret>.');
  const [row] = await execute(em, 'select id, name, role, agency_codes, secret_hash, revoked_at from api_key where prefix = ?', [parsed.prefix]);
  if (!row || !sameHash(String(row.secret_hash), hashSecret(parsed.secret))) throw new InvalidApiKeyError('The API key is not valid.');
  if (row.revoked_at) throw new InvalidApiKeyError('The API key has been revoked.');
  return { keyId: Number(row.id), name: String(row.name), role: row.role as Role, agencyCodes: row.agency_codes as string[] };
}

export interface CreatedKey {
  id: number;
  key: string;
}

/** Creates a key; returns the plain key, which is never stored and cannot be shown again. */
export async function createApiKey(em: EntityManager, input: { name: string; role: string; agencyCodes: string[] }): Promise<CreatedKey> {
  if (!input.name.trim()) throw new Error('--name must not be empty');
  if (!(ROLES as readonly string[]).includes(input.role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  if (input.role === 'editor' && input.agencyCodes.length === 0) throw new Error('an editor key needs at least one --agency code');
  if (input.role !== 'editor' && input.agencyCodes.length > 0) throw new Error('only editor keys are scoped to agencies');
  if (input.agencyCodes.length) {
    const found = await execute(em, 'select distinct code from agency where code in (?)', [input.agencyCodes]);
    const missing = input.agencyCodes.filter((c) => !found.some((r) => r.code === c));
    if (missing.length) throw new Error(`no agency has the code ${missing.join(', ')}`);
  }
  const { key, prefix, secretHash } = generateApiKey();
  const [row] = await execute(em, `insert into api_key (name, prefix, secret_hash, role, agency_codes) values (?, ?, ?, ?, ?::text[]) returning id`,
    [input.name.trim(), prefix, secretHash, input.role, `{${input.agencyCodes.map((c) => `"${c.replace(/"/g, '')}"`).join(',')}}`]);
  return { id: Number(row.id), key };
}

export async function revokeApiKey(em: EntityManager, id: number): Promise<boolean> {
  const rows = await execute(em, 'update api_key set revoked_at = now() where id = ? and revoked_at is null returning id', [id]);
  return rows.length > 0;
}

export async function listApiKeys(em: EntityManager) {
  return execute(em, `select id, name, role, agency_codes, 'lt_' || prefix || '_…' as key, created_at, revoked_at from api_key order by id`);
}
