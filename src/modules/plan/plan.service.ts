import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { pageRequest, type PageResult } from '../../graphql/pagination.js';
import type { ObservationPageArgs, TaskPageArgs } from '../list-orders.js';
import { observationPageRequest } from '../observation/observation.service.js';
import { Observation } from '../observation/observation.entity.js';
import type { Indicator } from '../observation/indicator.entity.js';
import { TargetStatus, TaskStatus } from './role.enums.js';
import { Task } from './task.entity.js';
import type { TaskFilter } from './task.inputs.js';
import type { TargetStanding } from './plan.loaders.js';
import { TASK_ORDER, targetPage, targetsStatedBy, taskPage, type TargetArgs } from './plan.queries.js';

export type { TargetArgs } from './plan.queries.js';

function checkRange(after: string | null | undefined, before: string | null | undefined, field: string): void {
  if (after && before && after > before)
    throw new BadUserInputError(`"${field}After" (${after}) is after "${field}Before" (${before}); swap them.`, `${field}After`);
}

export function listTasks(ctx: RequestContext, filter: TaskFilter | null | undefined, args: TaskPageArgs): Promise<PageResult<Task>> {
  const request = pageRequest(args, TASK_ORDER);
  checkRange(filter?.dueAfter, filter?.dueBefore, 'due');
  return taskPage(ctx.em, filter, request);
}

/** True when the task is due before `on` and was not reported done by then. */
export function isOverdue(task: Task, on: string): boolean {
  return !!task.dueOn && task.dueOn < on && !(task.status === TaskStatus.DONE && task.statusOn <= on);
}

/** TARGET figures, filtered; `status` is judged on `asOf` by the same SQL function that answers `targetStatus`. */
export function listTargets(ctx: RequestContext, args: TargetArgs, page: ObservationPageArgs): Promise<PageResult<Observation>> {
  const request = observationPageRequest(page);
  checkRange(args.dueAfter, args.dueBefore, 'due');
  return targetPage(ctx.em, args, request);
}

/** The targets of an indicator for an agency stated on or before `asOf`; per level, the one in force on that date. */
export async function targetsInForce(ctx: RequestContext, indicator: Indicator, agency: string, asOf: string): Promise<Observation[]> {
  const targets = await targetsStatedBy(ctx.em, indicator.dbId, agency, asOf);
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
