import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * graphql-jit as Apollo Server's executor: each validated document is compiled once into a function that resolves
 * it (graphql-js interprets the document again on every request), then answers every later request with the same
 * text and operation name. Apollo still parses, validates, runs the plugins around execution and formats errors;
 * only the walk over the fields changes. Apollo 5 takes a custom executor through its `gateway` option, which
 * hands it the schema and asks it for the executor. BENCHMARKS.md (issue 14) has what it saves.
 */

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = Awaited<ReturnType<GatewayInterface['load']>>['executor'];

/** Compiled documents kept, least recently used dropped first: clients send a fixed set of operations. */
const MAX_COMPILED = 500;

export function jitExecutor(schema: GraphQLSchema): GatewayExecutor {
  const compiled = new Map<string, CompiledQuery>();
  return async (request) => {
    const variables = request.request.variables ?? {};
    // graphql-js answers what is refused before anything runs (no operation of that name; variables that do not
    // coerce) in the words and codes Apollo expects (OPERATION_RESOLUTION_FAILURE, BAD_USER_INPUT, status 400).
    const interpreted = () =>
      execute({
        schema,
        document: request.document,
        contextValue: request.context,
        variableValues: variables,
        operationName: request.request.operationName,
      });
    if (!request.operation) return interpreted();
    const key = `${request.request.operationName ?? ''}\n${request.queryHash}`;
    let query = compiled.get(key);
    if (query) {
      compiled.delete(key);
    } else {
      let made: CompiledQuery | ExecutionResult;
      try {
        made = compileQuery(schema, request.document, request.request.operationName ?? undefined);
      } catch {
        // A document the compiler cannot take (none known): graphql-js runs it, as it ran every document before.
        return interpreted();
      }
      if (!isCompiledQuery(made)) return interpreted();
      query = made;
      if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(key, query);
    const result = await query.query(undefined, request.context, variables);
    // No data: the variables were refused before anything ran; nothing has run twice.
    if (result.data === undefined) return interpreted();
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : (result as ExecutionResult);
  };
}

/**
 * graphql-jit's errors, as graphql-js's execute makes them: an error thrown by a resolver becomes a GraphQLError
 * with the resolver's error as `originalError` (and its extensions, such as our codes), with `extensions` always an
 * object (Apollo reads `extensions.code` of every error; jit leaves it undefined) and jit's locations kept.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.extensions) return error;
  const original = error.originalError ?? undefined;
  const made = new GraphQLError(original?.message ?? error.message, { path: error.path, originalError: original });
  (made as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return made;
}

/** The `gateway` option of ApolloServer that serves `schema` with the compiled executor. */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  return {
    async load() {
      return { executor: jitExecutor(schema) };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async stop() {},
  };
}
