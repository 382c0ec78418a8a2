import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { errorFields, type Logger } from '../logger.js';
import { execute } from './sql.js';

/** The database the app uses: a server URL, or the embedded database's unix socket settings. */
export type DatabaseSettings = string | { host: string; port: number; user: string; dbName: string };

export interface NotificationListenerOptions {
  database: DatabaseSettings;
  /** The embedded PGlite database (reached through pglite-socket): see `listenEmbedded`. */
  embedded: boolean;
  /** The embedded database's own feed of every committed notification (src/db/embedded.ts), heard instead of the pool's. */
  embeddedNotifications?: (handler: (channel: string, payload: string) => void) => () => void;
  orm: MikroORM;
  logger: Logger;
  /** The channels to LISTEN on. */
  channels: readonly string[];
  /** Each notification heard on one of them, in the order heard. */
  onNotification: (channel: string, payload: string) => void;
  /** Listening started or stopped (notifications sent meanwhile are not heard: NOTIFY is not stored). */
  onListeningChanged: (listening: boolean) => void;
  /** First reconnection delay; doubles on each failure up to `maxBackoffMs`. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often an idle LISTEN connection is checked with a `select 1` (a silently dead one is replaced). */
  pingIntervalMs?: number;
}

/** `application_name` of the LISTEN connection, so operators (and tests) can find it in pg_stat_activity. */
export const LISTENER_APPLICATION_NAME = 'lien-thong-listen';

const DEFAULTS = { initialBackoffMs: 100, maxBackoffMs: 10_000, pingIntervalMs: 30_000 };

/**
 * The LISTEN connection: hears PostgreSQL notifications on a few channels, whichever process committed them.
 *
 * On a PostgreSQL server it holds one dedicated connection in LISTEN mode, and reconnects (re-LISTENing) with
 * exponential backoff when it drops. NOTIFY is not stored: notifications committed while that connection is down
 * are not heard (`onListeningChanged(false)` says so).
 */
export class NotificationListener {
  private readonly options: Required<Omit<NotificationListenerOptions, 'embeddedNotifications'>> &
    Pick<NotificationListenerOptions, 'embeddedNotifications'>;
  private client: pg.Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private stopped = false;
  private lastActivity = Date.now();
  private listeningNow = false;
  private readonly hookedClients = new WeakSet<pg.PoolClient>();
  private unsubscribeEmbedded: (() => void) | null = null;
  private readonly listeningWaiters = new Set<() => void>();

  constructor(options: NotificationListenerOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Whether notifications are being heard right now. */
  get listening(): boolean {
    return this.listeningNow;
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

  /** Stops listening for good. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.setListening(false);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.unsubscribeEmbedded?.();
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private setListening(value: boolean): void {
    if (value !== this.listeningNow) this.options.onListeningChanged(value);
    this.listeningNow = value;
    if (value) {
      for (const resolve of this.listeningWaiters) resolve();
      this.listeningWaiters.clear();
    }
  }

  private listenStatement(): string {
    return this.options.channels.map((channel) => `LISTEN ${channel}`).join('; ');
  }

  private async connect(): Promise<void> {
    const { database } = this.options;
    const client = new pg.Client({
      ...(typeof database === 'string'
        ? { connectionString: database }
        : { host: database.host, port: database.port, user: database.user, database: database.dbName }),
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
      await client.query(this.listenStatement());
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
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the LISTEN connection did not answer a ping')), 10_000).unref(),
    );
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
      for (const channel of this.options.channels) await execute(this.options.orm.em.fork(), `LISTEN ${channel}`);
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
    for (const channel of this.options.channels) await execute(this.options.orm.em.fork(), `LISTEN ${channel}`);
    this.setListening(true);
  }

  private heard(message: pg.Notification): void {
    if (message.payload === undefined) return;
    if (this.options.channels.includes(message.channel)) this.options.onNotification(message.channel, message.payload);
  }
}
