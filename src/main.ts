import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** Entry point: parse configuration, build the hub, listen; stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const app = await createApp(config);
  const url = await app.listen();
  app.logger.info(`Lien Thong is ready at ${url}`, { database: config.databaseUrl ? 'server' : 'embedded', nodeEnv: config.nodeEnv });
  const shutdown = async (signal: string) => {
    app.logger.info('shutting down', { signal });
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Lien Thong failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
