import type { EntityManager } from '@mikro-orm/postgresql';
import { knownAgencyCodes } from '../agency/agency.queries.js';
import { apiKeyByPrefix, insertApiKey, listApiKeyRows, revokeApiKeyRow } from './auth.queries.js';
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
  const row = await apiKeyByPrefix(em, parsed.prefix);
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
    const found = await knownAgencyCodes(em, input.agencyCodes);
    const missing = input.agencyCodes.filter((c) => !found.has(c));
    if (missing.length) throw new Error(`no agency has the code ${missing.join(', ')}`);
  }
  const { key, prefix, secretHash } = generateApiKey();
  const id = await insertApiKey(em, { name: input.name.trim(), prefix, secretHash, role: input.role, agencyCodes: input.agencyCodes });
  return { id, key };
}

export function revokeApiKey(em: EntityManager, id: number): Promise<boolean> {
  return revokeApiKeyRow(em, id);
}

export function listApiKeys(em: EntityManager) {
  return listApiKeyRows(em);
}
