import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireDataDirLock, liveLock, type DataDirLock } from './data-dir-lock.js';
import { tapNotifications, type NotificationHandler } from './embedded-notifications.js';
import { isNewDataFolder, readSnapshot } from './embedded-snapshot.js';

/** Connections of the hub's own pool on the embedded database (see STACK.md: the pool must fit the socket server). */
export const EMBEDDED_MAX_CONNECTIONS = 8;
/** Connections kept free beyond the hub's pool for command-line tools working through the running hub. */
export const TOOL_CONNECTIONS = 4;

/** Where the driver connects: a unix socket folder, never a TCP host (so it cannot reach a server by mistake). */
export interface EmbeddedConnection {
  host: string;
  port: number;
  user: string;
  dbName: string;
}

export interface EmbeddedDatabase {
  connection: EmbeddedConnection;
  /**
   * Every NOTIFY committed on this database, by any connection (the hub's pool or a tool's): the socket delivers
   * one only to the connection that committed it (see embedded-notifications.ts). Returns the unsubscribe function.
   */
  onNotification(handler: NotificationHandler): () => void;
  /** How the data folder came to be: it was there, made from the prepared snapshot, or made by initdb. */
  created: 'existing' | 'snapshot' | 'initdb';
  stop(): Promise<void>;
}

const SOCKET_FILE = '.s.PGSQL.5432';

function connectionTo(socketPath: string): EmbeddedConnection {
  return { host: path.dirname(socketPath), port: 5432, user: 'postgres', dbName: 'postgres' };
}

/**
 * Starts PostgreSQL compiled to WASM (PGlite) on a data folder and exposes it on a local unix socket, so the
 * normal PostgreSQL driver, migrations and SQL run unchanged against it. Takes the folder's lock first
 * (data-dir-lock.ts): throws DataDirInUseError, without touching the folder, when another live process has it open.
 */
export async function startEmbeddedDatabase(dataDir: string, holder = 'the hub', snapshotDir: string | null = null): Promise<EmbeddedDatabase> {
  // A short socket folder keeps the unix socket path under the 107-byte limit whatever DATA_DIR is.
  const socketDir = fs.mkdtempSync(path.join('/tmp', 'lien-thong-'));
  const socketPath = path.join(socketDir, SOCKET_FILE);
  let release: (() => void) | null = null;
  let db: PGlite | null = null;
  try {
    release = acquireDataDirLock(dataDir, holder, socketPath);
    const pgDir = path.join(dataDir, 'pg');
    fs.mkdirSync(pgDir, { recursive: true });
    const snapshot = snapshotDir && isNewDataFolder(pgDir) ? readSnapshot(snapshotDir) : null;
    const created = !isNewDataFolder(pgDir) ? 'existing' : snapshot ? 'snapshot' : 'initdb';
    db = await PGlite.create({ dataDir: pgDir, extensions: { pg_trgm }, ...(snapshot ? { loadDataDir: snapshot } : {}) });
    await db.waitReady;
    const handlers = new Set<NotificationHandler>();
    const tapped = tapNotifications(db, (channel, payload) => {
      for (const handler of handlers) {
        try {
          handler(channel, payload);
        } catch {
          // A listener's failure must not break the query that carried the notification.
        }
      }
    });
    const server = new PGLiteSocketServer({ db: tapped, path: socketPath, maxConnections: EMBEDDED_MAX_CONNECTIONS + TOOL_CONNECTIONS });
    await server.start();
    const opened = db;
    const unlock = release;
    return {
      connection: connectionTo(socketPath),
      created,
      onNotification(handler) {
        handlers.add(handler);
        return () => handlers.delete(handler);
      },
      async stop() {
        await server.stop();
        await opened.close();
        fs.rmSync(socketDir, { recursive: true, force: true });
        unlock();
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    release?.();
    fs.rmSync(socketDir, { recursive: true, force: true });
    throw error;
  }
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The running process that holds `dataDir` (the hub, usually), for a command-line tool to connect through instead of
 * opening the folder a second time; null when none holds it. Waits up to `waitMs` for a process that is still
 * starting (its lock is taken before its socket listens).
 */
export async function connectionThroughOwner(
  dataDir: string,
  waitMs = 60_000,
): Promise<{ lock: DataDirLock; connection: EmbeddedConnection } | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = liveLock(dataDir);
    if (!lock) return null;
    if (await socketAnswers(lock.socket)) return { lock, connection: connectionTo(lock.socket) };
    if (Date.now() > deadline) {
      throw new Error(
        `${lock.holder} (process ${lock.pid}) holds the embedded database in ${dataDir} but does not answer on ${lock.socket}; ` +
          'wait until it has started, or stop it and try again.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
