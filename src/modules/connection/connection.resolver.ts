import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { latestOnOrBefore, plannedOnOrBefore, withRole } from '../plan/history.js';
import { Role } from '../plan/role.enums.js';
import { DateScalar } from '../../graphql/scalars.js';
import { ConnectionDirection, ConnectionStatus } from './connection.enums.js';
import { connectionPaths } from './traversal.service.js';
import { MAX_PATH_DEPTH } from './traversal.limits.js';
import { ConnectionPath } from './traversal.types.js';
import type { RequestContext } from '../../api/context.js';
import { ConnectionConnection } from '../entity-pages.js';
import { refId, relationValue } from '../../graphql/loader-utils.js';
import { pageItemFields } from '../../graphql/selection.js';
import { wantedRelations } from '../../db/relations.js';
import { toPage } from '../../graphql/pagination.js';
import { ConnectionPageArgs } from '../list-orders.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { ConnectionEvent } from './connection-event.entity.js';
import { Connection } from './connection.entity.js';
import { ConnectionFilter } from './connection.inputs.js';
import { listConnections } from './connection.service.js';

@Resolver(() => Connection)
export class ConnectionResolver {
  @Query(() => ConnectionConnection, { description: 'Connections between systems, filtered, a page at a time.' })
  async connections(
    @Ctx() ctx: RequestContext,
    @Args(() => ConnectionPageArgs) page: ConnectionPageArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ConnectionFilter, { nullable: true, description: 'Narrow the list; omit to list all connections.' })
    filter?: ConnectionFilter | null,
  ) {
    return toPage(await listConnections(ctx, filter, page, wantedRelations(ctx.em, Connection, pageItemFields(info))));
  }

  @Query(() => [ConnectionPath], {
    description: 'The shortest paths between two systems (fewest connections), with the platforms they go through. One recursive SQL query.',
  })
  connectionPaths(
    @Ctx() ctx: RequestContext,
    @Arg('from', { description: 'Code of the system to start from.' }) from: string,
    @Arg('to', { description: 'Code of the system to reach.' }) to: string,
    @Arg('maxDepth', () => Int, { defaultValue: 4, description: `Longest path considered, in connections: 1..${MAX_PATH_DEPTH}.` }) maxDepth: number,
    @Arg('direction', () => ConnectionDirection, {
      defaultValue: ConnectionDirection.BOTH,
      description: 'UPSTREAM follows data from consumer to provider, DOWNSTREAM the reverse, BOTH ignores direction.',
    })
    direction: ConnectionDirection,
    @Arg('first', () => Int, { defaultValue: 10, description: 'At most this many paths (1..100).' }) first: number,
    @Arg('status', () => [ConnectionStatus], { nullable: true, description: 'Only use connections with these statuses on `asOf`.' })
    status?: ConnectionStatus[] | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Take the graph as it was on this date (default today).' }) asOf?: string | null,
  ) {
    return connectionPaths(ctx, from, to, { maxDepth, direction, statuses: status ?? null, asOf: asOf ?? ctx.today, first });
  }

  @FieldResolver(() => ConnectionEvent, {
    nullable: true,
    description:
      'What was planned for a date: the latest PLANNED milestone of `history` dated on or before it; null when none. Never the status in force (see `statusOn`).',
  })
  async plannedStatusOn(
    @Root() connection: Connection,
    @Ctx() ctx: RequestContext,
    @Arg('date', () => DateScalar, { description: 'The date asked about.' }) date: string,
  ) {
    return plannedOnOrBefore(await ctx.loaders.historyByConnection.load(connection.dbId), date);
  }

  @FieldResolver(() => ConnectionEvent, {
    nullable: true,
    description:
      'The status in force on a date: the latest ACTUAL entry of `history` on or before it (a PLANNED milestone never counts), with its evidence; null when the connection did not exist yet.',
  })
  async statusOn(
    @Root() connection: Connection,
    @Ctx() ctx: RequestContext,
    @Arg('date', () => DateScalar, { description: 'The date asked about.' }) date: string,
  ) {
    return latestOnOrBefore(await ctx.loaders.historyByConnection.load(connection.dbId), date);
  }

  @FieldResolver(() => InformationSystem, { description: 'The system that draws data.' })
  consumer(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return relationValue(connection.consumer, ctx.loaders.systemById);
  }

  @FieldResolver(() => InformationSystem, { description: 'The system that provides data.' })
  provider(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return relationValue(connection.provider, ctx.loaders.systemById);
  }

  @FieldResolver(() => InformationSystem, { nullable: true, description: 'The integration platform the connection goes through, when known.' })
  via(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return relationValue(connection.via, ctx.loaders.systemById);
  }

  @FieldResolver(() => [ConnectionEvent], {
    description: 'Every dated status of the connection, oldest first, with evidence: ACTUAL statuses and PLANNED milestones, each with its `role`.',
  })
  async history(
    @Root() connection: Connection,
    @Ctx() ctx: RequestContext,
    @Arg('role', () => Role, { nullable: true, description: 'Only entries of this role (ACTUAL or PLANNED); omit for both.' }) role?: Role | null,
  ) {
    return withRole(await ctx.loaders.historyByConnection.load(connection.dbId), role);
  }

  @FieldResolver(() => [Evidence], { description: 'The quotes behind the current status (those of its latest history entry).' })
  async evidence(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    const history = await ctx.loaders.historyByConnection.load(connection.dbId);
    const ids = history
      .filter((e) => e.role === Role.ACTUAL && e.status === connection.status && e.occurredOn === connection.statusSince)
      .map((e) => refId(e.evidence))
      .filter((id): id is number => id !== null);
    return (await ctx.loaders.evidenceById.loadMany(ids)).filter((e): e is Evidence => e instanceof Evidence);
  }
}

@Resolver(() => ConnectionEvent)
export class ConnectionEventResolver {
  @FieldResolver(() => Connection, { description: 'The connection this status belongs to.' })
  connection(@Root() event: ConnectionEvent, @Ctx() ctx: RequestContext) {
    return ctx.loaders.connectionById.load(event.connection.dbId);
  }

  @FieldResolver(() => Evidence, { nullable: true, description: 'The quote this status is taken from.' })
  evidence(@Root() event: ConnectionEvent, @Ctx() ctx: RequestContext) {
    const id = refId(event.evidence);
    return id ? ctx.loaders.evidenceById.load(id) : null;
  }
}
