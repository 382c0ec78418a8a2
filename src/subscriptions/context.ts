import type { EntityManager } from '@mikro-orm/postgresql';
import type { PubSub } from 'type-graphql';
import { createRequestContext, type RequestContext } from '../api/context.js';
import { AppError, ErrorCode } from '../errors.js';
import type { Principal } from '../modules/auth/principal.js';
import type { StatusChange } from '../modules/connection/connection-status.service.js';
import type { StatusChangeFilter, StatusChangeSource } from './status-listener.js';

/** The context of a subscription operation (graphql-ws): a request context plus this process's event source. */
export interface SubscriptionContext extends RequestContext {
  statusChanges: StatusChangeSource;
  /**
   * Starts afresh before each event is resolved: a new EntityManager and DataLoaders (and today's date), so an
   * event never reads what an earlier one cached and a long subscription answers like a new request.
   */
  renew(): void;
}

export function createSubscriptionContext(em: EntityManager, statusChanges: StatusChangeSource, requestId: string, principal: Principal | null): SubscriptionContext {
  const context: SubscriptionContext = {
    ...createRequestContext(em, requestId, principal),
    statusChanges,
    renew() {
      Object.assign(context, createRequestContext(em, context.requestId, principal));
    },
  };
  return context;
}

export const SUBSCRIPTIONS_OVER_WEBSOCKET = 'Subscriptions are served over WebSocket at /graphql (the graphql-transport-ws protocol, e.g. the graphql-ws client), not over HTTP.';

function isSubscriptionContext(context: RequestContext): context is SubscriptionContext {
  return typeof (context as Partial<SubscriptionContext>).statusChanges?.subscribe === 'function';
}

/**
 * The live status changes matching `filter`, for a subscription resolver's `subscribe`: from the context's event
 * source (so the schema stays the same for every app), renewing the context before each event.
 */
export function liveStatusChanges(context: RequestContext, filter: StatusChangeFilter | null | undefined): AsyncIterableIterator<StatusChange> {
  if (!isSubscriptionContext(context)) {
    throw new AppError(SUBSCRIPTIONS_OVER_WEBSOCKET, ErrorCode.BAD_USER_INPUT);
  }
  const source = context.statusChanges.subscribe(filter);
  const iterator: AsyncIterableIterator<StatusChange> = {
    async next() {
      const result = await source.next();
      if (!result.done) context.renew();
      return result;
    },
    return: () => source.return!(),
    throw: (error?: unknown) => source.throw!(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * Passed to type-graphql's `buildSchema` (it requires a PubSub once a subscription exists). Subscriptions here
 * use their own `subscribe`, fed only by PostgreSQL NOTIFY, so an in-process publish is a bug: it throws.
 */
export const NO_IN_PROCESS_PUBSUB: PubSub = {
  publish() {
    throw new Error('Live updates are published only through PostgreSQL NOTIFY, never in process.');
  },
  subscribe() {
    throw new Error('Subscriptions read their events from the context\'s event source (PostgreSQL LISTEN), not from a PubSub.');
  },
};
