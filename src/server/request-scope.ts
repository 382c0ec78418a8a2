import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about one HTTP request while it runs; logged and measured when it ends. */
export interface RequestRecord {
  requestId: string;
  method: string;
  path: string;
  /** The GraphQL operation's name once parsed; null for an anonymous one. */
  operationName?: string | null;
  operationType?: string;
  /** True once Apollo parsed and validated the operation (its name is then a name the hub serves). */
  operationResolved?: boolean;
  /** `extensions.code` of every error sent back. */
  errorCodes: string[];
  /** Who was counted by the rate limiter: "key:<id>" or "ip:<address>". */
  subject?: string;
  /** Tracing on: the ids of the request's trace and of its HTTP span (logged as trace_id and span_id). */
  traceId?: string;
  spanId?: string;
}

/**
 * The running request, reachable from anywhere in its async call chain (the error formatter, Apollo plugins) without
 * passing it through Apollo's context, which does not exist yet when the context function itself fails.
 */
export const requestScope = new AsyncLocalStorage<RequestRecord>();

export const currentRequest = (): RequestRecord | undefined => requestScope.getStore();

/** Each Fastify request's record, made when it arrives (http-server.ts). */
const records = new WeakMap<object, RequestRecord>();

export function attachRecord(request: object, record: RequestRecord): void {
  records.set(request, record);
}

export function recordOf(request: object): RequestRecord {
  const record = records.get(request);
  if (!record) throw new Error('request without a record: the onRequest hook of http-server.ts did not run');
  return record;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const LEADING_OPERATION = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]{0,99})/;

/**
 * The operation name a request declares (`operationName`, else the name of a leading `query Name`), so requests
 * refused before Apollo parses them (rate limited, database down) are still logged and measured under a name.
 */
export function declaredOperationName(body: unknown, search: URLSearchParams): string | undefined {
  const fields = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const named = fields.operationName ?? search.get('operationName');
  if (typeof named === 'string' && NAME.test(named)) return named;
  const query = fields.query ?? search.get('query');
  return typeof query === 'string' ? LEADING_OPERATION.exec(query)?.[1] : undefined;
}
