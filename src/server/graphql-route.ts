import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createRequestContext, type RequestContext } from '../api/context.js';
import type { AppConfig } from '../config.js';
import { DatabaseBusyError, DatabaseUnavailableError, UnauthenticatedError } from '../errors.js';
import { isDatabaseBusyError, isDatabaseConnectionError } from '../db/db-errors.js';
import type { Hub } from '../hub.js';
import { routeThroughReplicas } from '../db/read-routing.js';
import { apiKeyFromHeaders } from '../modules/auth/auth.service.js';
import type { Metrics } from '../ops/metrics.js';
import { authenticate } from './authenticate.js';
import { clientAddress, type RateLimiter } from './rate-limit.js';
import type { InFlight } from './in-flight.js';
import { startRequestTimeout } from './request-log.js';
import { declaredOperationName, recordOf, requestScope } from './request-scope.js';

const ANONYMOUS_REFUSED = 'This hub does not answer anonymous requests: send an API key as "Authorization: Bearer <key>".';

export interface GraphQLRouteOptions {
  hub: Hub;
  config: AppConfig;
  apollo: ApolloServer<RequestContext>;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  /** Where each operation is counted until it has finished, answered or not (the drain waits for them). */
  operations: InFlight;
}

/** A header as one string (repeated headers joined, as Apollo's HeaderMap does). */
function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The request's context: who is calling (authenticate()) and its own EntityManager and loaders. Every request is
 * counted by the rate limiter first (in memory: no statement), refused ones too. A database outage here is
 * answered 503 DATABASE_UNAVAILABLE (DATABASE_BUSY when the pool stayed full).
 */
function contextFactory(options: GraphQLRouteOptions) {
  const { hub, config, rateLimiter } = options;
  return async (request: FastifyRequest): Promise<RequestContext> => {
    try {
      const key = apiKeyFromHeaders({ get: (name) => header(request, name) });
      const address = clientAddress(request.raw.socket.remoteAddress, request.headers['x-forwarded-for'], config.trustProxy);
      const caller = await authenticate(hub.orm, key, address, config.anonymousRead);
      recordOf(request).subject = caller.subject;
      const rateLimit = rateLimiter.hit(caller.subject, caller.keyed);
      if (caller.refusal) throw new UnauthenticatedError(caller.refusal.reason === 'anonymous' ? ANONYMOUS_REFUSED : caller.refusal.message);
      const usage = { rateLimit, cost: null, maxCost: config.limits.maxCost };
      const ctx = createRequestContext(hub.orm.em, request.id, caller.principal, hub.caches, { usage });
      // Its statements run on the primary until the operation is known to be a query (replica-routing.ts).
      if (hub.replicas) routeThroughReplicas(ctx.em, hub.replicas, caller.subject);
      return ctx;
    } catch (error) {
      if (isDatabaseBusyError(error)) throw new DatabaseBusyError();
      if (isDatabaseConnectionError(error)) throw new DatabaseUnavailableError();
      throw error;
    }
  };
}

/**
 * Bodies are read as text up to BODY_LIMIT_BYTES (Fastify answers beyond it, declared or chunked: 413 in
 * http-server.ts); JSON ones are parsed here so a broken one is 400 BAD_REQUEST, every other type goes to Apollo
 * as text (its CSRF prevention and content-type checks answer them).
 */
export class InvalidJsonBodyError extends Error {
  readonly statusCode = 400;
}

function parseBodies(server: FastifyInstance): void {
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
    const text = raw as string;
    if (!(header(request, 'content-type') ?? '').includes('application/json')) return done(null, text);
    try {
      done(null, text ? JSON.parse(text) : undefined);
    } catch {
      done(new InvalidJsonBodyError('The request body is not valid JSON.'), undefined);
    }
  });
}

/**
 * `/graphql` (and `/`): Apollo through @as-integrations/fastify, inside the request's scope (so the error formatter
 * and plugins find its record), with a REQUEST_TIMEOUT_MS answer of 504 REQUEST_TIMEOUT; a late result is dropped.
 */
export function graphqlRoutes(server: FastifyInstance, options: GraphQLRouteOptions): void {
  const { config, metrics } = options;
  const apollo = fastifyApolloHandler(options.apollo, { context: contextFactory(options) });
  parseBodies(server);
  const onRequest = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const record = recordOf(request);
    startRequestTimeout(reply, config.requestTimeoutMs, () => {
      record.errorCodes.push('REQUEST_TIMEOUT');
      metrics.countError('REQUEST_TIMEOUT');
    });
    done();
  };
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (reply.sent) return undefined;
    const record = recordOf(request);
    record.operationName = declaredOperationName(request.body, new URLSearchParams(request.url.split('?')[1] ?? ''));
    const body = await options.operations.track(requestScope.run(record, () => apollo.call(server, request, reply)));
    // Already answered 504 REQUEST_TIMEOUT: the late result is dropped.
    if (reply.sent) return undefined;
    // One buffer: Fastify would otherwise measure Apollo's JSON-plus-newline string (flattening it) and encode it again.
    return typeof body === 'string' ? Buffer.from(body) : body;
  };
  // Every method reaches Apollo, which answers the ones it does not serve (405 with `allow`), as before Fastify.
  for (const url of ['/graphql', '/']) server.all(url, { onRequest }, handler);
}
