import type { EntityClass } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import { DataDirInUseError } from './data-dir-lock.js';
import { connectionThroughOwner, EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';
import { createOrm } from './orm.js';

/** The database the process uses: a server URL, or the embedded database's unix socket settings. */
export type DatabaseSettings = string | { host: string; port: number; user: string; dbName: string };

export interface OpenedDatabase {
  orm: MikroORM;
  connection: DatabaseSettings;
  /** The embedded database this process started (and stops on close); null on a server or through another process. */
  embedded: EmbeddedDatabase | null;
  poolMax: number;
  /** False when the database is reached through the process that holds DATA_DIR (that process migrated and seeded it). */
  ownedHere: boolean;
  /** Where changes go, for a tool's output: "the PostgreSQL server", "the running hub (process 123) on ./data", ... */
  through: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The mapped entity classes, handed in from above (src/modules/entities.ts): the data toolkit knows no module. */
  entities: readonly EntityClass<object>[];
  /** A command-line tool (`keys`, `import`, `seed`): a small pool, and through the running hub when it holds DATA_DIR. */
  tool?: string;
  onQuery?: (sql: string) => void;
}

async function ormOn(config: AppConfig, connection: DatabaseSettings, poolMax: number, options: OpenOptions): Promise<MikroORM> {
  return createOrm({
    connection,
    poolMax,
    connectTimeoutMs: config.dbPoolWaitMs,
    statementTimeoutMs: config.statementTimeoutMs,
    directReads: config.preparedReads,
    onQuery: options.onQuery,
    entities: options.entities,
  });
}

/** The ORM on an embedded database this process started; the database is stopped again if the ORM cannot open. */
async function onOwnEmbedded(config: AppConfig, embedded: EmbeddedDatabase, poolMax: number, options: OpenOptions): Promise<OpenedDatabase> {
  let orm: MikroORM;
  try {
    orm = await ormOn(config, embedded.connection, poolMax, options);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const close = async () => {
    await orm.close();
    await embedded.stop();
  };
  return { orm, connection: embedded.connection, embedded, poolMax, ownedHere: true, through: `the embedded database in ${config.dataDir}`, close };
}

/**
 * A tool on the embedded database goes through the process that has DATA_DIR open (the running hub), so the hub sees
 * the change at once and the folder is never opened twice; else it opens the folder itself (taking its lock).
 */
async function openForTool(config: AppConfig, tool: string, options: OpenOptions): Promise<OpenedDatabase> {
  for (let attempt = 0; ; attempt++) {
    const owner = await connectionThroughOwner(config.dataDir);
    if (owner) {
      // One connection: everything a tool does runs in its transactions, and the socket keeps room for a few tools.
      const orm = await ormOn(config, owner.connection, 1, options);
      return {
        orm,
        connection: owner.connection,
        embedded: null,
        poolMax: 1,
        ownedHere: false,
        through: `${owner.lock.holder} (process ${owner.lock.pid}) on ${config.dataDir}`,
        close: () => orm.close(),
      };
    }
    let embedded: EmbeddedDatabase;
    try {
      embedded = await startEmbeddedDatabase(config.dataDir, `npm run ${tool}`, config.embeddedSnapshotDir);
    } catch (error) {
      // Another process took the folder between the look and the lock: go through it.
      if (error instanceof DataDirInUseError && attempt < 2) continue;
      throw error;
    }
    return onOwnEmbedded(config, embedded, 2, options);
  }
}

/**
 * Opens the configured database: DATABASE_URL's server, else the embedded PostgreSQL (PGlite) in DATA_DIR. The hub
 * takes the folder's lock (DataDirInUseError when another live process has it); a tool goes through that process.
 */
export async function openDatabase(config: AppConfig, options: OpenOptions): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const poolMax = options.tool ? 2 : config.dbPoolSize;
    const orm = await ormOn(config, config.databaseUrl, poolMax, options);
    return {
      orm,
      connection: config.databaseUrl,
      embedded: null,
      poolMax,
      ownedHere: true,
      through: 'the PostgreSQL server',
      close: () => orm.close(),
    };
  }
  if (options.tool) return openForTool(config, options.tool, options);
  const embedded = await startEmbeddedDatabase(config.dataDir, 'the hub', config.embeddedSnapshotDir);
  return onOwnEmbedded(config, embedded, EMBEDDED_MAX_CONNECTIONS, options);
}
