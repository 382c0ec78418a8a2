import { createApp, type App } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { DataDirInUseError } from './db/data-dir-lock.js';
import { portIsFree, PortInUseError } from './server/port-in-use.js';
import { createLogger, type Logger } from './logger.js';

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

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) exitWith(2, error.message);
    throw error;
  }
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish (up to SHUTDOWN_GRACE_MS), close the
 * database, exit 0. A signal while the hub is still starting stops it as soon as it has started (a half-opened
 * database is not left behind): `stopIfAsked()` after each step of the start.
 */
function handleSignals(config: AppConfig, logger: Logger) {
  let app: App | null = null;
  let first: { signal: string; at: number } | null = null;
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
    if (first) {
      if (signal === first.signal && Date.now() - first.at < SIGNAL_ECHO_MS) {
        logger.debug('ignored a repeated signal (the terminal and npm both deliver one Ctrl-C)', { signal });
        return;
      }
      // A second signal: the operator does not want to wait for the drain.
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    first = { signal, at: Date.now() };
    if (app) void stop(signal);
    else logger.info('signal received while starting: stopping once started', { signal });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  return {
    started(started: App) {
      app = started;
    },
    /** A signal came while starting: stop now (true). */
    stopIfAsked(): boolean {
      if (first) void stop(first.signal);
      return !!first;
    },
  };
}

/** Listens; a taken port closes the database (never hanging on it) and exits 2. */
async function listenOrExit(app: App, logger: Logger): Promise<string> {
  try {
    return await app.listen();
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    logger.error('port in use', { port: error.port, error: error.message });
    setTimeout(() => exitWith(2, error.message), 5_000).unref();
    await app.stop().catch(() => undefined);
    exitWith(2, error.message);
  }
}

/** Entry point: parse configuration, build the hub, listen; stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  const signals = handleSignals(config, logger);
  // Fail fast on a taken port, before the database is opened (the first embedded start seeds for a while).
  if (config.port && !(await portIsFree(config.port))) exitWith(2, new PortInUseError(config.port).message);
  let app: App;
  try {
    app = await createApp(config);
  } catch (error) {
    if (error instanceof DataDirInUseError) exitWith(2, error.message);
    throw error;
  }
  signals.started(app);
  if (signals.stopIfAsked()) return;
  const url = await listenOrExit(app, logger);
  if (signals.stopIfAsked()) return;
  // `url` and `port` let supervisors and tests started with PORT=0 find the hub.
  logger.info(`Lien Thong is ready at ${url}`, {
    url,
    port: Number(new URL(url).port),
    database: config.databaseUrl ? 'server' : 'embedded',
    nodeEnv: config.nodeEnv,
  });
}

main().catch((error) => {
  process.stderr.write(`Lien Thong failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
