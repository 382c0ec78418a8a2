import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ForbiddenError } from '../../errors.js';
import { fromGlobalId, toGlobalId, type NodeTypeName } from '../../graphql/node.js';
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from '../../graphql/pagination.js';
import { requireWriter } from '../auth/authorize.js';
import { auditPage, type AuditConditions } from './audit.queries.js';
import type { AuditEntryConnection, AuditFilter } from './audit.types.js';

const CURSOR = 'a1:';

/**
 * The audit log, newest first. Admins read all of it; editors read the changes made with their own key; readers
 * and anonymous callers are refused.
 */
export async function auditLog(ctx: RequestContext, filter: AuditFilter | null | undefined, args: PageArgs): Promise<AuditEntryConnection> {
  const principal = requireWriter(ctx);
  const first = pageSize(args.first);
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
  let before = Number.MAX_SAFE_INTEGER;
  if (args.after) {
    const id = decodeCursor(args.after, CURSOR, 19);
    if (id === null) throw new BadUserInputError('"after" is not an audit-log cursor.', 'after');
    before = id;
  }
  const { rows, total } = await auditPage(ctx.em, conditions, before, first + 1);
  const page = rows.slice(0, first);
  const cursor = (id: unknown) => encodeCursor(String(id), CURSOR);
  return {
    nodes: page.map((r) => ({
      id: String(r.id),
      at: new Date(String(r.at)),
      actor: String(r.actor),
      apiKeyId: r.api_key_id == null ? null : Number(r.api_key_id),
      action: String(r.action),
      entityType: String(r.entity_type),
      entityId: r.entity_id == null ? null : toGlobalId(r.entity_type as NodeTypeName, Number(r.entity_id)),
      entityKey: (r.entity_key as string | null) ?? null,
      changes: r.changes as Record<string, unknown>,
      requestId: (r.request_id as string | null) ?? null,
    })),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: !!args.after,
      startCursor: page.length ? cursor(page[0].id) : null,
      endCursor: page.length ? cursor(page[page.length - 1].id) : null,
    },
    totalCount: total,
  };
}
