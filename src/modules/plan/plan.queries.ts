import type { EntityManager } from '@mikro-orm/postgresql';
import { tablePage } from '../../db/pages.js';
import { execute, mapRows, rowsOf, sql, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { agencyIdsWithCode } from '../agency/agency.queries.js';
import { evidenceIdsOfDocument } from '../evidence/evidence.queries.js';
import { Observation } from '../observation/observation.entity.js';
import { indicatorIdWithCode } from '../observation/observation.queries.js';
import type { TargetStatus } from './role.enums.js';
import { Task } from './task.entity.js';
import type { TaskFilter } from './task.inputs.js';
import { bulkUpsert, type UpsertTarget } from '../../db/bulk-upsert.js';

/** Where one target stands on a date, as read. */
export interface TargetStandingRow {
  id: number;
  status: TargetStatus;
  actual_id: number | null;
  previous_id: number | null;
  actual_value: number | string | null;
  previous_value: number | string | null;
}

export interface TargetArgs {
  agency: string | null;
  indicator: string | null;
  dueBefore: string | null;
  dueAfter: string | null;
  status: TargetStatus | null;
  asOf: string;
}

export function taskPage(em: EntityManager, filter: TaskFilter | null | undefined, request: PageRequest): Promise<PageResult<Task>> {
  const conditions: Sql[] = [];
  if (filter?.agencyCode) {
    const ids = agencyIdsWithCode([filter.agencyCode]);
    conditions.push(sql`(t.assignee_ids && array${ids} or t.partner_ids && array${ids})`);
  }
  if (filter?.statuses?.length) conditions.push(sql`t.status in (${filter.statuses})`);
  if (filter?.kinds?.length) conditions.push(sql`t.kind in (${filter.kinds})`);
  if (filter?.overdueOn) conditions.push(sql`t.due_on < ${filter.overdueOn} and not (t.status = 'DONE' and t.status_on <= ${filter.overdueOn})`);
  if (filter?.dueBefore) conditions.push(sql`t.due_on <= ${filter.dueBefore}`);
  if (filter?.dueAfter) conditions.push(sql`t.due_on >= ${filter.dueAfter}`);
  if (filter?.documentKey) conditions.push(sql`t.evidence_id in ${evidenceIdsOfDocument(filter.documentKey)}`);
  return tablePage(em, Task, 'task', conditions, request);
}

/** TARGET figures, filtered; `status` is judged on `asOf` by the same SQL function that answers `targetStatus`. */
export function targetPage(em: EntityManager, args: TargetArgs, request: PageRequest): Promise<PageResult<Observation>> {
  const conditions = [sql`t.role = 'TARGET'`];
  if (args.agency) conditions.push(sql`t.agency_id in ${agencyIdsWithCode([args.agency])}`);
  if (args.indicator) conditions.push(sql`t.indicator_id in ${indicatorIdWithCode(args.indicator)}`);
  if (args.dueBefore) conditions.push(sql`coalesce(t.due_on, t.period_end) <= ${args.dueBefore}`);
  if (args.dueAfter) conditions.push(sql`coalesce(t.due_on, t.period_end) >= ${args.dueAfter}`);
  if (args.status) conditions.push(sql`lien_thong_target_status(t.id, ${args.asOf}::date) = ${args.status}`);
  return tablePage(em, Observation, 'observation', conditions, request);
}

/** The targets of an indicator for an agency stated on or before `asOf`, by level (national first), then due date. */
export async function targetsStatedBy(em: EntityManager, indicatorId: number, agency: string, asOf: string): Promise<Observation[]> {
  const rows = await execute(
    em,
    sql`select t.* from observation t where t.role = 'TARGET' and t.indicator_id = ${indicatorId}
    and t.agency_id in ${agencyIdsWithCode([agency])} and t.as_of <= ${asOf}
    order by array_position(array['NATIONAL', 'MINISTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE'], t.level) nulls first, coalesce(t.due_on, t.period_end) nulls last, t.id`,
  );
  return mapRows(em, Observation, rows);
}

/** Where each target stands on a date, in one statement (SQL functions of the roles migration). */
export function targetStandings(em: EntityManager, targetIds: readonly number[], on: string): Promise<TargetStandingRow[]> {
  return rowsOf<TargetStandingRow>(
    em,
    sql`select x.id, x.status, x.actual_id, x.previous_id,
          lien_thong_comparable(x.actual_id) as actual_value, lien_thong_comparable(x.previous_id) as previous_value
        from (select t.id, lien_thong_target_status(t.id, ${on}::date) as status, lien_thong_target_actual(t.id, ${on}::date) as actual_id,
                     lien_thong_target_actual(t.id, ${on}::date, 1) as previous_id
              from observation t where t.id in (${[...targetIds]})) x`,
  );
}

/** A task (commitment, agreement, programme) as a bulk load writes it, by its key. */
export interface TaskLoadRow {
  key: string;
  kind: string;
  title: string;
  title_en: string | null;
  assignee_ids: (number | null)[];
  partner_ids: (number | null)[];
  assigned_by_id: number | null;
  system_id: number | null;
  stated_on: string;
  due_on: string | null;
  period_start: string | null;
  period_end: string | null;
  status: string | null;
  status_on: string | null;
  item_count: number | null;
  items_done: number | null;
  evidence_id: number;
  date_quote: string | null;
  note: string | null;
}

const TASKS: UpsertTarget<TaskLoadRow> = {
  table: 'task',
  conflict: '(key)',
  columns: [
    'key',
    'kind',
    'title',
    'title_en',
    'assignee_ids',
    'partner_ids',
    'assigned_by_id',
    'system_id',
    'stated_on',
    'due_on',
    'period_start',
    'period_end',
    'status',
    'status_on',
    'item_count',
    'items_done',
    'evidence_id',
    'date_quote',
    'note',
  ],
};

export const upsertTasks = (em: EntityManager, rows: readonly TaskLoadRow[]) => bulkUpsert(em, TASKS, rows);
