import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createTracing, statementText } from '../../src/ops/tracing.js';

/** The tracing toolkit without a database or a receiver: spans kept in memory. */

function inMemoryTracing() {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracing = createTracing(provider.getTracer('test'), new W3CTraceContextPropagator(), () => provider.shutdown());
  return { tracing, finished: () => exporter.getFinishedSpans() };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('statementText', () => {
  it('replaces every string literal (escaped quotes included) with ?, keeping numbers and identifiers', () => {
    expect(statementText(`select * from api_key where prefix = 'lt_0123' and id = 7`)).toBe('select * from api_key where prefix = ? and id = 7');
    expect(statementText(`insert into evidence (quote) values ('l''État: ''x''', 'b')`)).toBe('insert into evidence (quote) values (?, ?)');
    expect(statementText('x'.repeat(5_000))).toHaveLength(4_000);
  });
});

describe('createTracing', () => {
  it('parents statements on the current span, and runs statements outside any span untraced', async () => {
    const { tracing, finished } = inMemoryTracing();
    expect(await tracing.statement('select 1', async () => 'untraced')).toBe('untraced');
    expect(finished()).toEqual([]);

    const request = tracing.start('GET /x');
    await tracing.within(request, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      await tracing.statement(`select 'a'`, async () => 1);
      await expect(tracing.statement('update t set x = 1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    });
    request.end();
    const [select, update, http] = finished();
    expect(select.name).toBe('SELECT');
    expect(select.attributes['db.query.text']).toBe('select ?');
    expect(select.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(update.name).toBe('UPDATE');
    expect(update.status).toMatchObject({ code: 2, message: 'boom' });
    expect(http.name).toBe('GET /x');
  });

  it('continues a traceparent, and puts the current ids on log lines written inside a span', () => {
    const { tracing } = inMemoryTracing();
    const parent = tracing.fromHeaders({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const span = tracing.start('POST /graphql', { parent });
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');

    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const logger = createLogger('info', tracing.logFields);
    tracing.within(span, () => logger.info('inside'));
    logger.info('outside');
    vi.restoreAllMocks();
    const [inside, outside] = written.map((line) => JSON.parse(line));
    expect(inside).toMatchObject({ message: 'inside', trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: span.spanContext().spanId });
    expect(outside.message).toBe('outside');
    expect(outside.trace_id).toBeUndefined();
  });
});
