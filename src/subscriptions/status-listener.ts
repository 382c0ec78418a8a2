import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { DATA_CHANNEL } from '../cache/caches.js';
import { execute } from '../db/sql.js';
import { errorFields, type Logger } from '../logger.js';
import { STATUS_CHANNEL, type StatusChange } from '../modules/connection/connection-status.service.js';

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

/** The database the app uses: a server URL, or the embedded database's unix socket settings. */
export type DatabaseSettings = string | { host: string; port: number; user: string; dbName: string };

export interface StatusListenerOptions {
  database: DatabaseSettings;
  /** The embedded PGlite database (reached through pglite-socket): see `listenEmbedded`. */
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

/** `application_name` of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'lien-thong-listen';

const DEFAULTS = { initialBackoffMs: 100, maxBackoffMs: 10_000, pingIntervalMs: 30_000, maxQueuedPerSubscriber: 1_000 };

export class SlowSubscriberError extends Error {
  constructor(limit: number) {
    super(`More than ${limit} live updates were waiting for this subscriber, so its subscription was ended; subscribe again.`);
  }
}

/** One subscriber's queue of changes: a hand-written iterator so `return()` ends a pending `next()` at once. */
class Subscriber implements AsyncIterableIterator<StatusChange> {
  private readonly queue: StatusChange[] = [];
  private readonly waiting: { resolve: (result: IteratorResult<StatusChange>) => void; reject: (error: Error) => void }[] = [];
  private done = false;
  private failure: Error | null = null;

  constructor(readonly filter: StatusChangeFilter, private readonly maxQueued: number, private readonly onEnd: (s: Subscriber) => void) {}

  push(change: StatusChange): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      waiter.resolve({ value: change, done: false });
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      this.fail(new SlowSubscriberError(this.maxQueued));
      return;
    }
    this.queue.push(change);
  }

  /** Ends the subscription; pending and later `next()` calls resolve as done. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.resolve({ value: undefined, done: true });
    this.onEnd(this);
  }

  private fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    this.end();
  }

  next(): Promise<IteratorResult<StatusChange>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<StatusChange>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<StatusChange>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<StatusChange> {
    return this;
  }
}

function isStatusChange(value: unknown): value is StatusChange {
  const v = value as StatusChange;
  return !!v && typeof v === 'object' && typeof v.connectionId === 'number' && typeof v.key === 'string' && typeof v.consumerCode === 'string'
    && typeof v.providerCode === 'string' && typeof v.status === 'string' && typeof v.statusSince === 'string'
    && (v.previousStatus === null || typeof v.previousStatus === 'string');
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

/**
 * Hears the status changes of every hub process through PostgreSQL LISTEN/NOTIFY and hands each to this process's
 * subscribers whose filter matches. The NOTIFY (sent by `setConnectionStatus` inside its transaction, delivered at
 * commit) is the only source: nothing is published in memory, so every process sees the same changes.
 *
 * On a PostgreSQL server it holds one dedicated connection in LISTEN mode, and reconnects (re-LISTENing) with
 * exponential backoff when it drops. NOTIFY is not stored: changes committed while that connection is down are
 * not delivered to this process's subscribers.
 */
export class StatusChangeListener implements StatusChangeSource {
  private readonly options: Required<Omit<StatusListenerOptions, 'embeddedNotifications'>> & Pick<StatusListenerOptions, 'embeddedNotifications'>;
  private readonly subscribers = new Set<Subscriber>();
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private lastActivity = Date.now();
  /** Notifications are handled one after another, so subscribers get them in commit order. */
  private dispatching: Promise<void> = Promise.resolve();
  private listeningNow = false;
  private readonly hookedClients = new WeakSet<pg.PoolClient>();
  private unsubscribeEmbedded: (() => void) | null = null;
  private readonly listeningWaiters = new Set<() => void>();
  private readonly dataHandlers = new Set<(table: string | null) => void>();

