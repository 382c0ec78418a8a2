import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';

// The bottom layer: the error codes and the classes thrown everywhere. Telling database errors apart is in
// src/db/db-errors.ts, and mapping every error for clients in src/api/format-error.ts (it needs both).

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
