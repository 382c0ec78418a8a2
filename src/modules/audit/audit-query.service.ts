import { execute, Where } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ForbiddenError } from '../../errors.js';
import { fromGlobalId, toGlobalId, type NodeTypeName } from '../../graphql/node.js';
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from '../../graphql/pagination.js';
import { requireWriter } from '../auth/authorize.js';
import type { AuditEntryConnection, AuditFilter } from './audit.types.js';

const CURSOR = 'a1:';

/**
 * The audit log, newest first. Admins read all of it; editors read the changes made with their own key; readers
 * and anonymous callers are refused.
 */
export async function auditLog(ctx: RequestContext, filter: AuditFilter | null | undefined, args: PageArgs): Promise<AuditEntryConnection> {
  const principal = requireWriter(ctx);
  const first = pageSize(args.first);
  const where = new Where();
  if (principal.role !== 'admin') {
    if (filter?.apiKeyId != null && filter.apiKeyId !== principal.keyId) throw new ForbiddenError('An editor key reads only its own changes in the audit log.');
    where.add('t.api_key_id = ?', principal.keyId);
  }
  if (filter?.apiKeyId != null) where.add('t.api_key_id = ?', filter.apiKeyId);
  if (filter?.entityType) where.add('t.entity_type = ?', filter.entityType);
  if (filter?.entityKey) where.add('t.entity_key = ?', filter.entityKey);
  if (filter?.action) where.add('t.action = ?', filter.action);
  if (filter?.from) where.add('t.at >= ?', filter.from);
  if (filter?.to) where.add('t.at < ?', filter.to);
  if (filter?.entityId) {
    const decoded = fromGlobalId(filter.entityId);
    if (!decoded) throw new BadUserInputError(`"${filter.entityId}" is not a global id.`, 'filter.entityId');
    where.add('t.entity_type = ? and t.entity_id = ?', decoded.type, decoded.id);
  }
  let before = Number.MAX_SAFE_INTEGER;
  if (args.after) {
    const id = decodeCursor(args.after, CURSOR, 19);
    if (id === null) throw new BadUserInputError('"after" is not an audit-log cursor.', 'after');
    before = id;
  }
  const keyset = `${where.toString() ? `${where} and` : 'where'} t.id < ?`;
  const [rows, count] = await Promise.all([
    execute(ctx.em, `select t.* from audit_log t ${keyset} order by t.id desc limit ?`, [...where.params, before, first + 1]),
    execute(ctx.em, `select count(*)::int as n from audit_log t ${where}`, where.params),
  ]);
  const page = rows.slice(0, first);
  const cursor = (id: unknown) => encodeCursor(String(id), CURSOR);
  return {
    nodes: page.map((r) => ({
      id: String(r.id), at: new Date(String(r.at)), actor: String(r.actor), apiKeyId: r.api_key_id == null ? null : Number(r.api_key_id),
      action: String(r.action), entityType: String(r.entity_type),
      entityId: r.entity_id == null ? null : toGlobalId(r.entity_type as NodeTypeName, Number(r.entity_id)),
      entityKey: (r.entity_key as string | null) ?? null, changes: r.changes as Record<string, unknown>, requestId: (r.request_id as string | null) ?? null,
    })),
    pageInfo: {
      hasNextPage: rows.length > first, hasPreviousPage: !!args.after,
      startCursor: page.length ? cursor(page[0].id) : null, endCursor: page.length ? cursor(page[page.length - 1].id) : null,
    },
    totalCount: Number(count[0].n),
  };
}
