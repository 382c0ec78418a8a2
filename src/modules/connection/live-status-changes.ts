import type { RequestContext } from '../../api/context.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { StatusChange } from './connection-status.service.js';

/**
 * What the connection module asks of live updates: a source of committed status changes, and which of them a
 * subscriber wants. The source itself (LISTEN, fan-out) is src/subscriptions/, which implements this contract.
 */

/** Which status changes a subscriber wants; every given criterion must match (none given: all changes). */
export interface StatusChangeFilter {
  /** The system at either end of the connection, or the platform it is routed through. */
  systemCode?: string | null;
  consumerCode?: string | null;
  providerCode?: string | null;
  /** The code of an agency owning the consumer, the provider or the platform (any period of the code). */
  ownerCode?: string | null;
  /** The new status is one of these. */
  statuses?: readonly string[] | null;
}

/** Where live status changes come from: the subscriptions of one process. */
export interface StatusChangeSource {
  /** The changes matching `filter` committed from now on, until the iterator's `return()` is called. */
  subscribe(filter?: StatusChangeFilter | null): AsyncIterableIterator<StatusChange>;
}

/** The platform a change's connection is routed through, read from its key "CONSUMER>PROVIDER@VIA". */
export function viaCodeOf(change: StatusChange): string | null {
  const prefix = `${change.consumerCode}>${change.providerCode}@`;
  return change.key.startsWith(prefix) ? change.key.slice(prefix.length) : null;
}

/** Whether a change matches a filter on everything but `ownerCode` (which needs the database). */
export function matchesWithoutOwner(filter: StatusChangeFilter, change: StatusChange): boolean {
  if (filter.consumerCode && filter.consumerCode !== change.consumerCode) return false;
  if (filter.providerCode && filter.providerCode !== change.providerCode) return false;
  if (filter.systemCode && ![change.consumerCode, change.providerCode, viaCodeOf(change)].includes(filter.systemCode)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(change.status)) return false;
  return true;
}

/** The context of a subscription operation (graphql-ws): a request context plus this process's event source. */
export interface LiveContext extends RequestContext {
  statusChanges: StatusChangeSource;
  /**
   * Starts afresh before each event is resolved: a new EntityManager and DataLoaders (and today's date), so an
   * event never reads what an earlier one cached and a long subscription answers like a new request.
   */
  renew(): void;
}

export const SUBSCRIPTIONS_OVER_WEBSOCKET =
  'Subscriptions are served over WebSocket at /graphql (the graphql-transport-ws protocol, e.g. the graphql-ws client), not over HTTP.';

function isLiveContext(context: RequestContext): context is LiveContext {
  return typeof (context as Partial<LiveContext>).statusChanges?.subscribe === 'function';
}

/**
 * The live status changes matching `filter`, for a subscription resolver's `subscribe`: from the context's event
 * source (so the schema stays the same for every app), renewing the context before each event.
 */
export function liveStatusChanges(context: RequestContext, filter: StatusChangeFilter | null | undefined): AsyncIterableIterator<StatusChange> {
  if (!isLiveContext(context)) {
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
