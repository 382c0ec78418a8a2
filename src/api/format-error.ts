import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, DATABASE_BUSY_MESSAGE, DATABASE_UNAVAILABLE_MESSAGE, ErrorCode, QueryLimitError } from '../errors.js';
import { dataExceptionError, isDatabaseBusyError, isDatabaseConnectionError, isStatementTimeout } from '../db/db-errors.js';

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

/** Our own error as thrown: its message and extensions, without `extensions.http` (the response head, not the body). */
function formatOwn(formatted: GraphQLFormattedError, own: AppError): GraphQLFormattedError {
  const { http: _head, ...extensions } = own.extensions;
  return { ...formatted, message: own.message, extensions };
}

/** graphql-js's own limits (token count, invalid variables, validation budget) come without a code of ours: name them. */
function formatGraphqlLimit(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
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
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
    // graphql-js gives up (after a fixed amount of work, ~0.1 s) on operations repeating the same fields very often.
    return {
      message: "The operation repeats the same fields too often to be checked (graphql-js's fixed validation budget). Remove the repeated fields.",
      extensions: { code: ErrorCode.QUERY_LIMIT_EXCEEDED, limit: 'GRAPHQL_VALIDATION_BUDGET' },
    };
  }
  return null;
}

/**
 * An error without a code that is still not the hub's fault (the database lost, busy or slow; bad data; a request
 * Apollo refused): named for the client. Null for anything else, which is masked and logged.
 */
function formatKnownFailure(formatted: GraphQLFormattedError, error: unknown, original: unknown): GraphQLFormattedError | null {
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
  return null;
}

/**
 * The one place errors are mapped for clients: our own errors pass through; GraphQL validation errors keep
 * Apollo's codes; a lost database becomes DATABASE_UNAVAILABLE; anything else is masked and logged.
 * `exposeDetails` is false in production: no field suggestions, no stack traces.
 */
export function createErrorFormatter(log: ErrorLogger, exposeDetails: boolean) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const own = appErrorOf(error);
    if (own) return formatOwn(formatted, own);
    const limit = formatGraphqlLimit(formatted);
    if (limit) return limit;
    const code = formatted.extensions?.code;
    if (code && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return exposeDetails ? formatted : { ...formatted, message: withoutSuggestions(formatted.message), extensions };
    }
    const original = unwrapResolverError(error);
    const known = formatKnownFailure(formatted, error, original);
    if (known) return known;
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
