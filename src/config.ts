import fs from 'node:fs';
import path from 'node:path';

/** Validated start-up configuration. Built once by `loadConfig`; everything else receives it. */
export interface AppConfig {
  /** HTTP port; 0 picks a free one (tests). */
  port: number;
  /** A PostgreSQL server URL, or null to run on the embedded PGlite database kept in `dataDir`. */
  databaseUrl: string | null;
  /** Streaming read replicas of the DATABASE_URL server that read-only operations use (README "Read replicas"); empty: none. */
  databaseReplicaUrls: string[];
  /** A replica whose replay is further behind the primary than this leaves the rotation until it catches up. */
  replicaMaxLagMs: number;
  /** How often each replica's health and replay position are checked. */
  replicaCheckIntervalMs: number;
  /** Folder of the embedded database. */
  dataDir: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Load the seed files on start (idempotent). */
  seedOnStart: boolean;
  /** Answer introspection queries; on by default outside production. */
  introspection: boolean;
  /** Serve GraphiQL at /graphiql (its files come with the hub: it works offline); on in every environment. */
  graphiql: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Serve queries without an API key. Changes always need one. */
  anonymousRead: boolean;
  /** Keep per-system connection counts and summaries between requests until the data under them changes (src/cache). */
  readCache: boolean;
  /** Query limits, checked before anything runs (README "Limits and protections"). */
  limits: QueryLimits;
  /** A request still unanswered after this long gets 504 REQUEST_TIMEOUT. */
  requestTimeoutMs: number;
  /** Connections in the hub's pool (a PostgreSQL server; the embedded database has its own fixed limit). */
  dbPoolSize: number;
  /** How long a request waits for a free pooled connection before it is answered 503 DATABASE_BUSY. */
  dbPoolWaitMs: number;
  /** PostgreSQL `statement_timeout` of the hub's connections; 0 disables it. */
  statementTimeoutMs: number;
  /** Execute operations with graphql-jit (compiled once per document) instead of graphql-js (src/api/jit-executor.ts). */
  graphqlJit: boolean;
  /** Reads outside transactions as parameterised (on a server: named prepared) statements; false inlines the values (benchmark A/B). */
  preparedReads: boolean;
  /** Largest accepted request body. */
  bodyLimitBytes: number;
  /** Requests per minute per API key (or per client address without a key); 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Reverse proxies in front of the hub whose `x-forwarded-for` entries are trusted (0: use the socket address). */
  trustProxy: number;
  /** On SIGTERM, how long in-flight requests may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** Where the prepared embedded database is kept (src/db/embedded-snapshot.ts); null: a new DATA_DIR always runs initdb. */
  embeddedSnapshotDir: string | null;
  /**
   * Origins whose pages may call the API from a browser (CORS_ORIGINS): exact `scheme://host[:port]` origins, whose
   * pages may send API keys, and `*` (only with ANONYMOUS_READ) for anonymous reads from any other page. Empty: none.
   */
  corsOrigins: string[];
  /** Where traces are sent over OTLP/HTTP (the full `/v1/traces` URL); null: no tracing, the SDK is not loaded. */
  otlpTracesUrl: string | null;
  /** `service.name` of the traces (OTEL_SERVICE_NAME). */
  serviceName: string;
  /** How long finished spans wait to be sent in one batch (OTEL_BSP_SCHEDULE_DELAY). */
  traceExportDelayMs: number;
  /** Which traces are recorded (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG): all, or a ratio of the new ones. */
  traceSampler: { name: (typeof SAMPLERS)[number]; ratio: number };
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
  maxCost: number;
}

/** The folder of the package (package.json and migrations/), from the sources or from a build below it. */
export const PACKAGE_ROOT = ((from: string) => {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'migrations'))) return dir;
  }
  return path.resolve(from, '..');
})(import.meta.dirname);

/** Where prepared embedded databases are kept by default: node_modules/.cache, as build tools keep theirs. */
export const DEFAULT_SNAPSHOT_DIR = path.join(PACKAGE_ROOT, 'node_modules', '.cache', 'lien-thong');

/** Defaults of the numeric settings, documented in the README; the hub's example operations stay under every limit. */
/** The seed files and the source documents they quote (seeds/ of the repository): read by the seed loader and by evidence checks. */
export const SEED_DIR = path.resolve(import.meta.dirname, '../seeds');

