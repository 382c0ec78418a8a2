import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** Connections the embedded server accepts; the ORM pool must not exceed it (see STACK.md). */
export const EMBEDDED_MAX_CONNECTIONS = 8;

export interface EmbeddedDatabase {
  /** Where the driver connects: a unix socket folder, never a TCP host (so it cannot reach a server by mistake). */
  connection: { host: string; port: number; user: string; dbName: string };
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL compiled to WASM (PGlite) on a data folder and exposes it on a local unix socket, so the
 * normal PostgreSQL driver, migrations and SQL run unchanged against it.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(pgDir, { recursive: true });
  const db = await PGlite.create({ dataDir: pgDir, extensions: { pg_trgm } });
  await db.waitReady;
  // A short socket folder keeps the unix socket path under the 107-byte limit whatever DATA_DIR is.
  const socketDir = fs.mkdtempSync(path.join('/tmp', 'lien-thong-'));
  const socketPath = path.join(socketDir, '.s.PGSQL.5432');
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  await server.start();
  return {
    connection: { host: socketDir, port: 5432, user: 'postgres', dbName: 'postgres' },
    async stop() {
      await server.stop();
      await db.close();
      fs.rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
