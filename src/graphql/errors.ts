import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';

/** Error codes clients can rely on (`extensions.code`). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_LIMIT_EXCEEDED = 'QUERY_LIMIT_EXCEEDED',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  DATABASE_TIMEOUT = 'DATABASE_TIMEOUT',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  DATABASE_BUSY = 'DATABASE_BUSY',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** Base of every error the hub raises on purpose: its message is meant for the person calling the API. */
export class AppError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** The request is wrong; `field` names the argument to fix. */
export class BadUserInputError extends AppError {
  constructor(message: string, field?: string) {
    super(message, ErrorCode.BAD_USER_INPUT, field ? { field } : {});
  }
}

/** Several fields are wrong at once: `extensions.fields` lists each with its message. */
export class InvalidInputError extends AppError {
  constructor(public readonly fields: { field: string; message: string }[]) {
    super(fields.length === 1 ? fields[0].message : `${fields.length} fields are invalid: ${fields.map((f) => f.field).join(', ')}.`,
      ErrorCode.BAD_USER_INPUT, { field: fields[0]?.field, fields });
  }
}

/** No valid API key was presented where one is required. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'This needs an API key: send it as "Authorization: Bearer <key>".') {
    super(message, ErrorCode.UNAUTHENTICATED, { http: { status: 401 } });
  }
}

/** The key is valid but its role or agency scope does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message: string) {
    super(message, ErrorCode.FORBIDDEN);
  }
}

/** An update was based on an older version of the object: nothing was changed. */
export class ConflictError extends AppError {
  constructor(what: string, expected: number, current: number) {
    super(`${what} was changed by someone else (your version ${expected}, current version ${current}); nothing was changed. Reload it and apply your change again.`,
      ErrorCode.CONFLICT, { expectedVersion: expected, currentVersion: current });
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super(message, ErrorCode.NOT_FOUND);
  }
}

/** `extensions.http` sets the HTTP status and headers of a response; the formatter keeps it out of the body. */
const httpHead = (status: number, headers: Record<string, string> = {}) => ({ status, headers: new HeaderMap(Object.entries(headers)) });

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is not reachable right now; the request changed nothing. Try again shortly.';

/** Answered with HTTP 503 and `retry-after` when it stops a request before it runs. */
export class DatabaseUnavailableError extends AppError {
  constructor() {
    super(DATABASE_UNAVAILABLE_MESSAGE, ErrorCode.DATABASE_UNAVAILABLE, { http: httpHead(503, { 'retry-after': '1' }) });
  }
}

export const DATABASE_BUSY_MESSAGE = 'The hub is at capacity: every database connection stayed busy while this request waited for one; it changed nothing. Retry in a moment.';

/**
 * Every pooled connection stayed busy for the whole wait (DB_POOL_WAIT_MS): the hub is overloaded, not cut off
 * from its database. HTTP 503 with `retry-after`, like an outage, but named apart so operators can tell the two.
 */
export class DatabaseBusyError extends AppError {
  constructor() {
    super(DATABASE_BUSY_MESSAGE, ErrorCode.DATABASE_BUSY, { http: httpHead(503, { 'retry-after': '1' }) });
  }
}

/** Too many requests for this API key (or client address) in the current minute: HTTP 429 with `retry-after`. */
export class RateLimitedError extends AppError {
  constructor(limit: number, retryAfterSeconds: number, keyed: boolean) {
    super(`Rate limit of ${limit} requests per minute ${keyed ? 'for this API key' : 'for this client address'} reached; retry in ${retryAfterSeconds} s.`,
      ErrorCode.RATE_LIMITED, { limit, retryAfter: retryAfterSeconds, http: httpHead(429, { 'retry-after': String(retryAfterSeconds) }) });
  }
}

/** The operation is over one of the configured limits (`limit` names the setting): refused before it runs, HTTP 400. */
export class QueryLimitError extends AppError {
  constructor(message: string, limit: string, max: number) {
    super(`${message} Simplify the operation, or split it into several (the limit is set by ${limit}).`, ErrorCode.QUERY_LIMIT_EXCEEDED,
      { limit, max, http: httpHead(400) });
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
// What pg and pg-pool say when a connection dies or cannot be made (their errors have no code).
const CONNECTION_ERROR_MESSAGES = /Connection terminated|connect ECONNREFUSED|terminating connection|Client has encountered a connection error|Connection is closed|the database system is (starting up|shutting down)/i;

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
  return someCause(error, (e) => (typeof e.code === 'string' && CONNECTION_ERROR_CODES.has(e.code))
    || (typeof e.message === 'string' && CONNECTION_ERROR_MESSAGES.test(e.message)));
}

/** PostgreSQL cancelled the statement because it ran longer than `statement_timeout`. */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown } | null;
  return !!e && e.code === '57014' && typeof e.message === 'string' && /statement timeout/i.test(e.message);
}

/** graphql-js's parser aborts at `maxTokens` with a syntax error (sic: "more that"). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] (\d+) tokens/;

export type ErrorLogger = (error: unknown, context: { path?: readonly (string | number)[] }) => void;

/** Our own error behind `error`: thrown by a resolver (wrapped with a path) or by a validation rule (wrapped by Apollo). */
function appErrorOf(error: unknown): AppError | null {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return original;
  const inner = (original as GraphQLError | null)?.originalError;
  return inner instanceof AppError ? inner : null;
}

/** graphql-js and Apollo add "Did you mean ...?" hints naming schema members; production leaves them out. */
const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean .+\?$/s, '');

/**
 * The one place errors are mapped for clients: our own errors pass through; GraphQL validation errors keep
 * Apollo's codes; a lost database becomes DATABASE_UNAVAILABLE; anything else is masked and logged.
 * `exposeDetails` is false in production: no field suggestions, no stack traces.
 */
export function createErrorFormatter(log: ErrorLogger, exposeDetails: boolean) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const own = appErrorOf(error);
    if (own) {
      const { http: _head, ...extensions } = own.extensions;
      return { ...formatted, message: own.message, extensions };
    }
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const tokens = TOKEN_LIMIT_MESSAGE.exec(formatted.message);
    if (tokens) {
      const limit = new QueryLimitError(`The operation has more than ${tokens[1]} tokens.`, 'MAX_TOKENS', Number(tokens[1]));
      const { http: _head, ...extensions } = limit.extensions;
      return { message: limit.message, locations: formatted.locations, extensions };
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
      // graphql-js gives up (after a fixed amount of work, ~0.1 s) on operations repeating the same fields very often.
      return {
        message: 'The operation repeats the same fields too often to be checked (graphql-js\'s fixed validation budget). Remove the repeated fields.',
        extensions: { code: ErrorCode.QUERY_LIMIT_EXCEEDED, limit: 'GRAPHQL_VALIDATION_BUDGET' },
      };
    }
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return exposeDetails ? formatted : { ...formatted, message: withoutSuggestions(formatted.message), extensions };
    }
    if (isDatabaseBusyError(original)) {
      return { message: DATABASE_BUSY_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.DATABASE_BUSY } };
    }
    if (isDatabaseConnectionError(original)) {
      return { message: DATABASE_UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } };
    }
    if (isStatementTimeout(original)) {
      return {
        message: 'The database took too long to answer this and the request was cancelled. Ask for less (a smaller "first", fewer nested fields) and try again.',
        path: formatted.path,
        extensions: { code: ErrorCode.DATABASE_TIMEOUT },
      };
    }
    log(original, { path: formatted.path });
    return {
      message: 'Internal server error: it has been logged. Please report it if it persists.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
  return format;
}
