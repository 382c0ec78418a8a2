import type { MikroORM } from '@mikro-orm/postgresql';
import { errorFields, type Logger } from '../logger.js';
import { STATUS_CHANNEL, type StatusChange } from '../modules/connection/connection-status.service.js';
import { ownerCodesOfSystems } from '../modules/system/system.queries.js';
import { matchesWithoutOwner, viaCodeOf, type StatusChangeFilter, type StatusChangeSource } from '../modules/connection/live-status-changes.js';
import { Subscriber } from './subscriber-queue.js';

function isStatusChange(value: unknown): value is StatusChange {
  const v = value as StatusChange;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.connectionId === 'number' &&
    typeof v.key === 'string' &&
    typeof v.consumerCode === 'string' &&
    typeof v.providerCode === 'string' &&
    typeof v.status === 'string' &&
    typeof v.statusSince === 'string' &&
    (v.previousStatus === null || typeof v.previousStatus === 'string')
  );
}

/**
 * This process's subscribers to status changes, and the delivery of each heard change to those whose filter
 * matches. Changes are delivered one after another, in the order they were heard (commit order).
 */
export class StatusFanOut implements StatusChangeSource {
  private readonly subscribers = new Set<Subscriber>();
  private closed = false;
  /** Notifications are handled one after another, so subscribers get them in commit order. */
  private dispatching: Promise<void> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly logger: Logger,
    private readonly maxQueuedPerSubscriber: number,
  ) {}

  /** Number of live subscriptions. */
  get size(): number {
    return this.subscribers.size;
  }

  subscribe(filter?: StatusChangeFilter | null): AsyncIterableIterator<StatusChange> {
    const subscriber = new Subscriber({ ...(filter ?? {}) }, this.maxQueuedPerSubscriber, (s) => this.subscribers.delete(s));
    if (this.closed) subscriber.end();
    else this.subscribers.add(subscriber);
    return subscriber;
  }

  /** A status-change notification's payload: queued behind the ones before it. */
  deliver(payload: string): void {
    this.dispatching = this.dispatching
      .then(() => this.dispatch(payload))
      .catch((error) => {
        this.logger.error('live updates: a notification could not be delivered', errorFields(error));
      });
  }

  /** Ends every subscription (and any later one at once). */
  close(): void {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) subscriber.end();
  }

  /** Resolves once every change heard so far has been handed out. */
  idle(): Promise<void> {
    return this.dispatching;
  }

  private async dispatch(payload: string): Promise<void> {
    let change: unknown;
    try {
      change = JSON.parse(payload);
    } catch {
      change = null;
    }
    if (!isStatusChange(change)) {
      this.logger.warn('live updates: ignored a malformed notification', { channel: STATUS_CHANNEL, payload: payload.slice(0, 500) });
      return;
    }
    const targets = [...this.subscribers].filter((s) => matchesWithoutOwner(s.filter, change));
    if (!targets.length) return;
    let owners: Set<string> | null = null;
    if (targets.some((s) => s.filter.ownerCode)) {
      const codes = [change.consumerCode, change.providerCode, viaCodeOf(change)].filter((c): c is string => !!c);
      try {
        owners = await ownerCodesOfSystems(this.orm.em.fork(), codes);
      } catch (error) {
        this.logger.error('live updates: owners of a change could not be read; not delivered to ownerCode subscriptions', {
          key: change.key,
          ...errorFields(error),
        });
      }
    }
    for (const subscriber of targets) {
      if (!subscriber.filter.ownerCode || owners?.has(subscriber.filter.ownerCode)) subscriber.push(change);
    }
  }
}
