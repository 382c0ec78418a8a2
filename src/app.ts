import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config.js';
import { createHub, type HubOptions } from './hub.js';
import type { Logger } from './logger.js';
import type { SeedReport } from './seed/load-seeds.js';
import { createServer, type Server } from './server/http-server.js';

export type AppOptions = HubOptions;

export interface App {
  config: AppConfig;
  orm: MikroORM;
  logger: Logger;
  seedReport: SeedReport | null;
  /** Starts listening; resolves with the GraphQL endpoint URL. */
  listen: Server['listen'];
  /** Runs one GraphQL operation in-process, through the same pipeline as HTTP requests (tests, scripts). */
  execute: Server['execute'];
  stop(): Promise<void>;
}

/**
 * The whole hub: `createHub` (database, migrations, seed, notifications, caches) and `createServer` (the API on a
 * socket). `main.ts` only calls this and `listen()`; tests reuse it.
 */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const hub = await createHub(config, options);
  let server: Server;
  try {
    server = await createServer(hub, config);
  } catch (error) {
    await hub.stop();
    throw error;
  }
  return {
    config,
    orm: hub.orm,
    logger: hub.logger,
    seedReport: hub.seedReport,
    listen: server.listen,
    execute: server.execute,
    async stop() {
      await server.stop();
      await hub.stop();
    },
  };
}