export const DEFAULTS = {
  MAX_DEPTH: 10,
  MAX_ALIASES: 15,
  MAX_TOKENS: 2000,
  MAX_DIRECTIVES: 20,
  MAX_COST: 5000,
  REQUEST_TIMEOUT_MS: 15_000,
  DB_POOL_SIZE: 10,
  DB_POOL_WAIT_MS: 5_000,
  STATEMENT_TIMEOUT_MS: 5_000,
  BODY_LIMIT_BYTES: 1_000_000,
  RATE_LIMIT_PER_MINUTE: 600,
  TRUST_PROXY: 0,
  SHUTDOWN_GRACE_MS: 10_000,
  OTEL_BSP_SCHEDULE_DELAY: 5_000,
  REPLICA_MAX_LAG_MS: 5_000,
  REPLICA_CHECK_INTERVAL_MS: 1_000,
} as const;

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const NODE_ENVS = ['development', 'production', 'test'] as const;
const SAMPLERS = ['parentbased_always_on', 'parentbased_traceidratio', 'always_on', 'traceidratio'] as const;
const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

function parseBool(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return fallback;
}

function parseInteger(env: NodeJS.ProcessEnv, name: keyof typeof DEFAULTS, min: number, problems: string[], hint = ''): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return DEFAULTS[name];
  const value = Number(raw.replace(/_/g, ''));
  if (!/^\d[\d_]*$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    problems.push(`${name} must be an integer >= ${min}${hint}, got "${raw}" (default ${DEFAULTS[name]})`);
    return DEFAULTS[name];
  }
  return value;
}

/**
 * CORS_ORIGINS: a comma-separated list of exact origins (`https://dashboard.example.gov.vn`, `http://localhost:5173`)
 * and/or `*`. An origin is compared as browsers send it, so anything but scheme, host and port is refused here.
 */
function parseCorsOrigins(raw: string | undefined, anonymousRead: boolean, problems: string[]): string[] {
  const entries = [...new Set((raw ?? '').split(',').map((entry) => entry.trim()))].filter(Boolean);
  for (const entry of entries) {
    if (entry === '*') continue;
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      /* reported below */
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.host === '') {
      problems.push(`CORS_ORIGINS: "${entry}" is not an origin; write scheme://host[:port], e.g. https://dashboard.example.gov.vn`);
    } else if (url.origin !== entry) {
      problems.push(`CORS_ORIGINS: "${entry}" is not an exact origin; write it as ${url.origin} (scheme, host and port: no path, no trailing slash)`);
    }
  }
  if (entries.includes('*') && !anonymousRead) {
    problems.push('CORS_ORIGINS=* (every website) needs ANONYMOUS_READ=true: it opens anonymous reads only; list the origins that may send API keys');
  }
  return entries;
}

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces` (the OTLP convention); null when neither is set. */
function parseOtlpTracesUrl(env: NodeJS.ProcessEnv, problems: string[]): string | null {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const [name, raw] = traces ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', traces] : ['OTEL_EXPORTER_OTLP_ENDPOINT', base];
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (!['http:', 'https:'].includes(url.protocol)) throw new Error('not http');
    return traces ? url.href : `${url.href.replace(/\/+$/, '')}/v1/traces`;
  } catch {
    problems.push(`${name} must be an http(s) URL of an OTLP/HTTP receiver, e.g. http://otel-collector:4318, got "${raw}"`);
    return null;
  }
}

/** OTEL_TRACES_SAMPLER (default parentbased_always_on) and, for the ratio samplers, OTEL_TRACES_SAMPLER_ARG (0..1, default 1). */
function parseSampler(env: NodeJS.ProcessEnv, problems: string[]): AppConfig['traceSampler'] {
  const name = (env.OTEL_TRACES_SAMPLER?.trim() || 'parentbased_always_on') as AppConfig['traceSampler']['name'];
  if (!SAMPLERS.includes(name)) problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${env.OTEL_TRACES_SAMPLER}"`);
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = raw ? Number(raw) : 1;
  if (!(ratio >= 0 && ratio <= 1)) problems.push(`OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1 (e.g. 0.1: one trace in ten), got "${raw}"`);
  return { name, ratio: ratio >= 0 && ratio <= 1 ? ratio : 1 };
}

/** The OpenTelemetry settings (the standard OTEL_* variables the hub reads). */
function parseTracing(env: NodeJS.ProcessEnv, problems: string[]) {
  return {
    otlpTracesUrl: parseOtlpTracesUrl(env, problems),
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'lien-thong',
    traceExportDelayMs: parseInteger(env, 'OTEL_BSP_SCHEDULE_DELAY', 1, problems),
    traceSampler: parseSampler(env, problems),
  };
}

