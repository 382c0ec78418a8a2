import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { AppConfig } from '../config.js';
import type { Hub } from '../hub.js';
import { createPino, errorFields } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import { InvalidJsonBodyError } from './graphql-route.js';
import { logRequestWhenDone } from './request-log.js';
import { attachRecord } from './request-scope.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** The caller's `x-request-id` (up to 100 characters), else a new UUID; returned in `x-request-id` and logged as `requestId`. */
function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return (typeof sent === 'string' && sent.slice(0, 100)) || crypto.randomUUID();
}

/** The path of a request URL as `new URL()` gives it; the common plain path without parsing (measured per request). */
function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return /^\/[A-Za-z0-9_-]*$/.test(path) ? path : new URL(url, 'http://localhost').pathname;
}

const errorBody = (message: string, code: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

/**
 * Fastify with the hub's pino logger (request lines are written by request-log.ts, not by Fastify, so they keep
 * their fields), BODY_LIMIT_BYTES, and the node server's timeouts as before: receiving a request (headers and body)
 * may not take longer than answering one, and Node's 5 s keep-alive (Fastify's default is 72 s).
 */
export function createFastify(hub: Hub, config: AppConfig): FastifyInstance {
  const server = Fastify({
    loggerInstance: (hub.logger.pino ?? createPino(config.logLevel)) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: 5_000,
    exposeHeadRoutes: false,
  });
  server.server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  return server;
}

/** Every request: its id in and out, its record (request-scope.ts), and one log line and its metrics when done. */
export function requestHooks(server: FastifyInstance, metrics: Metrics): void {
  server.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    const record = { requestId: request.id, method: request.method, path: pathOf(request.url), errorCodes: [] };
    attachRecord(request, record);
    logRequestWhenDone(reply.raw, record, request.log, metrics);
    done();
  });
}

/**
 * What Fastify refuses before a handler runs, in the API's error shape: a body over BODY_LIMIT_BYTES (declared or
 * chunked; Fastify stops reading it and Node drains the rest, so the client gets the 413, not a reset), broken
 * JSON, other malformed requests; anything else is an internal error, logged.
 */
export function errorAnswers(server: FastifyInstance, hub: Hub, config: AppConfig): void {
  server.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // Fastify closes the connection after a body it stopped reading; the rest is read and dropped instead (Node
      // drains an unread request body), so a client still sending gets this answer and keeps its connection.
      reply.removeHeader('connection');
      return reply
        .code(413)
        .headers(JSON_TYPE)
        .send(errorBody(`Request body is larger than ${config.bodyLimitBytes} bytes.`, 'PAYLOAD_TOO_LARGE'));
    }
    if (error instanceof InvalidJsonBodyError) return reply.code(400).headers(JSON_TYPE).send(errorBody(error.message, 'BAD_REQUEST'));
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).headers(JSON_TYPE).send(errorBody(error.message, 'BAD_REQUEST'));
    }
    hub.logger.error('request failed', { requestId: request.id, ...errorFields(error) });
    if (reply.raw.headersSent) return reply.raw.end();
    return reply.code(500).headers(JSON_TYPE).send(errorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
  });
  server.setNotFoundHandler((request, reply) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    return reply
      .code(404)
      .headers(JSON_TYPE)
      .send(JSON.stringify({ error: `No route ${path}; the API is at /graphql.` }));
  });
}
