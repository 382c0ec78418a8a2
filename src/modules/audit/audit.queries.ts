import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageRequest, SortKey } from '../../db/paging.js';
import { keysetRows } from '../../db/pages.js';
import { execute, rowsOf, sql, whereAll, type Sql } from '../../db/sql.js';
import type { AuditOrderField } from '../list-orders.js';

/** The sort key of each order of the audit log (src/modules/list-orders.ts). */
export const AUDIT_ORDER: Record<AuditOrderField, SortKey> = {
  AT: { expression: 'at', cast: 'timestamptz' },
};

/** What an audit record says changed: each field from -> to. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

/** An audit record as stored. */
export interface AuditRow {
  /** bigserial: read as a string. */
  id: string;
  at: Date;
  actor: string;
  api_key_id: number | null;
  action: string;
  entity_type: string;
  entity_id: number | null;
  entity_key: string | null;
  changes: Record<string, unknown>;
  request_id: string | null;
}

/** What the audit log's reader may filter on (already checked against the reader's role). */
export interface AuditConditions {
  apiKeyIds: (number | null)[];
  entityType?: string | null;
  entityKey?: string | null;
  action?: string | null;
  from?: Date | null;
  to?: Date | null;
  entity?: { type: string; id: number } | null;
}

export async function insertAuditEntry(
  em: EntityManager,
  e: {
    apiKeyId: number | null;
    actor: string;
    action: string;
    entityType: string;
    entityId: number | null;
    entityKey: string | null;
    changes: Changes;
    requestId: string | null;
  },
): Promise<void> {
  await execute(
    em,
    sql`insert into audit_log (api_key_id, actor, action, entity_type, entity_id, entity_key, changes, request_id)
    values (${e.apiKeyId}, ${e.actor}, ${e.action}, ${e.entityType}, ${e.entityId}, ${e.entityKey}, ${JSON.stringify(e.changes)}::jsonb, ${e.requestId})`,
  );
}

function auditConditions(c: AuditConditions): Sql[] {
  const conditions = c.apiKeyIds.map((id) => sql`t.api_key_id = ${id}`);
  if (c.entityType) conditions.push(sql`t.entity_type = ${c.entityType}`);
  if (c.entityKey) conditions.push(sql`t.entity_key = ${c.entityKey}`);
  if (c.action) conditions.push(sql`t.action = ${c.action}`);
  if (c.from) conditions.push(sql`t.at >= ${c.from}`);
  if (c.to) conditions.push(sql`t.at < ${c.to}`);
  if (c.entity) conditions.push(sql`t.entity_type = ${c.entity.type} and t.entity_id = ${c.entity.id}`);
  return conditions;
}

/** A page of records in the request's order, whether records lie beyond its cursor, and how many match in all. */
export async function auditPage(
  em: EntityManager,
  c: AuditConditions,
  request: PageRequest,
): Promise<{ rows: (AuditRow & { sort__: string })[]; beyondCursor: boolean; total: number }> {
  const conditions = auditConditions(c);
  const [page, count] = await Promise.all([
    keysetRows(em, sql`select t.* from audit_log t ${whereAll(conditions)}`, request),
    execute(em, sql`select count(*)::int as n from audit_log t ${whereAll(conditions)}`),
  ]);
  return { rows: page.rows as unknown as (AuditRow & { sort__: string })[], beyondCursor: page.beyondCursor, total: Number(count[0].n) };
}

/** The id of the latest audit record, 0 when none. */
export async function lastAuditId(em: EntityManager): Promise<number> {
  const [{ last }] = await execute(em, sql`select coalesce(max(id), 0) as last from audit_log`);
  return Number(last);
}

/** Records after `afterId` written by requests whose id starts with `requestIdPrefix`, in order. */
export function auditEntriesSince(em: EntityManager, afterId: number, requestIdPrefix: string): Promise<AuditRow[]> {
  return rowsOf<AuditRow>(em, sql`select * from audit_log where id > ${afterId} and request_id like ${`${requestIdPrefix}%`} order by id`);
}

/** Audit records by id, in one statement. */
export function auditRowsByIds(em: EntityManager, ids: readonly number[]): Promise<AuditRow[]> {
  return rowsOf<AuditRow>(em, sql`select * from audit_log where id in (${[...ids]})`);
}

/** An audit record as the public change feed reads it: no actor, key or request id. */
export interface ChangeRow {
  id: string;
  at: Date;
  action: string;
  entity_type: string;
  entity_id: number;
  entity_key: string | null;
  changes: Record<string, unknown>;
  sort__: string;
}

/** A page of the records of these entity types committed at or after `since`, in the request's order (by id). */
export async function changePage(
  em: EntityManager,
  since: Date,
  entityTypes: readonly string[],
  request: PageRequest,
): Promise<{ rows: ChangeRow[]; beyondCursor: boolean; count: () => Promise<number> }> {
  const source = sql`select t.id, t.at, t.action, t.entity_type, t.entity_id, t.entity_key, t.changes from audit_log t
    where t.at >= ${since} and t.entity_type in (${[...entityTypes]}) and t.entity_id is not null`;
  const page = await keysetRows(em, source, request);
  const count = () => execute(em, sql`select count(*)::int as n from (${source}) x`).then((r) => Number(r[0].n));
  return { rows: page.rows as unknown as ChangeRow[], beyondCursor: page.beyondCursor, count };
}
