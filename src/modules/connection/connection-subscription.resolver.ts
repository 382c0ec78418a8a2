import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import type { StatusChange } from './connection-status.service.js';
import { ConnectionStatusChangedFilter } from './connection-subscription.inputs.js';
import { ConnectionStatusChange } from './connection-subscription.types.js';
import { Connection } from './connection.entity.js';
import { ConnectionStatus } from './connection.enums.js';
import { liveStatusChanges, SUBSCRIPTIONS_OVER_WEBSOCKET, type StatusChangeFilter } from './live-status-changes.js';

@Resolver(() => ConnectionStatusChange)
export class ConnectionSubscriptionResolver {
  @Subscription(() => ConnectionStatusChange, {
    description:
      'Live status changes of connections, as they are committed (by any hub process: they travel through PostgreSQL LISTEN/NOTIFY). Served over WebSocket at /graphql with the graphql-transport-ws protocol (the graphql-ws client); the API key goes in `connectionParams.authorization`.',
    subscribe: ({ args, context }) => liveStatusChanges(context as RequestContext, (args.filter ?? null) as StatusChangeFilter | null),
  })
  connectionStatusChanged(
    @Root() change: StatusChange,
    @Arg('filter', () => ConnectionStatusChangedFilter, { nullable: true, description: 'Which changes to receive; omit to receive all.' })
    _filter?: ConnectionStatusChangedFilter | null,
  ): ConnectionStatusChange {
    // Executed without an event: the operation came over HTTP, which runs a subscription's root field once.
    if (!change) throw new BadUserInputError(SUBSCRIPTIONS_OVER_WEBSOCKET);
    return {
      connectionId: change.connectionId,
      status: change.status as ConnectionStatus,
      previousStatus: change.previousStatus as ConnectionStatus | null,
      statusSince: change.statusSince,
    } as ConnectionStatusChange;
  }

  @FieldResolver(() => Connection)
  async connection(@Root() change: ConnectionStatusChange, @Ctx() ctx: RequestContext): Promise<Connection> {
    const connection = await ctx.loaders.connectionById.load(change.connectionId);
    if (!connection) throw new Error(`connection ${change.connectionId} of a status change was not found`);
    return connection;
  }
}
