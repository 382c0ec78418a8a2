import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import client from 'prom-client';
import type { Pool } from 'pg';
import type { ReadCaches } from '../cache/caches.js';
import type { ReplicaSet } from '../db/replicas.js';
import { currentRequest, type RequestRecord } from '../server/request-scope.js';
import { buildInfo } from './build-info.js';
import {
  registerBuildInfo,
  registerCacheMetrics,
  registerLiveUpdateGauges,
  registerPoolGauges,
  registerReplicaMetrics,
  type LiveUpdates,
  type WatchedPool,
} from './state-gauges.js';

/** Distinct operation names kept as labels; more would let clients grow the metrics without bound. */
const MAX_OPERATION_LABELS = 200;
/** Times of the latest shed requests kept for /readyz (its window is a few seconds; this bounds the memory). */
const MAX_SHED_TIMES = 10_000;

/** What /readyz needs to tell "at capacity": the pool now, and the requests shed (503 DATABASE_BUSY). */
export interface Capacity {
  poolMax: number;
  inUse: number;
  idle: number;
  /** Requests waiting for a pooled connection. */
  waiting: number;
  /** Requests shed since start. */
  shedTotal: number;
  /** Requests shed within the last `withinMs`. */
  shedRecently(withinMs: number): number;
}

export interface Metrics {
  registry: client.Registry;
  /** Records one finished HTTP request. */
  observeRequest(route: string, status: number, seconds: number, record: RequestRecord): void;
  /** Counts one error sent to a client, by `extensions.code`. */
  countError(code: string): void;
  /** Reports the database pool (connections in use, idle, requests waiting for one). */
  watchPool(pool: Pool | null, max: number): void;
  /** Reports the read caches (entries, hits, misses) by name. */
  watchCaches(caches: ReadCaches): void;
  /** Reports the live updates: open subscriptions, the LISTEN connection's state. */
  watchLiveUpdates(live: LiveUpdates): void;
  /** Reports the read replicas: in rotation or not, lag, statements by target. */
  watchReplicas(replicas: ReplicaSet): void;
  /** The pool and the shed requests, now. */
  capacity(): Capacity;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
}

/** The counters and the histogram fed by finished requests and by the errors sent to clients. */
function requestMetrics(registry: client.Registry) {
  const httpRequests = new client.Counter({
    name: 'lienthong_http_requests_total',
    help: 'HTTP requests by route and status.',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const operations = new client.Counter({
    name: 'lienthong_graphql_requests_total',
    help: 'GraphQL requests by operation name, operation type and HTTP status.',
    labelNames: ['operation', 'type', 'status'],
    registers: [registry],
  });
  const durations = new client.Histogram({
    name: 'lienthong_graphql_request_duration_seconds',
    help: 'GraphQL request latency by operation name (HTTP request received to response sent).',
    labelNames: ['operation'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'lienthong_graphql_errors_total',
    help: 'Errors sent to clients by extensions.code.',
    labelNames: ['code'],
    registers: [registry],
  });
  // One per request answered DATABASE_BUSY (however many of its fields were), counted when its response is sent.
  const shed = new client.Counter({
    name: 'lienthong_requests_shed_total',
    help: 'Requests shed under load: answered 503 DATABASE_BUSY after every database connection stayed busy for DB_POOL_WAIT_MS.',
    registers: [registry],
  });
  return { httpRequests, operations, durations, errors, shed };
}

/**
 * The operation label of a request, from a bounded set: a name becomes a label when an operation of that name was
 * parsed and validated, while fewer than MAX_OPERATION_LABELS names are labels (later ones count as '(other)'). A
 * name only declared by a request refused before it was parsed (rate limited, broken) keeps its label if it has
 * one, else counts as '(unknown)', like a request without a name; an unnamed operation is '(anonymous)'.
 */
function operationLabels(): (record: RequestRecord) => string {
  const seen = new Set<string>();
  return (record) => {
    const name = record.operationName;
    if (name === null && record.operationResolved) return '(anonymous)';
    if (name == null) return '(unknown)';
    if (seen.has(name)) return name;
    if (!record.operationResolved) return '(unknown)';
    if (seen.size >= MAX_OPERATION_LABELS) return '(other)';
    seen.add(name);
    return name;
  };
}

/** The requests shed since start: how many, and when the latest MAX_SHED_TIMES were (for Capacity.shedRecently). */
function shedRecord() {
  const times: number[] = [];
  return {
    total: 0,
    add() {
      this.total++;
      times.push(Date.now());
      if (times.length > MAX_SHED_TIMES) times.splice(0, times.length - MAX_SHED_TIMES);
    },
    within(withinMs: number): number {
      const since = Date.now() - withinMs;
      let n = 0;
      for (let i = times.length - 1; i >= 0 && times[i] >= since; i--) n++;
      return n;
    },
  };
}

/** Prometheus metrics of one hub: a registry of its own, so several hubs in one process (tests) do not collide. */
export function createMetrics(): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'lienthong_' });
  const { httpRequests, operations, durations, errors, shed } = requestMetrics(registry);
  const shedRequests = shedRecord();
  const watched: WatchedPool = { pool: null, poolMax: 0 };
  registerPoolGauges(registry, watched);
  let readCaches: ReadCaches | null = null;
  registerCacheMetrics(registry, () => readCaches);
  let liveUpdates: LiveUpdates | null = null;
  registerLiveUpdateGauges(registry, () => liveUpdates);
  let readReplicas: ReplicaSet | null = null;
  registerReplicaMetrics(registry, () => readReplicas);
  registerBuildInfo(registry, buildInfo());
  const operationLabel = operationLabels();

  return {
    registry,
    observeRequest(route, status, seconds, record) {
      httpRequests.inc({ route, status: String(status) });
      if (record.errorCodes.includes('DATABASE_BUSY')) {
        shed.inc();
        shedRequests.add();
      }
      if (route !== 'graphql') return;
      const operation = operationLabel(record);
      operations.inc({ operation, type: record.operationType ?? 'unknown', status: String(status) });
      durations.observe({ operation }, seconds);
    },
    countError(code) {
      errors.inc({ code });
    },
    watchPool(p, max) {
      watched.pool = p;
      watched.poolMax = max;
    },
    watchCaches(caches) {
      readCaches = caches;
    },
    watchLiveUpdates(live) {
      liveUpdates = live;
    },
    watchReplicas(replicas) {
      readReplicas = replicas;
    },
    capacity() {
      const { pool, poolMax } = watched;
      return {
        poolMax,
        inUse: pool ? pool.totalCount - pool.idleCount : 0,
        idle: pool?.idleCount ?? 0,
        waiting: pool?.waitingCount ?? 0,
        shedTotal: shedRequests.total,
        shedRecently: (withinMs) => shedRequests.within(withinMs),
      };
    },
    render: () => registry.metrics(),
  };
}

/** Notes the parsed operation's name and type on the running request (replacing the name declared in the request). */
export const operationNamePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operationName, operation }) {
        const record = currentRequest();
        if (!record) return;
        record.operationName = operationName;
        record.operationType = operation?.operation;
        record.operationResolved = true;
      },
    };
  },
};

type Formatter = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** Wraps the error formatter (every error sent to a client goes through it) to count errors by code, per request too. */
export function countingErrors(format: Formatter, metrics: Metrics): Formatter {
  return (formatted, error) => {
    const result = format(formatted, error);
    const code = String(result.extensions?.code ?? 'UNKNOWN');
    metrics.countError(code);
    currentRequest()?.errorCodes.push(code);
    return result;
  };
}
