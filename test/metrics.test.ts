import { execFileSync } from 'node:child_process';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** /metrics against Prometheus conventions: every family's # TYPE, counters named *_total, and values that move. */

const FAMILIES: Record<string, 'counter' | 'gauge' | 'histogram'> = {
  lienthong_http_requests_total: 'counter',
  lienthong_graphql_requests_total: 'counter',
  lienthong_graphql_request_duration_seconds: 'histogram',
  lienthong_graphql_errors_total: 'counter',
  lienthong_requests_shed_total: 'counter',
  lienthong_db_pool_connections: 'gauge',
  lienthong_db_pool_max: 'gauge',
  lienthong_read_cache_entries: 'gauge',
  lienthong_read_cache_lookups_total: 'counter',
  lienthong_subscriptions_open: 'gauge',
  lienthong_listen_connected: 'gauge',
  lienthong_db_replica_up: 'gauge',
  lienthong_db_replica_lag_seconds: 'gauge',
  lienthong_db_reads_total: 'counter',
  lienthong_build_info: 'gauge',
  lienthong_process_cpu_seconds_total: 'counter',
  lienthong_nodejs_eventloop_lag_seconds: 'gauge',
};

const SUMMARY = 'query Summary { informationSystem(code: "CDVCQG") { connectionSummary { connected total } } }';
const SUBSCRIPTION = 'subscription Changes { connectionStatusChanged { status } }';

let app: TestApp;
let url: string;
let base: string;
beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
  url = await app.listen();
  base = url.replace('/graphql', '');
});
afterAll(async () => {
  await app?.stop();
});

const scrape = async () => {
  const res = await fetch(`${base}/metrics`);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** The value of one sample line (`name{labels} value`), 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const post = (query: string, extra: Record<string, unknown> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, ...extra }) });

describe('/metrics', () => {
  it('declares every family with its type; counters and only counters end in _total', async () => {
    const text = await scrape();
    const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    for (const [name, type] of Object.entries(FAMILIES)) expect(types[name], name).toBe(type);
    for (const [name, type] of Object.entries(types)) {
      if (type === 'counter') expect(name, `counter ${name}`).toMatch(/_total$/);
      // prom-client's own Node metrics have two gauges named *_total (nodejs_active_{handles,resources}_total).
      else if (!/^lienthong_nodejs_active_\w+_total$/.test(name)) expect(name, `${type} ${name}`).not.toMatch(/_total$/);
      expect(text, `help of ${name}`).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
  });

  it('says which build runs: version of package.json, commit of the checkout, Node', async () => {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD']).toString().trim();
    const text = await scrape();
    expect(text).toContain(`lienthong_build_info{version="0.1.0",commit="${commit}",node="${process.version}"} 1`);
  });

  it('moves: requests, durations by operation, errors, cache lookups', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await post(SUMMARY)).status).toBe(200);
    expect((await post('query Broken { nope }')).status).toBe(400);
    const after = await scrape();
    const moved = (series: string) => sample(after, series) - sample(before, series);
    expect(moved('lienthong_graphql_requests_total{operation="Summary",type="query",status="200"}')).toBe(3);
    expect(moved('lienthong_graphql_request_duration_seconds_count{operation="Summary"}')).toBe(3);
    expect(moved('lienthong_graphql_request_duration_seconds_bucket{le="+Inf",operation="Summary"}')).toBe(3);
    expect(moved('lienthong_http_requests_total{route="graphql",status="200"}')).toBe(3);
    expect(moved('lienthong_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    // A name that never validated does not become a label.
    expect(after).not.toMatch(/operation="Broken"/);
    expect(moved('lienthong_graphql_requests_total{operation="(unknown)",type="unknown",status="400"}')).toBe(1);
    // The first lookup of each cache misses, the later ones hit; a counter never goes down between scrapes.
    expect(moved('lienthong_read_cache_lookups_total{cache="summaries",result="hit"}')).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'lienthong_read_cache_lookups_total{cache="summaries",result="miss"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'lienthong_read_cache_entries{cache="summaries"}')).toBeGreaterThanOrEqual(1);
    const again = await scrape();
    expect(sample(again, 'lienthong_read_cache_lookups_total{cache="summaries",result="hit"}')).toBe(
      sample(after, 'lienthong_read_cache_lookups_total{cache="summaries",result="hit"}'),
    );
  });

  it('keeps the operation labels bounded: names only declared by a refused request count as (unknown)', async () => {
    // Refused before parsing (a body that is not GraphQL): its declared name is not admitted.
    const refused = await post('query Garbage {', { operationName: 'Garbage' });
    expect(refused.status).toBe(400);
    const text = await scrape();
    expect(text).not.toMatch(/operation="Garbage"/);
  });

  it('shows open subscriptions, the LISTEN connection, and the pool', async () => {
    const key = (await createApiKey(app.orm.em.fork(), { name: 'metrics', role: 'reader', agencyCodes: [] })).key;
    expect(sample(await scrape(), 'lienthong_listen_connected')).toBe(1);
    expect(sample(await scrape(), 'lienthong_subscriptions_open')).toBe(0);
    const client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key}` } });
    const stop = client.subscribe({ query: SUBSCRIPTION }, { next: () => undefined, error: () => undefined, complete: () => undefined });
    const deadline = Date.now() + 5_000;
    while (sample(await scrape(), 'lienthong_subscriptions_open') !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(sample(await scrape(), 'lienthong_subscriptions_open')).toBe(1);
    stop();
    await client.dispose();
    while (sample(await scrape(), 'lienthong_subscriptions_open') !== 0 && Date.now() < deadline + 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(sample(await scrape(), 'lienthong_subscriptions_open')).toBe(0);

    const text = await scrape();
    expect(sample(text, 'lienthong_db_pool_max')).toBe(10);
    expect(sample(text, 'lienthong_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^lienthong_db_pool_connections\{state="waiting"\} 0$/m);
  });
});
