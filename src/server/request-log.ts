import type http from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Metrics } from '../ops/metrics.js';
import type { RequestRecord } from './request-scope.js';

/** Probes and scrapes are logged at debug level only: they come every few seconds and say nothing new. */
const QUIET_ROUTES = new Set(['healthz', 'readyz', 'metrics']);

export function routeOf(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/') return 'graphql';
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname.slice(1);
  if (pathname.startsWith('/explorer')) return 'explorer';
  if (pathname === '/graphiql' || pathname.startsWith('/graphiql/')) return 'graphiql';
  return 'other';
}

/** Where a request's line goes: Fastify's per-request pino logger, which already carries `requestId`. */
export interface RequestLog {
  info(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/**
 * One JSON log line and the metrics of each request, written when its response is finished (or the client went
 * away: `aborted`). Status 499 (client closed the request) marks the latter, as nginx does.
 */
export function logRequestWhenDone(res: http.ServerResponse, record: RequestRecord, log: RequestLog, metrics: Metrics): void {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const aborted = !res.writableFinished;
    const status = aborted ? 499 : res.statusCode;
    const route = routeOf(record.path);
    metrics.observeRequest(route, status, seconds, record);
    const fields: Record<string, unknown> = {
      method: record.method,
      path: record.path,
      status,
      durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (route === 'graphql') {
      fields.operationName = record.operationName ?? null;
      if (record.operationType) fields.operationType = record.operationType;
    }
    if (record.errorCodes.length) fields.errorCodes = [...new Set(record.errorCodes)];
    if (record.subject) fields.subject = record.subject;
    if (record.traceId) {
      fields.trace_id = record.traceId;
      fields.span_id = record.spanId;
    }
    if (aborted) fields.aborted = true;
    if (QUIET_ROUTES.has(route)) log.debug(fields, 'request');
    else log.info(fields, 'request');
  });
}

/**
 * Answers 504 REQUEST_TIMEOUT when a request is still unanswered after `ms`. The work itself is not interrupted;
 * its SQL is bounded by the database's statement_timeout, and its late answer is dropped.
 */
export function startRequestTimeout(reply: FastifyReply, ms: number, onTimeout: () => void): void {
  const timer = setTimeout(() => {
    if (reply.sent || reply.raw.headersSent) return;
    onTimeout();
    reply
      .code(504)
      .header('content-type', 'application/json')
      .send(
        JSON.stringify({
          errors: [
            {
              message: `The request took longer than ${ms} ms and was abandoned. Ask for less, or try again later.`,
              extensions: { code: 'REQUEST_TIMEOUT' },
            },
          ],
        }),
      );
  }, ms);
  timer.unref();
  reply.raw.once('close', () => clearTimeout(timer));
}