  constructor(options: StatusListenerOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Whether notifications are being heard right now. */
  get listening(): boolean {
    return this.listeningNow;
  }

  /**
   * Calls `handler` with the table named by each data-change notification (src/cache/caches.ts), and with null
   * whenever listening stops or resumes (changes may have gone unheard in between).
   */
  onDataChanged(handler: (table: string | null) => void): void {
    this.dataHandlers.add(handler);
  }

  private dataChanged(table: string | null): void {
    for (const handler of this.dataHandlers) handler(table);
  }

  /** Number of live subscriptions in this process. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Resolves once the listener is (again) LISTENing, e.g. after a reconnection. */
  whenListening(): Promise<void> {
    if (this.listeningNow) return Promise.resolve();
    return new Promise((resolve) => this.listeningWaiters.add(resolve));
  }

  /** Starts listening; if the first attempt fails it is logged and retried in the background. */
  async start(): Promise<void> {
    if (this.options.embedded) {
      try {
        await this.listenEmbedded();
      } catch (error) {
        this.options.logger.warn('live updates: could not LISTEN on the embedded database; subscriptions will receive nothing', errorFields(error));
      }
      return;
    }
    try {
      await this.connect();
    } catch (error) {
      this.options.logger.warn('live updates: could not LISTEN yet; retrying', errorFields(error));
      this.scheduleReconnect();
    }
    this.pingTimer = setInterval(() => void this.ping(), Math.max(1_000, this.options.pingIntervalMs / 3));
    this.pingTimer.unref();
  }

  subscribe(filter?: StatusChangeFilter | null): AsyncIterableIterator<StatusChange> {
    const subscriber = new Subscriber({ ...(filter ?? {}) }, this.options.maxQueuedPerSubscriber, (s) => this.subscribers.delete(s));
    if (this.stopped) subscriber.end();
    else this.subscribers.add(subscriber);
    return subscriber;
  }

  /** Stops listening and ends every subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.setListening(false);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    for (const subscriber of [...this.subscribers]) subscriber.end();
    this.unsubscribeEmbedded?.();
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
    await this.dispatching;
  }

  private setListening(value: boolean): void {
    if (value !== this.listeningNow) this.dataChanged(null);
    this.listeningNow = value;
    if (value) {
      for (const resolve of this.listeningWaiters) resolve();
      this.listeningWaiters.clear();
    }
  }

  private async connect(): Promise<void> {
    const { database } = this.options;
    const client = new pg.Client({
      ...(typeof database === 'string' ? { connectionString: database } : { host: database.host, port: database.port, user: database.user, database: database.dbName }),
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (message) => {
      this.lastActivity = Date.now();
      this.heard(message);
    });
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${STATUS_CHANNEL}; LISTEN ${DATA_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.lastActivity = Date.now();
    if (this.attempt > 0) this.options.logger.info('live updates: LISTEN connection restored', { attempts: this.attempt });
    this.attempt = 0;
    this.setListening(true);
  }

  private dropped(client: pg.Client, error?: Error): void {
    if (this.stopped || client !== this.client) return;
    this.client = null;
    this.setListening(false);
    this.options.logger.warn('live updates: LISTEN connection lost; reconnecting', error ? { error: error.message } : {});
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const { initialBackoffMs, maxBackoffMs } = this.options;
    const base = Math.min(maxBackoffMs, initialBackoffMs * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * (base / 2));
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error) => {
        this.options.logger.warn('live updates: reconnection failed; retrying', { attempt: this.attempt, ...errorFields(error) });
        this.scheduleReconnect();
      });
    }, delay);
  }

  /** Checks an idle LISTEN connection, so one that died silently (no RST) is noticed and replaced. */
  private async ping(): Promise<void> {
    const client = this.client;
    if (!client || Date.now() - this.lastActivity < this.options.pingIntervalMs) return;
    this.lastActivity = Date.now();
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the LISTEN connection did not answer a ping')), 10_000).unref());
    try {
      await Promise.race([client.query('select 1'), timeout]);
    } catch (error) {
      this.dropped(client, error as Error);
    }
  }

  /**
   * The embedded database: pglite-socket runs every socket connection on PGlite's single backend, so a
   * notification goes out on the connection that committed the NOTIFY, never on a separate LISTEN connection (a
   * dedicated client would also take one of the socket server's few connections from the ORM pool). So the hub
   * LISTENs once through the ORM pool (the single backend keeps it) and hears notifications on the pool's
   * connections. Still only the NOTIFY is the source; an embedded database serves one process anyway.
   */
  private async listenEmbedded(): Promise<void> {
    if (this.options.embeddedNotifications) {
      // Also hears what command-line tools connected through the hub's socket commit (they never LISTEN).
      this.unsubscribeEmbedded = this.options.embeddedNotifications((channel, payload) => {
        if (!this.stopped) this.heard({ channel, payload, processId: 0 });
      });
      await execute(this.options.orm.em.fork(), `LISTEN ${STATUS_CHANNEL}`);
      await execute(this.options.orm.em.fork(), `LISTEN ${DATA_CHANNEL}`);
      this.setListening(true);
      return;
    }
    const pool = (await this.options.orm.em.getConnection().getNativeClient()) as pg.Pool;
    const hook = (client: pg.PoolClient) => {
      if (this.hookedClients.has(client)) return;
      this.hookedClients.add(client);
      client.on('notification', (message) => {
        if (!this.stopped) this.heard(message);
      });
    };
    pool.on('connect', hook);
    pool.on('acquire', hook);
    await execute(this.options.orm.em.fork(), `LISTEN ${STATUS_CHANNEL}`);
    await execute(this.options.orm.em.fork(), `LISTEN ${DATA_CHANNEL}`);
    this.setListening(true);
  }

  private heard(message: pg.Notification): void {
    if (message.payload === undefined) return;
    if (message.channel === STATUS_CHANNEL) this.enqueue(message.payload);
    else if (message.channel === DATA_CHANNEL) this.dataChanged(message.payload);
  }

  private enqueue(payload: string): void {
    this.dispatching = this.dispatching.then(() => this.dispatch(payload)).catch((error) => {
      this.options.logger.error('live updates: a notification could not be delivered', errorFields(error));
    });
  }

  private async dispatch(payload: string): Promise<void> {
    let change: unknown;
    try {
      change = JSON.parse(payload);
    } catch {
      change = null;
    }
    if (!isStatusChange(change)) {
      this.options.logger.warn('live updates: ignored a malformed notification', { channel: STATUS_CHANNEL, payload: payload.slice(0, 500) });
      return;
    }
    const targets = [...this.subscribers].filter((s) => matchesWithoutOwner(s.filter, change));
    if (!targets.length) return;
    let owners: Set<string> | null = null;
    if (targets.some((s) => s.filter.ownerCode)) {
      const codes = [change.consumerCode, change.providerCode, viaCodeOf(change)].filter((c): c is string => !!c);
      try {
        const rows = await execute(this.options.orm.em.fork(), `select distinct a.code from information_system s join agency a on a.id = s.owner_id where s.code in (?)`, [codes]);
        owners = new Set(rows.map((r) => String(r.code)));
      } catch (error) {
        this.options.logger.error('live updates: owners of a change could not be read; not delivered to ownerCode subscriptions', { key: change.key, ...errorFields(error) });
      }
    }
    for (const subscriber of targets) {
      if (!subscriber.filter.ownerCode || owners?.has(subscriber.filter.ownerCode)) subscriber.push(change);
    }
  }
}
