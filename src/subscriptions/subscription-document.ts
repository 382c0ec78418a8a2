import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from '../config.js';
import { QueryLimitError } from '../errors.js';
import { costLimitError, limitParseOptions } from '../api/limits.js';

/** graphql-js's parser aborts at `maxTokens` with a syntax error (sic: "more that"). */
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] (\d+) tokens/;

/**
 * The error as a client receives it over the socket: graphql-ws sends `toJSON()` as is (no formatter), so the HTTP
 * status and headers an error carries for Apollo (`extensions.http`) are dropped here.
 */
function clientError(error: GraphQLError, code?: string): GraphQLError {
  const { http: _http, ...extensions } = error.extensions ?? {};
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...extensions, code: code ?? extensions.code ?? 'GRAPHQL_VALIDATION_FAILED' },
  });
}

/**
 * Parses and checks a document sent over the WebSocket with the same limits as over HTTP and the same answers:
 * tokens (the parser), depth, aliases and directives (`limitRules`), graphql-js's validation budget, and cost
 * (with the variables). Returns the document and its operation, or the errors to send (QUERY_LIMIT_EXCEEDED with
 * `extensions.limit` and `max`, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST).
 */
export function checkSubscriptionDocument(
  schema: GraphQLSchema,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
  limits: QueryLimits,
  limitRules: readonly ValidationRule[],
): { document: DocumentNode; operation: OperationDefinitionNode } | GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(payload.query, limitParseOptions(limits));
  } catch (error) {
    const e = error as GraphQLError;
    const tokens = TOKEN_LIMIT_MESSAGE.exec(e.message);
    if (tokens) return [clientError(new QueryLimitError(`The operation has more than ${tokens[1]} tokens.`, 'MAX_TOKENS', Number(tokens[1])))];
    return [clientError(e, 'GRAPHQL_PARSE_FAILED')];
  }
  const errors = validate(schema, document, [...specifiedRules, ...limitRules]);
  if (errors.length) {
    return errors.map((e) =>
      e.message === 'Validation aborted.'
        ? // graphql-js gave up after its fixed amount of work (an operation repeating the same fields very often).
          new GraphQLError(
            "The operation repeats the same fields too often to be checked (graphql-js's fixed validation budget). Remove the repeated fields.",
            { extensions: { code: 'QUERY_LIMIT_EXCEEDED', limit: 'GRAPHQL_VALIDATION_BUDGET' } },
          )
        : clientError(e),
    );
  }
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return [new GraphQLError('Unable to identify the operation: name it with operationName.', { extensions: { code: 'BAD_REQUEST' } })];
  if (operation.operation !== 'subscription') {
    return [
      new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations to /graphql over HTTP.', {
        extensions: { code: 'BAD_REQUEST' },
      }),
    ];
  }
  const tooCostly = costLimitError(schema, document, operation, payload.variables ?? undefined, limits.maxCost);
  if (tooCostly) return [clientError(tooCostly)];
  return { document, operation };
}
