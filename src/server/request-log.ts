import type http from 'node:http';
import type { Logger } from '../logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { RequestRecord } from './request-scope.js';

/** Probes and scrapes are logged at debug level only: they come every few seconds and say nothing new. */
const QUIET_ROUTES = new Set(['healthz', 'readyz', 'metrics']);

export function routeOf(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/') return 'graphql';
  if (pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname.slice(1);
  if (pathname.startsWith('/explorer')) return 'explorer';
  return 'other';
}

/**
 * One JSON log line and the metrics of each request, written when its response is finished (or the client went
 * away: `aborted`). Status 499 (client closed the request) marks the latter, as nginx does.
 */
export function logRequestWhenDone(res: http.ServerResponse, record: RequestRecord, logger: Logger, metrics: Metrics): void {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const aborted = !res.writableFinished;
    const status = aborted ? 499 : res.statusCode;
    const route = routeOf(record.path);
    metrics.observeRequest(route, status, seconds, record);
    const fields: Record<string, unknown> = {
      requestId: record.requestId, method: record.method, path: record.path, status, durationMs: Math.round(seconds * 10_000) / 10,
    };
    if (route === 'graphql') {
      fields.operationName = record.operationName ?? null;
      if (record.operationType) fields.operationType = record.operationType;
    }
    if (record.errorCodes.length) fields.errorCodes = [...new Set(record.errorCodes)];
    if (record.subject) fields.subject = record.subject;
    if (aborted) fields.aborted = true;
    (QUIET_ROUTES.has(route) ? logger.debug : logger.info)('request', fields);
  });
}

/**
 * Answers 504 REQUEST_TIMEOUT when a request is still unanswered after `ms`. The work itself is not interrupted;
 * its SQL is bounded by the database's statement_timeout, and its late answer is dropped.
 */
export function startRequestTimeout(res: http.ServerResponse, ms: number, onTimeout: () => void): void {
  const timer = setTimeout(() => {
    if (res.headersSent) return;
    onTimeout();
    res.writeHead(504, { 'content-type': 'application/json' }).end(JSON.stringify({
      errors: [{ message: `The request took longer than ${ms} ms and was abandoned. Ask for less, or try again later.`, extensions: { code: 'REQUEST_TIMEOUT' } }],
    }));
  }, ms);
  timer.unref();
  res.once('close', () => clearTimeout(timer));
}
