import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../api/context.js';
import { actorName } from '../auth/principal.js';
import { insertAuditEntry, type Changes } from './audit.queries.js';

export type { Changes };

/** The fields that differ between two versions of a row, as { field: { from, to } }. */
export function diff(before: object | null, after: object, fields: string[]): Changes {
  const changes: Changes = {};
  const was = before as Record<string, unknown> | null;
  const is = after as Record<string, unknown>;
  for (const field of fields) {
    const from = was?.[field] ?? null;
    const to = is[field] ?? null;
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
  await insertAuditEntry(em, { ...entry, apiKeyId: ctx.principal?.keyId ?? null, actor: actorName(ctx.principal), requestId: ctx.requestId });
}
