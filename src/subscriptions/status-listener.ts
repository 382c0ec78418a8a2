import type { MikroORM } from '@mikro-orm/postgresql';
import { DATA_CHANNEL } from '../cache/caches.js';
import { DataChangeFeed } from '../cache/data-change-feed.js';
import { NotificationListener, type DatabaseSettings } from '../db/notification-listener.js';
import type { Logger } from '../logger.js';
import { STATUS_CHANNEL, type StatusChange } from '../modules/connection/connection-status.service.js';
import type { StatusChangeFilter, StatusChangeSource } from '../modules/connection/live-status-changes.js';
import { StatusFanOut } from './status-fan-out.js';

export { LISTENER_APPLICATION_NAME, type DatabaseSettings } from '../db/notification-listener.js';
export { SlowSubscriberError } from './subscriber-queue.js';

export interface StatusListenerOptions {
  database: DatabaseSettings;
  /** The embedded PGlite database (reached through pglite-socket). */
  embedded: boolean;
  /** The embedded database's own feed of every committed notification (src/db/embedded.ts), heard instead of the pool's. */
  embeddedNotifications?: (handler: (channel: string, payload: string) => void) => () => void;
  orm: MikroORM;
  logger: Logger;
  /** First reconnection delay; doubles on each failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle LISTEN connection is checked with a `select 1` (a silently dead one is replaced). */
  pingIntervalMs?: number;
  /** Events a slow subscriber may have waiting before it is ended with an error. */
  maxQueuedPerSubscriber?: number;
}

/**
 * The hub's two notification channels on one LISTEN connection (src/db/notification-listener.ts): status changes go
 * to this process's subscribers (src/subscriptions/status-fan-out.ts), data changes to the read caches
 * (src/cache/data-change-feed.ts). The NOTIFY (sent by `setConnectionStatus` inside its transaction, delivered at
 * commit) is the only source: nothing is published in memory, so every process sees the same changes.
 */
export class StatusChangeListener implements StatusChangeSource {
  private readonly fanOut: StatusFanOut;
  private readonly dataChanges = new DataChangeFeed();
  private readonly connection: NotificationListener;

  constructor(options: StatusListenerOptions) {
    this.fanOut = new StatusFanOut(options.orm, options.logger, options.maxQueuedPerSubscriber ?? 1_000);
    this.connection = new NotificationListener({
      ...options,
      channels: [STATUS_CHANNEL, DATA_CHANNEL],
      onNotification: (channel, payload) => {
        if (channel === STATUS_CHANNEL) this.fanOut.deliver(payload);
        else this.dataChanges.heard(payload);
      },
      onListeningChanged: () => this.dataChanges.gap(),
    });
  }

  /** Whether notifications are being heard right now. */
  get listening(): boolean {
    return this.connection.listening;
  }

  /**
   * Calls `handler` with the table named by each data-change notification (src/cache/caches.ts), and with null
   * whenever listening stops or resumes (changes may have gone unheard in between).
   */
  onDataChanged(handler: (table: string | null) => void): void {
    this.dataChanges.onChange(handler);
  }

  /** Number of live subscriptions in this process. */
  get subscriberCount(): number {
    return this.fanOut.size;
  }

  /** Resolves once the listener is (again) LISTENing, e.g. after a reconnection. */
  whenListening(): Promise<void> {
    return this.connection.whenListening();
  }

  /** Starts listening; if the first attempt fails it is logged and retried in the background. */
  start(): Promise<void> {
    return this.connection.start();
  }

  subscribe(filter?: StatusChangeFilter | null): AsyncIterableIterator<StatusChange> {
    return this.fanOut.subscribe(filter);
  }

  /** Stops listening and ends every subscription. */
  async stop(): Promise<void> {
    const stopping = this.connection.stop();
    this.fanOut.close();
    await stopping;
    await this.fanOut.idle();
  }
}
