import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { ConnectionConnection } from '../../graphql/connection-types.js';
import { refId } from '../../graphql/loader-utils.js';
import { PageArgs, toPage } from '../../graphql/pagination.js';
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
    @Args() page: PageArgs,
    @Arg('filter', () => ConnectionFilter, { nullable: true, description: 'Narrow the list; omit to list all connections.' }) filter?: ConnectionFilter | null,
  ) {
    return toPage(await listConnections(ctx, filter, page));
  }

  @FieldResolver(() => InformationSystem, { description: 'The system that draws data.' })
  consumer(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return ctx.loaders.systemById.load(connection.consumer.dbId);
  }

  @FieldResolver(() => InformationSystem, { description: 'The system that provides data.' })
  provider(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return ctx.loaders.systemById.load(connection.provider.dbId);
  }

  @FieldResolver(() => InformationSystem, { nullable: true, description: 'The integration platform the connection goes through, when known.' })
  via(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    const id = refId(connection.via);
    return id ? ctx.loaders.systemById.load(id) : null;
  }

  @FieldResolver(() => [ConnectionEvent], { description: 'Every dated status of the connection, oldest first, with evidence.' })
  history(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    return ctx.loaders.historyByConnection.load(connection.dbId);
  }

  @FieldResolver(() => [Evidence], { description: 'The quotes behind the current status (those of its latest history entry).' })
  async evidence(@Root() connection: Connection, @Ctx() ctx: RequestContext) {
    const history = await ctx.loaders.historyByConnection.load(connection.dbId);
    const ids = history.filter((e) => e.status === connection.status && e.occurredOn === connection.statusSince)
      .map((e) => refId(e.evidence)).filter((id): id is number => id !== null);
    return (await ctx.loaders.evidenceById.loadMany(ids)).filter((e): e is Evidence => e instanceof Evidence);
  }
}

@Resolver(() => ConnectionEvent)
export class ConnectionEventResolver {
  @FieldResolver(() => Evidence, { nullable: true, description: 'The quote this status is taken from.' })
  evidence(@Root() event: ConnectionEvent, @Ctx() ctx: RequestContext) {
    const id = refId(event.evidence);
    return id ? ctx.loaders.evidenceById.load(id) : null;
  }
}