/** DATABASE_URL: a postgres:// URL naming a database, or unset (the embedded database). */
function parseDatabaseUrl(raw: string | undefined, problems: string[]): string | null {
  const databaseUrl = raw?.trim() || null;
  if (!databaseUrl) return null;
  try {
    const url = new URL(databaseUrl);
    if (!['postgres:', 'postgresql:'].includes(url.protocol)) {
      problems.push(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//..."`);
    }
    if (url.pathname.length <= 1) problems.push('DATABASE_URL must name a database, e.g. postgres://user@host:5432/lien_thong');
    return databaseUrl;
  } catch {
    problems.push('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
    return null;
  }
}

/** DATABASE_REPLICA_URLS: comma-separated postgres:// URLs of streaming replicas of DATABASE_URL's server. */
function parseReplicaUrls(raw: string | undefined, databaseUrl: string | null, problems: string[]): string[] {
  const urls = [...new Set((raw ?? '').split(',').map((entry) => entry.trim()))].filter(Boolean);
  if (urls.length && !databaseUrl) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL (the primary server the replicas follow); the embedded database has no replicas');
  }
  for (const entry of urls) {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      /* reported below */
    }
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol) || url.pathname.length <= 1) {
      problems.push(
        `DATABASE_REPLICA_URLS: "${entry.replace(/\/\/[^@/]*@/, '//...@')}" is not a postgres:// URL naming a database, e.g. postgres://user@replica1:5432/lien_thong`,
      );
    } else if (entry === databaseUrl) {
      problems.push('DATABASE_REPLICA_URLS lists DATABASE_URL itself: list the replicas only');
    }
  }
  return urls;
}

/** Parses and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const problems: string[] = [];

  const rawPort = env.PORT ?? '4000';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65535) problems.push(`PORT must be an integer 0..65535, got "${rawPort}"`);

  const databaseUrl = parseDatabaseUrl(env.DATABASE_URL, problems);

  const nodeEnv = (env.NODE_ENV || 'development') as AppConfig['nodeEnv'];
  if (!NODE_ENVS.includes(nodeEnv)) problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')}, got "${env.NODE_ENV}"`);

  const logLevel = (env.LOG_LEVEL || (nodeEnv === 'test' ? 'warn' : 'info')) as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const config: AppConfig = {
    port,
    databaseUrl,
    databaseReplicaUrls: parseReplicaUrls(env.DATABASE_REPLICA_URLS, databaseUrl, problems),
    replicaMaxLagMs: parseInteger(env, 'REPLICA_MAX_LAG_MS', 0, problems),
    replicaCheckIntervalMs: parseInteger(env, 'REPLICA_CHECK_INTERVAL_MS', 100, problems),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    nodeEnv,
    seedOnStart: parseBool('SEED_ON_START', env.SEED_ON_START, true, problems),
    introspection: parseBool('INTROSPECTION', env.INTROSPECTION, nodeEnv !== 'production', problems),
    graphiql: parseBool('GRAPHIQL', env.GRAPHIQL, true, problems),
    logLevel,
    anonymousRead: parseBool('ANONYMOUS_READ', env.ANONYMOUS_READ, true, problems),
    readCache: parseBool('READ_CACHE', env.READ_CACHE, true, problems),
    limits: {
      maxDepth: parseInteger(env, 'MAX_DEPTH', 1, problems),
      maxAliases: parseInteger(env, 'MAX_ALIASES', 0, problems),
      maxTokens: parseInteger(env, 'MAX_TOKENS', 10, problems),
      maxDirectives: parseInteger(env, 'MAX_DIRECTIVES', 0, problems),
      maxCost: parseInteger(env, 'MAX_COST', 1, problems),
    },
    requestTimeoutMs: parseInteger(env, 'REQUEST_TIMEOUT_MS', 100, problems),
    dbPoolSize: parseInteger(env, 'DB_POOL_SIZE', 1, problems),
    dbPoolWaitMs: parseInteger(env, 'DB_POOL_WAIT_MS', 100, problems),
    statementTimeoutMs: parseInteger(env, 'STATEMENT_TIMEOUT_MS', 0, problems, ' (0 disables it)'),
    graphqlJit: parseBool('GRAPHQL_JIT', env.GRAPHQL_JIT, true, problems),
    preparedReads: parseBool('DB_PREPARED_READS', env.DB_PREPARED_READS, true, problems),
    bodyLimitBytes: parseInteger(env, 'BODY_LIMIT_BYTES', 1024, problems),
    rateLimitPerMinute: parseInteger(env, 'RATE_LIMIT_PER_MINUTE', 0, problems, ' (0 disables it)'),
    trustProxy: parseInteger(env, 'TRUST_PROXY', 0, problems, ' (the number of proxies in front of the hub)'),
    shutdownGraceMs: parseInteger(env, 'SHUTDOWN_GRACE_MS', 0, problems),
    embeddedSnapshotDir: env.EMBEDDED_SNAPSHOT_DIR === 'off' ? null : path.resolve(env.EMBEDDED_SNAPSHOT_DIR || DEFAULT_SNAPSHOT_DIR),
    corsOrigins: [],
    ...parseTracing(env, problems),
    ...overrides,
  };
  config.corsOrigins = overrides.corsOrigins ?? parseCorsOrigins(env.CORS_ORIGINS, config.anonymousRead, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
