import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { RequestContext } from '../api/context.js';
import { inputGuardPlugin } from '../api/input-guard.js';
import { jitGateway } from '../api/jit-executor.js';
import { costLimitPlugin, limitParseOptions, limitValidationRules } from '../api/limits.js';
import type { ReadCaches } from '../cache/caches.js';
import { invalidateAfterMutationsPlugin } from '../cache/invalidate-plugin.js';
import type { AppConfig } from '../config.js';
import { createErrorFormatter } from '../api/format-error.js';
import { errorFields, type Logger } from '../logger.js';
import { countingErrors, operationNamePlugin, type Metrics } from '../ops/metrics.js';
import { landingPagePlugin } from './landing-page.js';
import { databaseOutageStatusPlugin } from './outage-status.js';
import { currentRequest } from './request-scope.js';
import type { Tracing } from '../ops/tracing.js';
import { tracingPlugin } from './tracing-hooks.js';
import type { ReplicaSet } from '../db/replicas.js';
import { replicaRoutingPlugin } from './replica-routing.js';

export interface ApolloOptions {
  schema: GraphQLSchema;
  config: AppConfig;
  logger: Logger;
  metrics: Metrics;
  caches: ReadCaches;
  /** Drained on stop: the listener closes, idle connections with it, requests in flight get SHUTDOWN_GRACE_MS. */
  httpServer: http.Server;
  /** On: each operation is a span (tracing-hooks.ts). */
  tracing: Tracing | null;
  /** DATABASE_REPLICA_URLS' replicas: queries read from them (replica-routing.ts). */
  replicas: ReplicaSet | null;
}

/** The ApolloServer of the HTTP API: its options and plugin list (started by the caller). */
export function createApollo(options: ApolloOptions): ApolloServer<RequestContext> {
  const { schema, config, logger, metrics, caches, httpServer, tracing, replicas } = options;
  const development = config.nodeEnv !== 'production';
  const logUnexpected = (error: unknown, context: { path?: readonly (string | number)[] }) =>
    logger.error('unexpected error', { requestId: currentRequest()?.requestId, ...errorFields(error), ...context });
  // Resolver spans come from Apollo's willResolveField hooks, which wrap graphql-js's resolvers: traced, graphql-js runs.
  const jit = config.graphqlJit && !tracing;
  return new ApolloServer<RequestContext>({
    ...(jit ? { gateway: jitGateway(schema) } : { schema }),
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // Production: no "Did you mean ...?" hints naming schema members.
    hideSchemaDetailsFromClientErrors: !development,
    // One operation per request: a JSON array is refused (400), so limits and rate limits count every operation.
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handlers (on outside NODE_ENV=test) stop it and then re-send the signal,
    // which main.ts saw as an impatient second signal and exited 1 without closing the database.
    stopOnTerminationSignals: false,
    // Requests a browser could send cross-site without a CORS preflight (GET, form posts) need a header that forces one.
    csrfPrevention: true,
    parseOptions: limitParseOptions(config.limits),
    validationRules: limitValidationRules(config.limits),
    formatError: countingErrors(createErrorFormatter(logUnexpected, development), metrics),
    plugins: [
      ...(tracing ? [tracingPlugin(tracing)] : []),
      // Text no stored value may hold (NUL, control characters, lone surrogates, over-long) is refused before anything runs.
      inputGuardPlugin,
      costLimitPlugin(config.limits.maxCost),
      operationNamePlugin,
      databaseOutageStatusPlugin,
      invalidateAfterMutationsPlugin(caches),
      ...(replicas ? [replicaRoutingPlugin(replicas)] : []),
      // No cache hints are used, and federated tracing is not collected: both cost throughput (STACK.md).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Apollo's own drain of the node server under Fastify (not @as-integrations/fastify's drain plugin, whose
      // grace period is a fixed 10 s): SHUTDOWN_GRACE_MS keeps its meaning.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      // Sandbox (development) or Apollo's page (production), both from Apollo's CDN, with a note pointing offline
      // users to /graphiql and /explorer; Sandbox's telemetry off.
      landingPagePlugin({ development, graphiql: config.graphiql }),
    ],
  });
}
