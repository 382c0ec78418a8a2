import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

/** Error codes clients can rely on (`extensions.code`). */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
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

export class DatabaseUnavailableError extends AppError {
  constructor() {
    super('The database is not reachable right now; the request changed nothing. Try again shortly.', ErrorCode.DATABASE_UNAVAILABLE);
  }
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

function isDatabaseConnectionError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: string; message?: string; cause?: unknown };
    if (e.code && CONNECTION_ERROR_CODES.has(e.code)) return true;
    if (e.message && /Connection terminated|connect ECONNREFUSED|terminating connection/i.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}

export type ErrorLogger = (error: unknown, context: { path?: readonly (string | number)[] }) => void;

/**
 * The one place errors are mapped for clients: our own errors pass through; GraphQL validation errors keep
 * Apollo's codes; a lost database becomes DATABASE_UNAVAILABLE; anything else is masked and logged.
 */
export function createErrorFormatter(log: ErrorLogger, exposeDetails: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) return { ...formatted, extensions: { ...original.extensions } };
    const code = formatted.extensions?.code;
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: exposeDetails ? formatted.extensions : extensions };
    }
    if (isDatabaseConnectionError(original)) {
      return { message: new DatabaseUnavailableError().message, path: formatted.path, extensions: { code: ErrorCode.DATABASE_UNAVAILABLE } };
    }
    log(original, { path: formatted.path });
    return {
      message: 'Internal server error: it has been logged. Please report it if it persists.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
