/**
 * What a database error means for the client: a lost connection, a full pool, a statement timeout, or bad data in the
 * request. Pure classification of the errors pg, pg-pool and MikroORM throw (they wrap each other), kept with the
 * data toolkit; the formatter (src/api/format-error.ts) and the request path use it.
 */
import { BadUserInputError } from '../errors.js';

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
// What pg and pg-pool say when a connection dies or cannot be made (their errors have no code).
const CONNECTION_ERROR_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|terminating connection|Client has encountered a connection error|Connection is closed|the database system is (starting up|shutting down)/i;

/** pg-pool's error for a caller that waited its whole `connectionTimeoutMillis` in the queue of a full pool. */
const POOL_WAIT_MESSAGE = /timeout exceeded when trying to connect/;

function someCause(error: unknown, test: (e: { code?: unknown; message?: unknown }) => boolean): boolean {
  const seen = new Set<unknown>();
  const check = (current: unknown, depth: number): boolean => {
    if (!current || typeof current !== 'object' || depth > 5 || seen.has(current)) return false;
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; originalError?: unknown };
    if (test(e)) return true;
    if (Array.isArray(e.errors) && e.errors.some((inner) => check(inner, depth + 1))) return true;
    return check(e.cause, depth + 1) || check(e.originalError, depth + 1);
  };
  return check(error, 0);
}

/** True when the error (or one it wraps) is a wait for a pooled connection that ran out: overload. */
export function isDatabaseBusyError(error: unknown): boolean {
  return someCause(error, (e) => typeof e.message === 'string' && POOL_WAIT_MESSAGE.test(e.message));
}

/** True when the error (or one it wraps: MikroORM keeps the driver's fields, AggregateError lists attempts) is a lost or refused database connection. */
export function isDatabaseConnectionError(error: unknown): boolean {
  return someCause(
    error,
    (e) =>
      (typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code)) ||
      (typeof e.message === 'string' && CONNECTION_ERROR_MESSAGES.test(e.message)),
  );
}

/** PostgreSQL cancelled the statement because it ran longer than `statement_timeout`. */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  return !!e && e.code === '57014' && typeof e.message === 'string' && /statement timeout/i.test(e.message);
}

/** What a PostgreSQL data exception (SQLSTATE class 22) says about the value, by SQLSTATE; the default for the rest. */
const DATA_EXCEPTION_HINTS: Record<string, string> = {
  '22001': 'A text is longer than the database column holding it allows: shorten it.',
  '22003': 'A number is out of the range the database can hold: send a smaller one.',
  '22007': 'A date or time is not in a form the database reads: send dates as YYYY-MM-DD.',
  '22008': 'A date or time is not a real one (or out of range): send an existing calendar date, YYYY-MM-DD, year 0001 to 9999.',
  '22021': 'A text holds a character the database cannot store (such as NUL, U+0000): remove it.',
  '22P05': 'A text holds a character the database cannot store (such as NUL, U+0000): remove it.',
  '22P02': 'A value could not be read as the type the database expects (a number, a date, an id): check each value against its field.',
};

/**
 * A PostgreSQL data exception (SQLSTATE class 22: invalid text representation, datetime field overflow, numeric out
 * of range, character not in repertoire, ...) behind `error`: the request's data was wrong, not the hub. Returns the
 * BAD_USER_INPUT to answer with (the statement failed, so its transaction changed nothing), or null.
 */
export function dataExceptionError(error: unknown): BadUserInputError | null {
  let found: { code: string; said: string; message: string } | null = null;
  someCause(error, (e) => {
    const said =
      typeof e.code === 'string' ? e.code : typeof (e as { sqlState?: unknown }).sqlState === 'string' ? (e as { sqlState: string }).sqlState : null;
    let code = said;
    // A NUL in a statement parameter does not even reach the type: PostgreSQL refuses the protocol message itself.
    if (code === '08P01' && typeof e.message === 'string' && /invalid message format/.test(e.message)) code = '22021';
    if (!code || !/^22[0-9A-Z]{3}$/.test(code)) return false;
    // Keep walking: the innermost error is the driver's, whose message is PostgreSQL's own (MikroORM's adds the SQL).
    found = { code, said: said!, message: typeof e.message === 'string' ? e.message : '' };
    return false;
  });
  if (!found) return null;
  const { code, said, message } = found as { code: string; said: string; message: string };
  const cut = message.lastIndexOf(' - ');
  const reason = (cut >= 0 ? message.slice(cut + 3) : message).slice(0, 200);
  const hint = DATA_EXCEPTION_HINTS[code] ?? 'A value in this request is not valid for the database: check each value against its field.';
  return new BadUserInputError(`${hint} Nothing was changed. (PostgreSQL ${said}: ${reason})`);
}
