import { execute, mapRows, tablePage, Where } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { Observation } from '../observation/observation.entity.js';
import type { Indicator } from '../observation/indicator.entity.js';
import { TargetStatus, TaskStatus } from './role.enums.js';
import { Task } from './task.entity.js';
import type { TaskFilter } from './task.inputs.js';
import type { TargetStanding } from './plan.loaders.js';

const AGENCY_IDS = '(select a.id from agency a where a.code = ?)';

function checkRange(after: string | null | undefined, before: string | null | undefined, field: string): void {
  if (after && before && after > before) throw new BadUserInputError(`"${field}After" (${after}) is after "${field}Before" (${before}); swap them.`, `${field}After`);
}

export function listTasks(ctx: RequestContext, filter: TaskFilter | null | undefined, args: PageArgs): Promise<PageResult<Task>> {
  const request = pageRequest(args);
  checkRange(filter?.dueAfter, filter?.dueBefore, 'due');
  const where = new Where();
  if (filter?.agencyCode) where.add(`(t.assignee_ids && array${AGENCY_IDS} or t.partner_ids && array${AGENCY_IDS})`, filter.agencyCode, filter.agencyCode);
  if (filter?.statuses?.length) where.add('t.status in (?)', filter.statuses);
  if (filter?.kinds?.length) where.add('t.kind in (?)', filter.kinds);
  if (filter?.overdueOn) where.add(`t.due_on < ? and not (t.status = 'DONE' and t.status_on <= ?)`, filter.overdueOn, filter.overdueOn);
  if (filter?.dueBefore) where.add('t.due_on <= ?', filter.dueBefore);
  if (filter?.dueAfter) where.add('t.due_on >= ?', filter.dueAfter);
  if (filter?.documentKey) {
    where.add('t.evidence_id in (select e.id from evidence e join source_document d on d.id = e.document_id where d.key = ?)', filter.documentKey);
  }
  return tablePage(ctx.em, Task, 'task', where, request);
}

/** True when the task is due before `on` and was not reported done by then. */
export function isOverdue(task: Task, on: string): boolean {
  return !!task.dueOn && task.dueOn < on && !(task.status === TaskStatus.DONE && task.statusOn <= on);
}

export interface TargetArgs {
  agency: string | null; indicator: string | null; dueBefore: string | null; dueAfter: string | null;
  status: TargetStatus | null; asOf: string;
}

/** TARGET figures, filtered; `status` is judged on `asOf` by the same SQL function that answers `targetStatus`. */
export function listTargets(ctx: RequestContext, args: TargetArgs, page: PageArgs): Promise<PageResult<Observation>> {
  const request = pageRequest(page);
  checkRange(args.dueAfter, args.dueBefore, 'due');
  const where = new Where().add(`t.role = 'TARGET'`);
  if (args.agency) where.add(`t.agency_id in ${AGENCY_IDS}`, args.agency);
  if (args.indicator) where.add('t.indicator_id in (select i.id from indicator i where i.code = ?)', args.indicator);
  if (args.dueBefore) where.add('coalesce(t.due_on, t.period_end) <= ?', args.dueBefore);
  if (args.dueAfter) where.add('coalesce(t.due_on, t.period_end) >= ?', args.dueAfter);
  if (args.status) where.add('lien_thong_target_status(t.id, ?::date) = ?', args.asOf, args.status);
  return tablePage(ctx.em, Observation, 'observation', where, request);
}

/** The targets of an indicator for an agency stated on or before `asOf`; per level, the one in force on that date. */
export async function targetsInForce(ctx: RequestContext, indicator: Indicator, agency: string, asOf: string): Promise<Observation[]> {
  const rows = await execute(ctx.em, `select t.* from observation t where t.role = 'TARGET' and t.indicator_id = ?
    and t.agency_id in ${AGENCY_IDS} and t.as_of <= ? order by array_position(array['NATIONAL', 'MINISTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE'], t.level) nulls first, coalesce(t.due_on, t.period_end) nulls last, t.id`,
  [indicator.dbId, agency, asOf]);
  const targets = mapRows(ctx.em, Observation, rows);
  const byLevel = new Map<string, Observation[]>();
  for (const t of targets) byLevel.set(t.level ?? '', [...(byLevel.get(t.level ?? '') ?? []), t]);
  // In force: the earliest not yet due on `asOf`; when all are due, the latest of them.
  return [...byLevel.values()].map((list) => list.find((t) => !due(t) || due(t)! >= asOf) ?? list[list.length - 1]);
}

const due = (t: Observation) => t.dueOn ?? t.periodEnd ?? null;

/**
 * On track for the due date: true once met, false once due and not met; before that, the straight line through the
 * last two actuals reaches the target by the due date. Null when that cannot be told (one actual, or no due date).
 */
export function onTrack(target: Observation, standing: TargetStanding, actualOn: string | null, previousOn: string | null): boolean | null {
  if (standing.status === TargetStatus.MET) return true;
  if (standing.status === TargetStatus.MISSED || standing.status === TargetStatus.UNREPORTED) return false;
  const dueOn = due(target);
  if (!dueOn || standing.actualValue == null || standing.previousValue == null || !actualOn || !previousOn || actualOn === previousOn) return null;
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const rate = (standing.actualValue - standing.previousValue) / (day(actualOn) - day(previousOn));
  const projected = standing.actualValue + rate * (day(dueOn) - day(actualOn));
  return target.qualifier === 'UNDER' ? projected < target.value! : projected >= target.value!;
}
