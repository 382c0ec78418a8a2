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
  // `url` and `port` let supervisors and tests started with PORT=0 find the hub.
  app.logger.info(`Lien Thong is ready at ${url}`, { url, port: Number(new URL(url).port), database: config.databaseUrl ? 'server' : 'embedded', nodeEnv: config.nodeEnv });
  // Stop accepting connections, let in-flight requests finish (up to SHUTDOWN_GRACE_MS), close the database, exit 0.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      // A second signal: the operator does not want to wait for the drain.
      app.logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    stopping = true;
    app.logger.info('shutting down: draining in-flight requests', { signal, graceMs: config.shutdownGraceMs });
    try {
      await app.stop();
    } catch (error) {
      app.logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
    app.logger.info('stopped', { signal });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`Lien Thong failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
