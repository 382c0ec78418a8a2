import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { actorName } from '../auth/principal.js';

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields that differ between two versions of a row, as { field: { from, to } }. */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown>, fields: string[]): Changes {
  const changes: Changes = {};
  for (const field of fields) {
    const from = before?.[field] ?? null;
    const to = after[field] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId: number | null;
  entityKey: string | null;
  changes: Changes;
}

/** Writes one audit record in the caller's transaction: who, when, what changed from -> to. */
export async function audit(em: EntityManager, ctx: RequestContext, entry: AuditEntryInput): Promise<void> {
  await execute(em, `insert into audit_log (api_key_id, actor, action, entity_type, entity_id, entity_key, changes, request_id)
    values (?, ?, ?, ?, ?, ?, ?::jsonb, ?)`,
  [ctx.principal?.keyId ?? null, actorName(ctx.principal), entry.action, entry.entityType, entry.entityId, entry.entityKey,
    JSON.stringify(entry.changes), ctx.requestId]);
}
