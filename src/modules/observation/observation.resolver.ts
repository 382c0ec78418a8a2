import { Arg, Args, Ctx, FieldResolver, Float, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { IndicatorConnection, ObservationConnection } from '../entity-pages.js';
import { refId } from '../../graphql/loader-utils.js';
import { toPage } from '../../graphql/pagination.js';
import { IndicatorPageArgs, ObservationPageArgs } from '../list-orders.js';
import { Agency } from '../agency/agency.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { Indicator } from './indicator.entity.js';
import { Observation } from './observation.entity.js';
import { ObservationFilter } from './observation.inputs.js';
import { IndicatorFilter } from './indicator.inputs.js';
import { findIndicatorByCode, indicatorSeries, listIndicators, listObservations } from './observation.service.js';
import { DateScalar } from '../../graphql/scalars.js';
import { AdminLevel, Role } from '../plan/role.enums.js';

@Resolver(() => Observation)
export class ObservationResolver {
  @Query(() => ObservationConnection, { description: 'Reported figures, filtered, a page at a time; each carries its exact quote.' })
  async observations(
    @Ctx() ctx: RequestContext,
    @Args(() => ObservationPageArgs) page: ObservationPageArgs,
    @Arg('filter', () => ObservationFilter, { nullable: true, description: 'Narrow the list; omit to list all figures.' })
    filter?: ObservationFilter | null,
  ) {
    return toPage(await listObservations(ctx, filter, page));
  }

  @FieldResolver(() => Indicator, { description: 'What the figure measures.' })
  indicator(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.indicatorById.load(observation.indicator.dbId);
  }

  @FieldResolver(() => String, { description: "Unit of value, numerator and target (the indicator's unit)." })
  async unit(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.indicatorById.load(observation.indicator.dbId))!.unit;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'numerator / denominator, from 0 upward; null for single values.' })
  ratio(@Root() observation: Observation) {
    return observation.numerator != null && observation.denominator ? observation.numerator / observation.denominator : null;
  }

  @FieldResolver(() => Agency, { nullable: true, description: "The agency the figure is about, as it existed on the figure's date." })
  agency(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    const id = refId(observation.agency);
    return id ? ctx.loaders.agencyById.load(id) : null;
  }

  @FieldResolver(() => InformationSystem, { nullable: true, description: 'The system the figure is about, if any.' })
  informationSystem(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    const id = refId(observation.informationSystem);
    return id ? ctx.loaders.systemById.load(id) : null;
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency the source attributes the figure to.' })
  reportedBy(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    const id = refId(observation.reportedBy);
    return id ? ctx.loaders.agencyById.load(id) : null;
  }

  @FieldResolver(() => Evidence, { description: 'The exact quote and document the figure comes from.' })
  async evidence(@Root() observation: Observation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.evidenceById.load(observation.evidence.dbId);
  }
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @FieldResolver(() => [Observation], {
    description: 'The points of this indicator over time, oldest first, each with its evidence (at most 1,000).',
  })
  series(
    @Root() indicator: Indicator,
    @Ctx() ctx: RequestContext,
    @Arg('includePredecessors', () => Boolean, { defaultValue: true, description: 'With `agency`: also figures of the units it succeeded.' })
    includePredecessors: boolean,
    @Arg('agency', () => String, { nullable: true, description: 'Only figures about the agency with this code (any period of the code).' })
    agency?: string | null,
    @Arg('from', () => DateScalar, { nullable: true, description: 'Only figures dated on or after this date.' }) from?: string | null,
    @Arg('to', () => DateScalar, { nullable: true, description: 'Only figures dated on or before this date.' }) to?: string | null,
    @Arg('role', () => Role, {
      defaultValue: Role.ACTUAL,
      description: 'ACTUAL (default) or TARGET: a series never mixes what was reported with what was aimed at.',
    })
    role?: Role,
    @Arg('level', () => AdminLevel, { nullable: true, description: 'Only figures for this administrative level.' }) level?: AdminLevel | null,
  ) {
    return indicatorSeries(ctx, indicator, {
      agency: agency ?? null,
      from: from ?? null,
      to: to ?? null,
      includePredecessors,
      role: role ?? Role.ACTUAL,
      level: level ?? null,
    });
  }

  @Query(() => Indicator, { nullable: true, description: 'The indicator with this code.' })
  indicator(@Ctx() ctx: RequestContext, @Arg('code', { description: 'Indicator code, e.g. "platform.systems_connected".' }) code: string) {
    return findIndicatorByCode(ctx, code);
  }

  @Query(() => IndicatorConnection, { description: 'The indicators the hub holds figures for, filtered, a page at a time.' })
  async indicators(
    @Ctx() ctx: RequestContext,
    @Args(() => IndicatorPageArgs) page: IndicatorPageArgs,
    @Arg('filter', () => IndicatorFilter, { nullable: true, description: 'Narrow the list; omit to list every indicator.' })
    filter?: IndicatorFilter | null,
  ) {
    return toPage(await listIndicators(ctx, filter, page));
  }
}
