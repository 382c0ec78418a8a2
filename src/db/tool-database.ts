import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config.js';
import { DataDirInUseError } from './data-dir-lock.js';
import { connectionThroughOwner, startEmbeddedDatabase, type EmbeddedDatabase } from './embedded.js';
import { createOrm, migrate } from './orm.js';

export interface ToolDatabase {
  orm: MikroORM;
  /** Where the tool's changes go, for its output: "the PostgreSQL server", "the running hub (process 123)", ... */
  through: string;
  close(): Promise<void>;
}

/**
 * The database of a command-line tool (`npm run keys`, `import`, `seed`): DATABASE_URL's server; on the embedded
 * database, through the process that has DATA_DIR open (the running hub), so the hub sees the change at once and
 * the folder is never opened twice; else the tool opens the folder itself (taking its lock) and migrates it.
 * `entities`: the mapped classes (src/modules/entities.ts). `seed`: the seed loader (src/seed/load-seeds.ts), run when
 * the tool opened the database itself and SEED_ON_START allows it; handed in, as src/db/ imports nothing above it.
 */
export async function openToolDatabase(
  config: AppConfig, tool: string, options: { entities: readonly EntityClass<object>[]; seed?: (em: EntityManager) => Promise<unknown> },
): Promise<ToolDatabase> {
  const orm = (connection: Parameters<typeof createOrm>[0]['connection'], poolMax: number) => createOrm({
    entities: options.entities, connection, poolMax, connectTimeoutMs: config.dbPoolWaitMs, statementTimeoutMs: config.statementTimeoutMs,
  });
  const prepare = async (opened: MikroORM) => {
    await migrate(opened);
    if (options.seed && config.seedOnStart) await options.seed(opened.em.fork());
  };
  if (config.databaseUrl) {
    const opened = await orm(config.databaseUrl, 2);
    try {
      await prepare(opened);
    } catch (error) {
      await opened.close();
      throw error;
    }
    return { orm: opened, through: 'the PostgreSQL server', close: () => opened.close() };
  }
  for (let attempt = 0; ; attempt++) {
    const owner = await connectionThroughOwner(config.dataDir);
    if (owner) {
      // One connection: everything a tool does runs in its transactions, and the socket keeps room for a few tools.
      const opened = await orm(owner.connection, 1);
      return { orm: opened, through: `${owner.lock.holder} (process ${owner.lock.pid}) on ${config.dataDir}`, close: () => opened.close() };
    }
    let embedded: EmbeddedDatabase;
    try {
      embedded = await startEmbeddedDatabase(config.dataDir, `npm run ${tool}`);
    } catch (error) {
      // Another process took the folder between the look and the lock: go through it.
      if (error instanceof DataDirInUseError && attempt < 2) continue;
      throw error;
    }
    const opened = await orm(embedded.connection, 2);
    const close = async () => {
      await opened.close();
      await embedded.stop();
    };
    try {
      await prepare(opened);
    } catch (error) {
      await close();
      throw error;
    }
    return { orm: opened, through: `the embedded database in ${config.dataDir}`, close };
  }
}
