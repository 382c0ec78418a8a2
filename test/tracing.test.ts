import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createOrm } from '../src/db/orm.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { ENTITIES } from '../src/modules/entities.js';
import { startTracing } from '../src/ops/tracing.js';
import { createTestDatabase } from './support/database.js';
import { killHub, startHub, waitFor, type HubProcess } from './support/hub-process.js';

/**
 * OpenTelemetry: the hub as users run it (`npm start`) with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a receiver this
 * test runs on loopback, decoding the OTLP/HTTP JSON exports: span names, attributes, and the parent links
 * HTTP -> GraphQL operation -> resolver -> SQL, under the trace the caller sent in `traceparent`.
 */

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

const SERVER = 2;
const CLIENT = 3;

/** An attribute's plain value (OTLP JSON wraps each in `{ stringValue }`, `{ intValue }`, ...). */
function attr(span: OtlpSpan, key: string): unknown {
  const value = span.attributes.find((a) => a.key === key)?.value;
  if (!value) return undefined;
  if ('intValue' in value) return Number(value.intValue);
  if ('arrayValue' in value) return ((value.arrayValue as { values?: { stringValue: string }[] }).values ?? []).map((v) => v.stringValue);
  return Object.values(value)[0];
}

const MUTATION = `mutation Suspend { setConnectionStatus(input: {
  consumerCode: "LGSP-68", providerCode: "NDXP", status: SUSPENDED, date: "2024-05-01", reason: "bảo trì",
  evidence: { document: { title: "Thông báo bảo trì LGSP", publishedAt: "2024-05-01" }, quote: "tạm dừng kết nối LGSP" }
}) { connection { key status } } }`;

const QUERY = `query Lgsp { informationSystem(code: "LGSP-68") {
  code name connections(first: 2) { totalCount edges { node { key provider { code } } } } } }`;

