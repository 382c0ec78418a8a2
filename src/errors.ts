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
  CHANGE_SAVED_READ_FAILED = 'CHANGE_SAVED_READ_FAILED',
  COMMIT_OUTCOME_UNKNOWN = 'COMMIT_OUTCOME_UNKNOWN',
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
    super(
      fields.length === 1 ? fields[0].message : `${fields.length} fields are invalid: ${fields.map((f) => f.field).join(', ')}.`,
      ErrorCode.BAD_USER_INPUT,
      { field: fields[0]?.field, fields },
    );
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
    super(
      `${what} was changed by someone else (your version ${expected}, current version ${current}); nothing was changed. Reload it and apply your change again.`,
      ErrorCode.CONFLICT,
      { expectedVersion: expected, currentVersion: current },
    );
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

export const DATABASE_BUSY_MESSAGE =
  'The hub is at capacity: every database connection stayed busy while this request waited for one; it changed nothing. Retry in a moment.';

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
    super(
      `Rate limit of ${limit} requests per minute ${keyed ? 'for this API key' : 'for this client address'} reached; retry in ${retryAfterSeconds} s.`,
      ErrorCode.RATE_LIMITED,
      { limit, retryAfter: retryAfterSeconds, http: httpHead(429, { 'retry-after': String(retryAfterSeconds) }) },
    );
  }
}

/** The operation is over one of the configured limits (`limit` names the setting): refused before it runs, HTTP 400. */
export class QueryLimitError extends AppError {
  constructor(message: string, limit: string, max: number) {
    super(`${message} Simplify the operation, or split it into several (the limit is set by ${limit}).`, ErrorCode.QUERY_LIMIT_EXCEEDED, {
      limit,
      max,
      http: httpHead(400),
    });
  }
}

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

const VARIABLE_ERROR_LIMIT = /^Too many errors processing variables/;

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

/**
 * Apollo refuses some requests with a 4xx but no code (a persisted query whose sha256Hash does not match its query,
 * an unsupported persisted-query version): the request is wrong, so they are BAD_REQUEST with a message saying what
 * to send. Returns that message, or null for any other error.
 */
function requestErrorOf(error: unknown): string | null {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions.code) return null;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  if (error.message === 'provided sha does not match query') {
    return 'extensions.persistedQuery.sha256Hash is not the SHA-256 of the query sent with it: send the lower-case hex SHA-256 of the exact query text, or leave the extension out. Nothing was run.';
  }
  if (error.message === 'Unsupported persisted query version') return 'extensions.persistedQuery.version must be 1. Nothing was run.';
  return `${error.message}. Nothing was run.`;
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
    if (VARIABLE_ERROR_LIMIT.test(formatted.message)) {
      // graphql-js stops coercing variables after 50 invalid values and adds this, without a code.
      return {
        message: 'Too many invalid variable values: the checks stopped after the first 50 (listed above). Fix them and send again; nothing was run.',
        locations: formatted.locations,
        extensions: { code: ErrorCode.BAD_USER_INPUT },
      };
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
      // graphql-js gives up (after a fixed amount of work, ~0.1 s) on operations repeating the same fields very often.
      return {
        message: "The operation repeats the same fields too often to be checked (graphql-js's fixed validation budget). Remove the repeated fields.",
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
    const data = dataExceptionError(original);
    if (data) return { message: data.message, path: formatted.path, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    const request = requestErrorOf(error);
    if (request) return { message: request, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    if (isStatementTimeout(original)) {
      return {
        message:
          'The database took too long to answer this and the request was cancelled. Ask for less (a smaller "first", fewer nested fields) and try again.',
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

/** One object a committed (or perhaps committed) transaction changed, named so a client can read it back. */
export interface SavedChange {
  entityType: string;
  /** Its code or key (the audit log's entityKey). */
  key: string | null;
  /** Its global id, for `node(id)`; null when not known. */
  id: string | null;
  /** The version it has once the change is saved; null when it was deleted (or carries no version). */
  version: number | null;
  deleted?: boolean;
}

const LISTED = 5;

/** 'InformationSystem LGSP-68 (node(id: "...")), now at version 4' (or 'expecting version 4'), the first few, then how many more. */
function describeChanges(changes: readonly SavedChange[], expecting: boolean): string {
  const state = (c: SavedChange) => {
    if (c.deleted) return expecting ? ', expecting it gone' : ', now deleted';
    if (c.version == null) return '';
    return expecting ? `, expecting version ${c.version}` : `, now at version ${c.version}`;
  };
  const one = (c: SavedChange) => `${c.entityType}${c.key ? ` ${c.key}` : ''}${c.id ? ` (node(id: "${c.id}"))` : ''}${state(c)}`;
  const listed = changes.slice(0, LISTED).map(one).join('; ');
  return changes.length > LISTED ? `${listed}; and ${changes.length - LISTED} more (all in extensions.changes)` : listed;
}

/**
 * The request's change was committed, but a read after it (a nested field of the answer) lost the database: this
 * part of the answer is missing, the change is not. Not 503: retrying would write it twice.
 */
export class ChangeSavedReadFailedError extends AppError {
  constructor(changes: readonly SavedChange[], requestId: string) {
    super(
      `The change WAS saved (${describeChanges(changes, false)}), but the database became unreachable before this part of the answer ` +
        'could be read. Do not send the change again; read it back once the database is reachable.',
      ErrorCode.CHANGE_SAVED_READ_FAILED,
      { saved: true, changes, requestId },
    );
  }
}

/**
 * COMMIT was sent and the database never answered: the change may or may not be saved, and only reading it back
 * tells. HTTP 502 (the database failed mid-exchange), never the 503 "changed nothing" with `retry-after`.
 */
export class CommitOutcomeUnknownError extends AppError {
  constructor(changes: readonly SavedChange[], requestId: string) {
    super(
      'The database stopped answering after the hub asked it to save this change, so the change may or may not have been saved. ' +
        `Once the database is reachable, read back ${describeChanges(changes, true)}. If you find what is expected, the change was saved ` +
        `(its auditLog entry carries requestId "${requestId}"); if not, it was not, and you can send it again.`,
      ErrorCode.COMMIT_OUTCOME_UNKNOWN,
      { saved: null, changes, requestId, http: httpHead(502) },
    );
  }
}
