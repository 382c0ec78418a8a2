import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  defaultTextMapGetter,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import type { AppConfig } from '../config.js';
import { buildInfo } from './build-info.js';

/**
 * OpenTelemetry traces (README "Operations"), on only when OTEL_EXPORTER_OTLP_ENDPOINT is set: then the SDK is
 * loaded and every HTTP request is a trace: its HTTP span (src/server/tracing-hooks.ts), the GraphQL operation, the
 * resolvers that do I/O, and each SQL statement, sent over OTLP/HTTP (JSON) in batches. Unset, nothing here runs:
 * no SDK, no hook, no wrapped resolver or connection.
 *
 * Spans are parented explicitly: the current span of an async chain is kept in an AsyncLocalStorage of our own
 * (no global tracer provider or context manager is registered), so several hubs in one process keep their traces apart.
 */

/** The span of the code running now: a started span, or the one a resolver starts only if it turns out to need it. */
export interface SpanSlot {
  span(): Span;
}

export interface StartOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** A span, or the context of an incoming `traceparent`; default: the current span, else a new trace. */
  parent?: Span | Context;
  /** Milliseconds since the epoch (a span started earlier than it was created). */
  startTime?: number;
}

export interface Tracing {
  start(name: string, options?: StartOptions): Span;
  /** Runs `fn` with `slot` as the current span of its async chain. */
  within<T>(slot: Span | SpanSlot, fn: () => T): T;
  current(): Span | undefined;
  /** The parent context a caller sent in `traceparent` / `tracestate` (W3C Trace Context), else the root. */
  fromHeaders(headers: Record<string, string | string[] | undefined>): Context;
  /** One SQL statement as a span under the current one (none outside a traced request). */
  statement<T>(text: string, run: () => Promise<T>): Promise<T>;
  /** `trace_id` and `span_id` of the current span, for log lines. */
  logFields(): Record<string, string>;
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/** Marks a span failed with the error's message (never a stack: spans leave the process). */
export function failSpan(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException({ name: error instanceof Error ? error.name : 'Error', message });
  span.setStatus({ code: SpanStatusCode.ERROR, message: message.slice(0, 300) });
}

/**
 * The statement as recorded: reads carry `$n` parameters, but the ORM (transactions) inlines them as quoted
 * literals, so every string literal becomes `?` (text a caller sent, a key prefix, a quote, stays out of the
 * traces); numbers and identifiers stay.
 */
export function statementText(text: string): string {
  return text.replace(/'(?:[^']|'')*'/g, '?').slice(0, 4_000);
}

/** The statement's first keyword (SELECT, INSERT, BEGIN, ...): the span name, as OpenTelemetry names database spans. */
function operationOf(text: string): string {
  return /^\s*(?:\/\*.*?\*\/\s*)?([A-Za-z]+)/s.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
}

export function createTracing(tracer: Tracer, propagator: TextMapPropagator, shutdown: () => Promise<void>): Tracing {
  const scope = new AsyncLocalStorage<SpanSlot>();
  const current = () => scope.getStore()?.span();
  const parentContext = (parent: Span | Context | undefined): Context => {
    const span = parent ?? current();
    if (!span) return ROOT_CONTEXT;
    return 'spanContext' in span ? trace.setSpan(ROOT_CONTEXT, span) : span;
  };
  const start = (name: string, options: StartOptions = {}) =>
    tracer.startSpan(name, { kind: options.kind, attributes: options.attributes, startTime: options.startTime }, parentContext(options.parent));
  return {
    start,
    within: (slot, fn) => scope.run('spanContext' in slot ? { span: () => slot } : slot, fn),
    current,
    fromHeaders: (headers) => propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter),
    async statement(text, run) {
      const parent = current();
      if (!parent) return run();
      const operation = operationOf(text);
      const span = start(operation, {
        kind: SpanKind.CLIENT,
        parent,
        attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': statementText(text) },
      });
      try {
        return await run();
      } catch (error) {
        failSpan(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    logFields(): Record<string, string> {
      const ids = current()?.spanContext();
      return ids ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
    },
    shutdown,
  };
}

/** Loads the SDK and starts exporting to OTLP/HTTP when the configuration names a receiver; null (nothing loaded) otherwise. */
export async function startTracing(config: AppConfig): Promise<Tracing | null> {
  if (!config.otlpTracesUrl) return null;
  const [
    { TracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, AlwaysOnSampler },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { W3CTraceContextPropagator },
  ] = await Promise.all([
    import('@opentelemetry/sdk-trace'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/core'),
  ]);
  const { version } = buildInfo();
  const { name, ratio } = config.traceSampler;
  const root = name.endsWith('traceidratio') ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler();
  // parentbased_*: a caller's traceparent decides (its sampled flag), the sampler only new traces.
  const sampler = name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
  const exporter = new OTLPTraceExporter({ url: config.otlpTracesUrl });
  const provider = new TracerProvider({
    sampler,
    resource: resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': version }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: config.traceExportDelayMs })],
  });
  return createTracing(provider.getTracer('lien-thong', version), new W3CTraceContextPropagator(), () => provider.shutdown());
}
