import type { EntityManager } from '@mikro-orm/postgresql';
import type { PubSub } from 'type-graphql';
import { createRequestContext } from '../api/context.js';
import type { Principal } from '../modules/auth/principal.js';
import type { LiveContext, StatusChangeSource } from '../modules/connection/live-status-changes.js';

/** The context of a subscription operation (graphql-ws): the connection module's `LiveContext`, built here. */
export type SubscriptionContext = LiveContext;

export function createSubscriptionContext(
  em: EntityManager,
  statusChanges: StatusChangeSource,
  requestId: string,
  principal: Principal | null,
): SubscriptionContext {
  const context: SubscriptionContext = {
    ...createRequestContext(em, requestId, principal),
    statusChanges,
    renew() {
      Object.assign(context, createRequestContext(em, context.requestId, principal));
    },
  };
  return context;
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
    throw new Error("Subscriptions read their events from the context's event source (PostgreSQL LISTEN), not from a PubSub.");
  },
};
