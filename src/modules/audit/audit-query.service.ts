import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ForbiddenError } from '../../errors.js';
import { fromGlobalId, toGlobalId, type NodeTypeName } from '../../graphql/node.js';
import { pageRequest, toPage } from '../../graphql/pagination.js';
import { rememberSortKey, type PageOrder } from '../../db/paging.js';
import type { AuditPageArgs } from '../list-orders.js';
import { requireWriter } from '../auth/authorize.js';
import DataLoader from 'dataloader';
import { AUDIT_ORDER, auditPage, auditRowsByIds, type AuditConditions, type AuditRow } from './audit.queries.js';
import { AuditEntry, type AuditEntryConnection, type AuditFilter } from './audit.types.js';

/** The log's default order. */
const NEWEST_FIRST: PageOrder = { field: 'AT', key: AUDIT_ORDER.AT, descending: true };

/**
 * The audit log, newest first. Admins read all of it; editors read the changes made with their own key; readers
 * and anonymous callers are refused.
 */
export async function auditLog(ctx: RequestContext, filter: AuditFilter | null | undefined, args: AuditPageArgs): Promise<AuditEntryConnection> {
  const principal = requireWriter(ctx);
  const conditions: AuditConditions = {
    apiKeyIds: [],
    entityType: filter?.entityType,
    entityKey: filter?.entityKey,
    action: filter?.action,
    from: filter?.from,
    to: filter?.to,
  };
  if (principal.role !== 'admin') {
    if (filter?.apiKeyId != null && filter.apiKeyId !== principal.keyId)
      throw new ForbiddenError('An editor key reads only its own changes in the audit log.');
    conditions.apiKeyIds.push(principal.keyId);
  }
  if (filter?.apiKeyId != null) conditions.apiKeyIds.push(filter.apiKeyId);
  if (filter?.entityId) {
    const decoded = fromGlobalId(filter.entityId);
    if (!decoded) throw new BadUserInputError(`"${filter.entityId}" is not a global id.`, 'filter.entityId');
    conditions.entity = decoded;
  }
  const request = pageRequest(args, AUDIT_ORDER, NEWEST_FIRST);
  const { rows, beyondCursor, total } = await auditPage(ctx.em, conditions, request);
  const items = rows.map((r) => {
    const entry = auditEntryOf(r);
    rememberSortKey(entry, r.sort__);
    return entry;
  });
  const page = toPage({ items, request, beyondCursor, count: async () => total });
  return { edges: page.edges, nodes: page.nodes, pageInfo: page.pageInfo, totalCount: total };
}

/** An audit record as the API serves it. */
function auditEntryOf(r: AuditRow): AuditEntry {
  return Object.assign(Object.create(AuditEntry.prototype) as AuditEntry, {
    dbId: Number(r.id),
    at: new Date(String(r.at)),
    actor: String(r.actor),
    apiKeyId: r.api_key_id == null ? null : Number(r.api_key_id),
    action: String(r.action),
    entityType: String(r.entity_type),
    entityId: r.entity_id == null ? null : toGlobalId(r.entity_type as NodeTypeName, Number(r.entity_id)),
    entityKey: (r.entity_key as string | null) ?? null,
    changes: r.changes as Record<string, unknown>,
    requestId: (r.request_id as string | null) ?? null,
  });
}

/**
 * Audit records by id for `node`/`nodes`, with the rights of `auditLog`: refused to readers and anonymous callers;
 * an editor sees only the records of its own key (others answer null, as if absent). One statement per batch.
 */
export function auditEntryLoader(ctx: RequestContext): DataLoader<number, AuditEntry | null> {
  return new DataLoader(async (ids) => {
    const principal = requireWriter(ctx);
    const rows = await auditRowsByIds(ctx.em, ids);
    const visible = rows.filter((r) => principal.role === 'admin' || Number(r.api_key_id) === principal.keyId);
    const byId = new Map(visible.map((r) => [Number(r.id), auditEntryOf(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
