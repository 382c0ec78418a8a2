import { AsyncLocalStorage } from 'node:async_hooks';

/** What is known about one HTTP request while it runs; logged and measured when it ends. */
export interface RequestRecord {
  requestId: string;
  method: string;
  path: string;
  /** The GraphQL operation's name once parsed; null for an anonymous one. */
  operationName?: string | null;
  operationType?: string;
  /** `extensions.code` of every error sent back. */
  errorCodes: string[];
  /** Who was counted by the rate limiter: "key:<id>" or "ip:<address>". */
  subject?: string;
}

/**
 * The running request, reachable from anywhere in its async call chain (the error formatter, Apollo plugins) without
 * passing it through Apollo's context, which does not exist yet when the context function itself fails.
 */
export const requestScope = new AsyncLocalStorage<RequestRecord>();

export const currentRequest = (): RequestRecord | undefined => requestScope.getStore();
