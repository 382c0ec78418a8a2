import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import type { FastifyInstance } from 'fastify';
import { createRequestContext, type RequestContext } from '../api/context.js';
import { limitValidationRules } from '../api/limits.js';
import { buildAppSchema } from '../api/schema.js';
import type { AppConfig } from '../config.js';
import { explorerRoutes } from '../explorer/explorer-routes.js';
import { graphiqlRoutes } from '../graphiql/graphiql-routes.js';
import type { Hub } from '../hub.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { checkReadiness } from '../ops/readiness.js';
import { createApollo } from './apollo.js';
import { corsHooks } from './cors.js';
import { createFastify, errorAnswers, requestHooks } from './fastify.js';
import { graphqlRoutes } from './graphql-route.js';
import { PortInUseError } from './port-in-use.js';
import { createRateLimiter } from './rate-limit.js';
import { traceRequests, tracedSchema } from './tracing-hooks.js';
import { attachSubscriptions } from './websocket.js';
import { inFlight } from './in-flight.js';

export interface ExecuteResult {
  data?: unknown;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface Server {
  /** Starts listening on PORT; resolves with the GraphQL endpoint URL. */
  listen(): Promise<string>;
  /** Runs one GraphQL operation in-process, through the same pipeline as HTTP requests (tests, scripts). */
  execute(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<ExecuteResult>;
  /** Drains: /readyz 503, WebSockets closed, no new connections, in-flight requests finish (SHUTDOWN_GRACE_MS). */
  stop(): Promise<void>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** The read replicas in /readyz: informative only, the primary answers whatever they cannot. */
function replicaStatus(hub: Hub): { replicas?: ReturnType<NonNullable<Hub['replicas']>['status']> } {
  return hub.replicas ? { replicas: hub.replicas.status() } : {};
}

/** Liveness, readiness and the Prometheus scrape (README "Operations"), answered to every method as before. */
function operationsRoutes(server: FastifyInstance, hub: Hub, metrics: Metrics, draining: () => boolean): void {
  // Liveness only: never touches the database, so an outage does not get the process restarted.
  server.all('/healthz', (_request, reply) => reply.code(200).headers(JSON_TYPE).send('{"status":"ok"}'));
  server.all('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(hub.orm, draining(), metrics.capacity());
    return reply
      .code(readiness.ready ? 200 : 503)
      .headers({ ...JSON_TYPE, 'cache-control': 'no-store' })
      .send(JSON.stringify({ status: readiness.ready ? 'ready' : 'unavailable', ...readiness, ...replicaStatus(hub) }));
  });
  server.all('/metrics', async (_request, reply) =>
    reply
      .code(200)
      .header('content-type', metrics.registry.contentType)
      .send(await metrics.render()),
  );
}

/** The metrics of `hub`: its pool, read caches, live updates and read replicas. */
function hubMetrics(hub: Hub): Metrics {
  const metrics = createMetrics();
  metrics.watchPool(hub.pool, hub.poolMax);
  metrics.watchCaches(hub.caches);
  metrics.watchLiveUpdates(hub.listener);
  if (hub.replicas) metrics.watchReplicas(hub.replicas);
  return metrics;
}

/** Binds PORT. While binding, a failure is this call's alone: the WebSocket server's re-emitting listener would print it as an internal error. */
async function listenOn(httpServer: http.Server, port: number): Promise<string> {
  const others = httpServer.listeners('error') as ((error: Error) => void)[];
  httpServer.removeAllListeners('error');
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error));
      // The node server's own listen (all interfaces, as before): Fastify's listen() defaults to localhost only.
      httpServer.listen(port, resolve);
    });
  } finally {
    httpServer.removeAllListeners('error');
    for (const listener of others) httpServer.on('error', listener);
  }
  return `http://localhost:${(httpServer.address() as AddressInfo).port}/graphql`;
}

function executeOn(apollo: ApolloServer<RequestContext>, hub: Hub): Server['execute'] {
  return async (query, variables, operationName) => {
    const result = await apollo.executeOperation(
      { query, variables, operationName },
      { contextValue: createRequestContext(hub.orm.em, undefined, null, hub.caches) },
    );
    if (result.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
    return result.body.singleResult as ExecuteResult;
  };
}

/**
 * Puts the API of `hub` on a socket: Fastify's route table (/graphql and /, /healthz, /readyz, /metrics, /explorer
 * and /graphiql with their assets), Apollo through @as-integrations/fastify, graphql-ws on the same server and path, the rate limiter.
 */
export async function createServer(hub: Hub, config: AppConfig): Promise<Server> {
  const built = await buildAppSchema();
  const schema = hub.tracing ? tracedSchema(built, hub.tracing) : built;
  const metrics = hubMetrics(hub);
  // Counted in memory, shared through PostgreSQL in batches (rate-limit.ts) on the hub's store.
  const rateLimiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, query: hub.rateLimitStore.query, logger: hub.logger });
  await rateLimiter.start();
  const fastify = createFastify(hub, config);
  const apollo = createApollo({
    schema,
    config,
    logger: hub.logger,
    metrics,
    caches: hub.caches,
    httpServer: fastify.server,
    tracing: hub.tracing,
    replicas: hub.replicas,
  });
  await apollo.start();
  let draining = false;
  requestHooks(fastify, metrics);
  if (hub.tracing) traceRequests(fastify, hub.tracing);
  corsHooks(fastify, config.corsOrigins);
  errorAnswers(fastify, hub, config);
  operationsRoutes(fastify, hub, metrics, () => draining);
  explorerRoutes(fastify);
  if (config.graphiql) graphiqlRoutes(fastify);
  const operations = inFlight();
  graphqlRoutes(fastify, { hub, config, apollo, rateLimiter, metrics, operations });
  await fastify.ready();
  // Live updates: graphql-ws on the same server and path, fed by the hub's LISTEN connection.
  const subscriptions = await attachSubscriptions({
    httpServer: fastify.server,
    schema,
    orm: hub.orm,
    config,
    logger: hub.logger,
    listener: hub.listener,
    validationRules: limitValidationRules(config.limits),
  });
  return {
    listen: () => listenOn(fastify.server, config.port),
    execute: executeOn(apollo, hub),
    async stop() {
      // /readyz answers 503 from now on, so load balancers stop sending traffic while in-flight requests finish.
      draining = true;
      const deadline = Date.now() + config.shutdownGraceMs;
      await subscriptions.stop();
      // Apollo's drain plugin closes the listener and idle connections, then waits for requests in flight.
      await apollo.stop();
      // Operations whose client left (closed socket, 504) still run: the database stays open until they end.
      if (!(await operations.settled(Math.max(0, deadline - Date.now()))))
        hub.logger.warn('operations still running at shutdown', { running: operations.size });
      // Every request has been answered: the hits this process has not sent yet go to the shared counters.
      await rateLimiter.stop();
      await fastify.close();
    },
  };
}
