import type { ApolloServerPlugin } from '@apollo/server';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { mapSchema, MapperKind } from '@graphql-tools/utils';
import type { FastifyInstance } from 'fastify';
import type { GraphQLFieldResolver, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { failSpan, type SpanSlot, type Tracing } from '../ops/tracing.js';
import { recordOf } from './request-scope.js';

/**
 * The spans of a request (src/ops/tracing.ts): `POST /graphql` (HTTP, server kind) -> `query Name` (the GraphQL
 * operation) -> `Type.field` (each resolver that does I/O) -> `SELECT` (each SQL statement). Installed only when
 * tracing is on.
 */

/** Each HTTP request is a span, continuing the caller's trace (`traceparent`); its route handler runs inside it. */
export function traceRequests(server: FastifyInstance, tracing: Tracing): void {
  const spans = new WeakMap<object, Span>();
  server.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    const record = recordOf(request);
    const span = tracing.start(route ? `${request.method} ${route}` : request.method, {
      kind: SpanKind.SERVER,
      parent: tracing.fromHeaders(request.headers),
      attributes: {
        'http.request.method': request.method,
        'url.path': record.path,
        'url.scheme': request.protocol,
        ...(route ? { 'http.route': route } : {}),
        'client.address': request.ip,
        'user_agent.original': request.headers['user-agent'] ?? '',
        'lien_thong.request_id': request.id,
      },
    });
    const ids = span.spanContext();
    record.traceId = ids.traceId;
    record.spanId = ids.spanId;
    spans.set(request, span);
    reply.raw.once('close', () => {
      const status = reply.raw.writableFinished ? reply.raw.statusCode : 499;
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    done();
  });
  // After the body is read: everything the handler does (and the SQL it runs) is under the request's span.
  server.addHook('preHandler', (request, _reply, done) => {
    const span = spans.get(request);
    if (span) tracing.within(span, done);
    else done();
  });
}

/** The operation span of each GraphQL request, by its context value (what every resolver receives). */
const operationSpans = new WeakMap<object, Span>();

/** The GraphQL operation's span: named `query Name` once parsed, failed when errors are sent, ended with the response. */
export function tracingPlugin(tracing: Tracing): ApolloServerPlugin {
  return {
    async requestDidStart({ contextValue }) {
      const span = tracing.start('GraphQL Operation');
      operationSpans.set(contextValue, span);
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'query';
          span.updateName(operationName ? `${type} ${operationName}` : type);
          span.setAttribute('graphql.operation.type', type);
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
        async didEncounterErrors({ errors }) {
          const codes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          span.setAttribute('lien_thong.error_codes', codes);
          span.setStatus({ code: SpanStatusCode.ERROR, message: errors[0].message.slice(0, 300) });
        },
        async willSendResponse() {
          span.end();
        },
      };
    },
  };
}

/** The span of the nearest enclosing field that has one (by the path objects graphql-js hands each resolver). */
const fieldSpans = new WeakMap<object, Span>();

function enclosingSpan(info: GraphQLResolveInfo): Span | undefined {
  for (let path = info.path.prev; path; path = path.prev) {
    const span = fieldSpans.get(path);
    if (span) return span;
  }
  return undefined;
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';

/**
 * A resolver whose I/O gets a span: it runs with a slot whose span is started (dated from when the resolver was
 * called) only when a statement runs in it and needs a parent, or when it fails. Fields read from their parent's
 * object, answers from a read cache, and loads that a batch of another field fetched get none.
 */
function tracedResolver(tracing: Tracing, resolve: GraphQLFieldResolver<unknown, object>): GraphQLFieldResolver<unknown, object> {
  return (source, args, context, info) => {
    const operation = operationSpans.get(context);
    if (!operation) return resolve(source, args, context, info);
    const startTime = performance.timeOrigin + performance.now();
    let span: Span | undefined;
    const slot: SpanSlot = {
      span: () => {
        span ??= tracing.start(`${info.parentType.name}.${info.fieldName}`, {
          parent: enclosingSpan(info) ?? operation,
          startTime,
          attributes: { 'graphql.field.name': info.fieldName, 'graphql.field.path': pathText(info), 'graphql.field.type': String(info.returnType) },
        });
        fieldSpans.set(info.path, span);
        return span;
      },
    };
    const failed = (error: unknown) => {
      const started = slot.span();
      failSpan(started, error);
      started.end();
      throw error;
    };
    let result: unknown;
    try {
      result = tracing.within(slot, () => resolve(source, args, context, info));
    } catch (error) {
      return failed(error);
    }
    if (!isThenable(result)) {
      span?.end();
      return result;
    }
    return Promise.resolve(result).then((value) => {
      span?.end();
      return value;
    }, failed);
  };
}

function pathText(info: GraphQLResolveInfo): string {
  const keys: (string | number)[] = [];
  for (let path: GraphQLResolveInfo['path'] | undefined = info.path; path; path = path.prev) keys.unshift(path.key);
  return keys.join('.');
}

/** The schema with each field resolver wrapped by tracedResolver (a copy: the built schema is shared in the process). */
export function tracedSchema(schema: GraphQLSchema, tracing: Tracing): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => (field.resolve ? { ...field, resolve: tracedResolver(tracing, field.resolve) } : field),
  });
}
