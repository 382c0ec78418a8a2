import type { GraphQLResolveInfo } from 'graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { ConnectionConnection, InformationSystemConnection, ObservationConnection } from '../entity-pages.js';
import { refId, relationValue } from '../../graphql/loader-utils.js';
import { wantedRelations } from '../../db/relations.js';
import { objectFields, pageItemFields } from '../../graphql/selection.js';
import { Connection } from '../connection/connection.entity.js';
import { noItems, selectsItems, toPage } from '../../graphql/pagination.js';
import { ConnectionPageArgs, ObservationPageArgs, SystemPageArgs } from '../list-orders.js';
import { connectionPageRequest } from '../connection/connection.service.js';
import { observationPageRequest } from '../observation/observation.service.js';
import { Agency } from '../agency/agency.entity.js';
import { ConnectionSummary } from '../connection/connection-summary.types.js';
import { connectionSummary } from '../connection/connection-summary.service.js';
import { ConnectionDirection, ConnectionStatus } from '../connection/connection.enums.js';
import { neighbourhood } from '../connection/traversal.service.js';
import { MAX_DEPTH, MAX_PER_HOP, NEIGHBOURHOOD_BUDGET } from '../connection/traversal.limits.js';
import { Neighbourhood } from '../connection/traversal.types.js';
import { latestOnOrBefore, plannedOnOrBefore, withRole } from '../plan/history.js';
import { Role } from '../plan/role.enums.js';
import { SystemKind } from './system.enums.js';
import { InformationSystem } from './information-system.entity.js';
import { SystemLifecycleEvent } from './system-lifecycle-event.entity.js';
import { SystemFilter } from './system.inputs.js';
import { Evidence } from '../evidence/evidence.entity.js';
import type { Observation } from '../observation/observation.entity.js';
import { findSystemByCode, listSystems } from './system.service.js';

@Resolver(() => InformationSystem)
export class SystemResolver {
  @Query(() => InformationSystem, { nullable: true, description: 'The information system with this code, e.g. "LGSP-68", "NDXP", "CSDLQG-DC".' })
  informationSystem(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo, @Arg('code', { description: 'System code.' }) code: string) {
    return findSystemByCode(ctx, code, wantedRelations(ctx.em, InformationSystem, objectFields(info)));
  }