describe('tracing to an OTLP/HTTP receiver', () => {
  const spans: OtlpSpan[] = [];
  const resources: unknown[] = [];
  let receiver: http.Server;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let hub: HubProcess;

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces' && req.headers['content-type'] === 'application/json') {
          for (const rs of JSON.parse(body).resourceSpans) {
            resources.push(rs.resource);
            for (const ss of rs.scopeSpans) spans.push(...ss.spans);
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    db = await createTestDatabase();
    hub = await startHub({
      DATABASE_URL: db.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'lien-thong-test',
    });
  }, 180_000);
  afterAll(async () => {
    killHub(hub);
    receiver?.close();
    await db?.drop();
  });

  it('makes each request a trace: HTTP -> GraphQL operation -> resolvers -> SQL, continuing the caller`s traceparent', async () => {
    const traceId = crypto.randomBytes(16).toString('hex');
    const callerSpanId = crypto.randomBytes(8).toString('hex');
    const res = await fetch(`${hub.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${callerSpanId}-01` },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.informationSystem.code).toBe('LGSP-68');

    const ofTrace = () => spans.filter((s) => s.traceId === traceId);
    await waitFor('the HTTP span', () => ofTrace().find((s) => s.kind === SERVER), 10_000);
    const trace = ofTrace();
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const named = (name: string) => trace.filter((s) => s.name === name);

    const [httpSpan] = named('POST /graphql');
    expect(httpSpan.parentSpanId).toBe(callerSpanId);
    expect(httpSpan.kind).toBe(SERVER);
    expect(attr(httpSpan, 'http.request.method')).toBe('POST');
    expect(attr(httpSpan, 'http.route')).toBe('/graphql');
    expect(attr(httpSpan, 'url.path')).toBe('/graphql');
    expect(attr(httpSpan, 'http.response.status_code')).toBe(200);

    const [operation] = named('query Lgsp');
    expect(operation.parentSpanId).toBe(httpSpan.spanId);
    expect(attr(operation, 'graphql.operation.type')).toBe('query');
    expect(attr(operation, 'graphql.operation.name')).toBe('Lgsp');

    const [system] = named('Query.informationSystem');
    expect(system.parentSpanId).toBe(operation.spanId);
    expect(attr(system, 'graphql.field.path')).toBe('informationSystem');
    const [connections] = named('InformationSystem.connections');
    expect(connections.parentSpanId).toBe(system.spanId);
    // Plain fields read from their parent's object do no I/O: no span.
    expect(named('InformationSystem.code')).toEqual([]);
    expect(named('InformationSystem.name')).toEqual([]);

    // Every SQL statement is a span under a resolver of this operation.
    const statements = trace.filter((s) => s.kind === CLIENT);
    expect(statements.length).toBeGreaterThanOrEqual(2);
    for (const statement of statements) {
      expect(attr(statement, 'db.system.name')).toBe('postgresql');
      expect(String(attr(statement, 'db.query.text'))).toMatch(/^\s*(select|with)\b/i);
      expect(statement.name).toBe(String(attr(statement, 'db.operation.name')));
      // Up the parent links from each statement: a resolver, then the operation, then the HTTP span.
      const chain: string[] = [];
      for (let s = byId.get(statement.parentSpanId!); s; s = byId.get(s.parentSpanId!)) chain.push(s.name);
      expect(chain.at(-1)).toBe('POST /graphql');
      expect(chain.at(-2)).toBe('query Lgsp');
      expect(chain[0]).toMatch(/^\w+\.\w+$/);
    }
    expect(statements.some((s) => s.parentSpanId === system.spanId)).toBe(true);
    // Reads are sent with $n parameters (DB_PREPARED_READS): the values never reach the recorded text.
    const texts = statements.map((s) => String(attr(s, 'db.query.text'))).join('\n');
    expect(texts).toMatch(/t\.code in \(\$1\)/);
    expect(texts).not.toContain('LGSP-68');
    expect(resources[0]).toMatchObject({ attributes: expect.arrayContaining([{ key: 'service.name', value: { stringValue: 'lien-thong-test' } }]) });

    // The request's JSON log line carries the ids of its trace and HTTP span.
    const line = await waitFor('the request log line', () => hub.logs.find((l) => l.message === 'request' && l.trace_id === traceId));
    expect(line).toMatchObject({ operationName: 'Lgsp', status: 200, trace_id: traceId, span_id: httpSpan.spanId });
  });

  it("puts a mutation's transaction (BEGIN ... COMMIT) under its resolver", async () => {
    const orm = await createOrm({ connection: db.url, poolMax: 1, entities: ENTITIES });
    const { key } = await createApiKey(orm.em.fork(), { name: 'tracing', role: 'admin', agencyCodes: [] });
    await orm.close();
    const res = await fetch(`${hub.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: MUTATION }),
    });
    expect(((await res.json()) as any).data.setConnectionStatus.connection.status).toBe('SUSPENDED');
    const resolver = await waitFor('the mutation resolver span', () => spans.find((s) => s.name === 'Mutation.setConnectionStatus'));
    const operation = spans.find((s) => s.spanId === resolver.parentSpanId)!;
    expect(operation.name).toBe('mutation Suspend');
    expect(attr(operation, 'graphql.operation.type')).toBe('mutation');
    const under = await waitFor('its COMMIT', () => {
      const found = spans
        .filter((s) => s.parentSpanId === resolver.spanId)
        .sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)))
        .map((s) => s.name);
      return found.includes('COMMIT') && found;
    });
    // Checks before the transaction, then its statements, COMMIT last.
    const begin = under.indexOf('BEGIN');
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(under.slice(begin + 1)).toEqual(expect.arrayContaining(['SELECT', 'INSERT', 'UPDATE']));
    expect(under.at(-1)).toBe('COMMIT');
    // The key lookup ran before the operation: a statement of the HTTP span itself.
    const httpSpan = spans.find((s) => s.spanId === operation.parentSpanId)!;
    expect(spans.some((s) => s.parentSpanId === httpSpan.spanId && s.kind === CLIENT && /api_key/.test(String(attr(s, 'db.query.text'))))).toBe(true);
  });

  it('starts a new trace without traceparent, and marks failed operations', async () => {
    const res = await fetch(`${hub.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Missing { informationSystem(code: "LGSP-68") { nope } }' }),
    });
    expect(res.status).toBe(400);
    const httpSpan = await waitFor('the HTTP span of the failed request', () =>
      spans.find((s) => s.kind === SERVER && attr(s, 'http.response.status_code') === 400),
    );
    expect(httpSpan.parentSpanId ?? '').toBe('');
    const operation = await waitFor('its operation span', () => spans.find((s) => s.parentSpanId === httpSpan.spanId));
    expect(operation.name).toBe('GraphQL Operation');
    expect(operation.status?.code).toBe(2);
    expect(attr(operation, 'lien_thong.error_codes')).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('traces the SQL of other routes too (/readyz), and no statement outside a request', async () => {
    expect((await fetch(`${hub.base}/readyz`)).status).toBe(200);
    const readyz = await waitFor('the /readyz span', () => spans.find((s) => s.name === 'GET /readyz'));
    await waitFor('its statement', () => spans.find((s) => s.parentSpanId === readyz.spanId && s.kind === CLIENT));
    // Every statement span belongs to a request's trace (the rate limiter, LISTEN and start-up are not traced).
    const serverTraces = new Set(spans.filter((s) => s.kind === SERVER).map((s) => s.traceId));
    expect(spans.filter((s) => s.kind === CLIENT && !serverTraces.has(s.traceId))).toEqual([]);
  });
});

describe('tracing off', () => {
  it('loads nothing without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    expect(await startTracing(loadConfig({}))).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otlpTracesUrl).toBe('http://collector:4318/v1/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom' }).otlpTracesUrl).toBe('http://collector:4318/custom');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
    expect(loadConfig({}).traceSampler).toEqual({ name: 'parentbased_always_on', ratio: 1 });
    expect(loadConfig({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }).traceSampler).toEqual({
      name: 'parentbased_traceidratio',
      ratio: 0.1,
    });
    expect(() => loadConfig({ OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(
      /OTEL_TRACES_SAMPLER must be one of parentbased_always_on, [^]*OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1/,
    );
  });
});
