import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { ObservationConnection, TaskConnection } from '../entity-pages.js';
import { refId } from '../../graphql/loader-utils.js';
import { toPage } from '../../graphql/pagination.js';
import { ObservationPageArgs, TaskPageArgs } from '../list-orders.js';
import { DateScalar } from '../../graphql/scalars.js';
import { Agency } from '../agency/agency.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { isOverdue, listTargets, listTasks, onTrack, targetsInForce } from './plan.service.js';
import { Role, TargetStatus } from './role.enums.js';
import { TargetProgress } from './target-progress.types.js';
import { Task } from './task.entity.js';
import { TaskFilter } from './task.inputs.js';

@Resolver(() => Task)
export class TaskResolver {
  @Query(() => TaskConnection, {
    description:
      'Tasks, commitments, agreements and programmes from the documents, filtered (by agency, status, what is overdue on a date), a page at a time; each with its quote.',
  })
  async tasks(
    @Ctx() ctx: RequestContext,
    @Args(() => TaskPageArgs) page: TaskPageArgs,
    @Arg('filter', () => TaskFilter, { nullable: true, description: 'Narrow the list; omit to list all.' }) filter?: TaskFilter | null,
  ) {
    return toPage(await listTasks(ctx, filter, page));
  }

  @FieldResolver(() => [Agency], { description: 'The agencies the task is assigned to (for an agreement: its parties).' })
  async assignees(@Root() task: Task, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.agencyById.loadMany(task.assigneeIds)).filter((a): a is Agency => a instanceof Agency);
  }

  @FieldResolver(() => [Agency], { description: 'Agencies named to work with the assignees ("phối hợp").' })
  async partners(@Root() task: Task, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.agencyById.loadMany(task.partnerIds)).filter((a): a is Agency => a instanceof Agency);
  }

  @FieldResolver(() => Agency, { nullable: true, description: "Who assigned it (e.g. the Prime Minister's government), when stated." })
  assignedBy(@Root() task: Task, @Ctx() ctx: RequestContext) {
    const id = refId(task.assignedBy);
    return id ? ctx.loaders.agencyById.load(id) : null;
  }

  @FieldResolver(() => InformationSystem, { nullable: true, description: 'The system the task is about, if any.' })
  informationSystem(@Root() task: Task, @Ctx() ctx: RequestContext) {
    const id = refId(task.informationSystem);
    return id ? ctx.loaders.systemById.load(id) : null;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'For a group of tasks: how many were still open when reported (itemCount - itemsDone).' })
  itemsOpen(@Root() task: Task) {
    return task.itemCount != null && task.itemsDone != null ? task.itemCount - task.itemsDone : null;
  }

  @FieldResolver(() => Boolean, { description: 'True when the task is due before the date and was not reported done on or before it.' })
  overdue(
    @Root() task: Task,
    @Ctx() ctx: RequestContext,
    @Arg('on', () => DateScalar, { nullable: true, description: 'The date asked about (default today).' }) on?: string | null,
  ) {
    return isOverdue(task, on ?? ctx.today);
  }

  @FieldResolver(() => Evidence, { description: 'The exact quote and document the task comes from.' })
  evidence(@Root() task: Task, @Ctx() ctx: RequestContext) {
    return ctx.loaders.evidenceById.load(task.evidence.dbId);
  }
}

@Resolver(() => Observation)
export class TargetResolver {
  @Query(() => ObservationConnection, {
    description: 'TARGET figures (aims with their due dates or periods), filtered, a page at a time; read where each stands with `targetStatus`.',
  })
  async targets(
    @Ctx() ctx: RequestContext,
    @Args(() => ObservationPageArgs) page: ObservationPageArgs,
    @Arg('agency', () => String, { nullable: true, description: 'Only targets for the agency with this code, e.g. "68".' }) agency?: string | null,
    @Arg('indicator', () => String, { nullable: true, description: 'Only targets of this indicator code.' }) indicator?: string | null,
    @Arg('dueBefore', () => DateScalar, { nullable: true, description: 'Only targets due on or before this date.' }) dueBefore?: string | null,
    @Arg('dueAfter', () => DateScalar, { nullable: true, description: 'Only targets due on or after this date.' }) dueAfter?: string | null,
    @Arg('status', () => TargetStatus, { nullable: true, description: 'Only targets with this status on `asOf`.' }) status?: TargetStatus | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date `status` is judged on (default today).' }) asOf?: string | null,
  ) {
    return toPage(
      await listTargets(
        ctx,
        {
          agency: agency ?? null,
          indicator: indicator ?? null,
          dueBefore: dueBefore ?? null,
          dueAfter: dueAfter ?? null,
          status: status ?? null,
          asOf: asOf ?? ctx.today,
        },
        page,
      ),
    );
  }

  @FieldResolver(() => TargetStatus, {
    nullable: true,
    description: 'For a TARGET: MET, OPEN, MISSED or UNREPORTED on the date, judged on ACTUAL figures only; null for an actual.',
  })
  async targetStatus(
    @Root() o: Observation,
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date asked about (default today).' }) asOf?: string | null,
  ) {
    if (o.role !== Role.TARGET) return null;
    return (await ctx.loaders.targetStanding.for(asOf ?? ctx.today).load(o.dbId)).status;
  }

  @FieldResolver(() => [InformationSystem], {
    description: 'Other systems the sentence names (the source systems whose records were integrated, ...).',
  })
  async relatedSystems(@Root() o: Observation, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.systemById.loadMany(o.relatedSystemIds ?? [])).filter((s): s is InformationSystem => s instanceof InformationSystem);
  }
}

@Resolver(() => Indicator)
export class IndicatorProgressResolver {
  @FieldResolver(() => [TargetProgress], {
    description:
      'For an agency: each target in force on the date (one per level), against the latest actual, with the gap and whether it is on track for its due date.',
  })
  async progress(
    @Root() indicator: Indicator,
    @Ctx() ctx: RequestContext,
    @Arg('agency', { description: 'Agency code, e.g. "68".' }) agency: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date asked about (default today).' }) asOf?: string | null,
  ): Promise<TargetProgress[]> {
    const on = asOf ?? ctx.today;
    const targets = await targetsInForce(ctx, indicator, agency, on);
    const standings = await Promise.all(targets.map((t) => ctx.loaders.targetStanding.for(on).load(t.dbId)));
    const actuals = await ctx.loaders.observationById.loadMany(
      standings.flatMap((s) => [s.actualId, s.previousId]).filter((id): id is number => id != null),
    );
    const byId = new Map(actuals.filter((a): a is Observation => a instanceof Observation).map((a) => [a.dbId, a]));
    return targets.map((target, i) => {
      const s = standings[i];
      const actual = s.actualId != null ? (byId.get(s.actualId) ?? null) : null;
      const previous = s.previousId != null ? (byId.get(s.previousId) ?? null) : null;
      return {
        target,
        actual,
        status: s.status,
        gap: s.actualValue != null && target.value != null ? Math.round((target.value - s.actualValue) * 1e6) / 1e6 : null,
        onTrack: onTrack(target, s, actual?.asOf ?? null, previous?.asOf ?? null),
      };
    });
  }
}