  @Query(() => InformationSystemConnection, { description: 'Information systems, filtered, a page at a time.' })
  async informationSystems(
    @Ctx() ctx: RequestContext,
    @Args(() => SystemPageArgs) page: SystemPageArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => SystemFilter, { nullable: true, description: 'Narrow the list; omit to list all systems.' }) filter?: SystemFilter | null,
  ) {
    return toPage(await listSystems(ctx, filter, page, wantedRelations(ctx.em, InformationSystem, pageItemFields(info))));
  }

  @FieldResolver(() => Agency, { description: 'The agency that owns the system.' })
  owner(@Root() system: InformationSystem, @Ctx() ctx: RequestContext) {
    return relationValue(system.owner, ctx.loaders.agencyById);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency or enterprise that operates it, where known.' })
  operator(@Root() system: InformationSystem, @Ctx() ctx: RequestContext) {
    return relationValue(system.operator, ctx.loaders.agencyById);
  }

  @FieldResolver(() => ConnectionConnection, { description: 'Connections of this system, in the chosen direction and statuses.' })
  async connections(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Args(() => ConnectionPageArgs) page: ConnectionPageArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('direction', () => ConnectionDirection, {
      defaultValue: ConnectionDirection.BOTH,
      description: 'UPSTREAM (providers it uses), DOWNSTREAM (its consumers) or BOTH (also connections through it as a platform).',
    })
    direction: ConnectionDirection,
    @Arg('status', () => [ConnectionStatus], { nullable: true, description: 'Only connections whose status (on `asOf` when given) is one of these.' })
    status?: ConnectionStatus[] | null,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: 'Only connections that existed on this date; `status` then filters on their status that day (read it with `statusOn`).',
    })
    asOf?: string | null,
  ) {
    const request = connectionPageRequest(page);
    const edgeArgs = { direction, statuses: status ?? null, asOf: asOf ?? null };
    const relations = wantedRelations(ctx.em, Connection, pageItemFields(info));
    const found = selectsItems(info)
      ? await ctx.loaders.connectionsBySystem.for({ ...edgeArgs, request, relations }).load(system.dbId)
      : noItems<Connection>();
    return toPage({ ...found, request, count: () => ctx.loaders.connectionCountBySystem.for(edgeArgs).load(system.dbId) });
  }

  @FieldResolver(() => ConnectionSummary, {
    description: 'How many of its counterpart systems are connected ("15/23"), computed or reported, with evidence.',
  })
  connectionSummary(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Answer for this date (default today).' }) asOf?: string | null,
  ) {
    return connectionSummary(ctx, system, asOf ?? null);
  }

  @FieldResolver(() => [SystemLifecycleEvent], {
    description:
      'Every dated lifecycle status of the system, oldest first, with evidence: ACTUAL statuses and PLANNED milestones, each with its `role`.',
  })
  async history(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Arg('role', () => Role, { nullable: true, description: 'Only entries of this role (ACTUAL or PLANNED); omit for both.' }) role?: Role | null,
  ) {
    return withRole(await ctx.loaders.lifecycleBySystem.load(system.dbId), role);
  }

  @FieldResolver(() => SystemLifecycleEvent, {
    nullable: true,
    description:
      'What was planned for a date: the latest PLANNED milestone of `history` dated on or before it (e.g. "official operation from 1/7/2021", stated in August 2020); null when none. Never the status in force (see `statusOn`).',
  })
  async plannedStatusOn(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Arg('date', () => DateScalar, { description: 'The date asked about.' }) date: string,
  ) {
    return plannedOnOrBefore(await ctx.loaders.lifecycleBySystem.load(system.dbId), date);
  }

  @FieldResolver(() => SystemLifecycleEvent, {
    nullable: true,
    description:
      'The lifecycle status in force on a date: the latest ACTUAL entry of `history` on or before it (a PLANNED milestone never counts); null before the first.',
  })
  async statusOn(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Arg('date', () => DateScalar, { description: 'The date asked about.' }) date: string,
  ) {
    return latestOnOrBefore(await ctx.loaders.lifecycleBySystem.load(system.dbId), date);
  }

  @FieldResolver(() => Neighbourhood, {
    description: `The systems within \`depth\` connections of this one and the connections between them, on a date. Walked breadth first (one SQL statement per distance, each system expanded once, at its shortest distance), and at most ${NEIGHBOURHOOD_BUDGET.toLocaleString('en-US')} systems reached: \`complete\` says whether the walk stopped there.`,
  })
  neighbourhood(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Arg('depth', () => Int, { defaultValue: 1, description: `How many connections away to go: 1..${MAX_DEPTH}.` }) depth: number,
    @Arg('direction', () => ConnectionDirection, {
      defaultValue: ConnectionDirection.BOTH,
      description: 'UPSTREAM follows consumer -> provider (where its data comes from), DOWNSTREAM the reverse (who uses it), BOTH either.',
    })
    direction: ConnectionDirection,
    @Arg('status', () => [ConnectionStatus], { nullable: true, description: 'Only follow connections with these statuses on `asOf`.' })
    status?: ConnectionStatus[] | null,
    @Arg('kinds', () => [SystemKind], { nullable: true, description: 'Only reach systems of these kinds (the starting system is always included).' })
    kinds?: SystemKind[] | null,
    @Arg('perHopLimit', () => Int, {
      nullable: true,
      description: `At most this many systems per distance (1..${MAX_PER_HOP}, default ${MAX_PER_HOP}); \`truncated\` says when it cut.`,
    })
    perHopLimit?: number | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Take the graph as it was on this date (default today).' }) asOf?: string | null,
  ) {
    return neighbourhood(ctx, system, {
      depth,
      direction,
      statuses: status ?? null,
      kinds: kinds ?? null,
      perHopLimit: perHopLimit ?? null,
      asOf: asOf ?? ctx.today,
    });
  }

  @FieldResolver(() => ObservationConnection, { description: 'Figures reported about this system.' })
  async observations(
    @Root() system: InformationSystem,
    @Ctx() ctx: RequestContext,
    @Args(() => ObservationPageArgs) page: ObservationPageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const request = observationPageRequest(page);
    const found = selectsItems(info) ? await ctx.loaders.observationsBySystem.for(request).load(system.dbId) : noItems<Observation>();
    return toPage({ ...found, request, count: () => ctx.loaders.observationCountBySystem.load(system.dbId) });
  }
}

@Resolver(() => SystemLifecycleEvent)
export class SystemLifecycleEventResolver {
  @FieldResolver(() => InformationSystem, { description: 'The system this status belongs to.' })
  system(@Root() event: SystemLifecycleEvent, @Ctx() ctx: RequestContext) {
    return ctx.loaders.systemById.load(event.system.dbId);
  }

  @FieldResolver(() => Evidence, { nullable: true, description: 'The quote this status is taken from.' })
  evidence(@Root() event: SystemLifecycleEvent, @Ctx() ctx: RequestContext) {
    const id = refId(event.evidence);
    return id ? ctx.loaders.evidenceById.load(id) : null;
  }
}
