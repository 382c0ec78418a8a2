import { createApp, type App } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { portIsFree, PortInUseError } from './server/port-in-use.js';
import { createLogger } from './logger.js';

/**
 * Under `npm start` one Ctrl-C reaches the hub twice: from the terminal (the whole process group gets it) and again
 * from npm, which forwards SIGINT/SIGTERM to its script. A repeat of the same signal this soon after the first is
 * that echo, not the user asking again; a real second signal (a second Ctrl-C) comes later and exits at once.
 */
export const SIGNAL_ECHO_MS = 500;

/** Exit codes: 0 stopped cleanly, 1 failed or stopped without draining (second signal), 2 configuration problem. */
function exitWith(code: number, message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** Entry point: parse configuration, build the hub, listen; stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) exitWith(2, error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let app: App | null = null;
  // An object, not a `let`: the signal handlers set it while main() awaits.
  const signals: { first: { signal: string; at: number } | null } = { first: null };

  // Stop accepting connections, let in-flight requests finish (up to SHUTDOWN_GRACE_MS), close the database, exit 0.
  const stop = async (signal: string) => {
    logger.info('shutting down: draining in-flight requests', { signal, graceMs: config.shutdownGraceMs });
    try {
      await app!.stop();
    } catch (error) {
      logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
    logger.info('stopped', { signal });
    process.exit(0);
  };
  const onSignal = (signal: string) => {
    const { first } = signals;
    if (first) {
      if (signal === first.signal && Date.now() - first.at < SIGNAL_ECHO_MS) {
        logger.debug('ignored a repeated signal (the terminal and npm both deliver one Ctrl-C)', { signal });
        return;
      }
      // A second signal: the operator does not want to wait for the drain.
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    signals.first = { signal, at: Date.now() };
    // A signal while the hub is still starting stops it as soon as it has started (a half-opened database is not left behind).
    if (app) void stop(signal);
    else logger.info('signal received while starting: stopping once started', { signal });
  };
  /** A signal came while starting: stop now (true). */
  const stopIfAsked = () => {
    if (signals.first) void stop(signals.first.signal);
    return !!signals.first;
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));

  // Fail fast on a taken port, before the database is opened (the first embedded start seeds for a while).
  if (config.port && !(await portIsFree(config.port))) exitWith(2, new PortInUseError(config.port).message);
  try {
    app = await createApp(config);
  } catch (error) {
    if (error instanceof DataDirInUseError) exitWith(2, error.message);
    throw error;
  }
  if (stopIfAsked()) return;
  let url: string;
  try {
    url = await app.listen();
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    logger.error('port in use', { port: error.port, error: error.message });
    // Close the database before exiting; never hang on it.
    setTimeout(() => exitWith(2, error.message), 5_000).unref();
    await app.stop().catch(() => undefined);
    exitWith(2, error.message);
  }
  if (stopIfAsked()) return;
  // `url` and `port` let supervisors and tests started with PORT=0 find the hub.
  logger.info(`Lien Thong is ready at ${url}`, { url, port: Number(new URL(url).port), database: config.databaseUrl ? 'server' : 'embedded', nodeEnv: config.nodeEnv });
}

main().catch((error) => {
  process.stderr.write(`Lien Thong failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
