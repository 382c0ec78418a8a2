import pino from 'pino';
import type { AppConfig } from './config.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The pino logger behind it (Fastify writes its request lines through it); absent on hand-made test loggers. */
  readonly pino?: pino.Logger;
}

/**
 * The JSON lines every reader of the logs relies on (README "Operations"): `time` in ISO 8601, `level` as its name,
 * the text under `message`, no pid or hostname; info and debug on stdout, warnings and errors on stderr. The
 * streams are Node's own (not pino's default file descriptor writer), written synchronously line by line.
 */
export function createPino(level: AppConfig['logLevel'], mixin?: () => Record<string, unknown>): pino.Logger {
  const streams = pino.multistream(
    [
      { level: 'trace', stream: process.stdout },
      { level: 'warn', stream: process.stderr },
    ],
    { dedupe: true },
  );
  return pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Tracing on: the ids of the current span on each line written inside a traced request.
      ...(mixin ? { mixin } : {}),
    },
    streams,
  );
}

/** The house logger, `logger.info(message, fields)`, over a pino logger. */
export function loggerOver(base: pino.Logger): Logger {
  const write =
    (level: Level) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      base[level](fields, message);
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), pino: base };
}

/** Structured JSON lines on stdout (stderr for warnings and errors). */
export function createLogger(level: AppConfig['logLevel'], mixin?: () => Record<string, unknown>): Logger {
  return loggerOver(createPino(level, mixin));
}

/** An error as loggable fields, stack included (logs only; clients never see it). */
export function errorFields(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: String(error) };
}
