import 'reflect-metadata';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from './config.js';
import { EMBEDDED_MAX_CONNECTIONS, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.js';
import { createOrm, migrate, poolOf } from './db/orm.js';
import { ENTITIES } from './modules/entities.js';
import { serveExplorer } from './explorer/explorer-routes.js';
import { createRequestContext, type RequestContext } from './api/context.js';
import {
  createErrorFormatter, DatabaseBusyError, DatabaseUnavailableError, isDatabaseBusyError, isDatabaseConnectionError, UnauthenticatedError,
} from './errors.js';
import { costLimitPlugin, limitParseOptions, limitValidationRules } from './api/limits.js';
import { inputGuardPlugin } from './api/input-guard.js';
import { apiKeyFromHeaders, InvalidApiKeyError, principalForKey } from './modules/auth/auth.service.js';
import { EXAMPLE_OPERATIONS } from './api/examples.js';
import { buildAppSchema } from './api/schema.js';
import { PayloadTooLargeError, readBody } from './server/read-body.js';
import { PortInUseError } from './server/port-in-use.js';
import { databaseOutageStatusPlugin } from './server/outage-status.js';
import { clientAddress, createRateLimiter, rateLimitConnection } from './server/rate-limit.js';
import { logRequestWhenDone, startRequestTimeout } from './server/request-log.js';
import { currentRequest, declaredOperationName, requestScope, type RequestRecord } from './server/request-scope.js';
import { countingErrors, createMetrics, operationNamePlugin } from './ops/metrics.js';
import { checkReadiness } from './ops/readiness.js';
import { createLogger, errorFields, type Logger } from './logger.js';
import { loadSeeds, type SeedReport } from './seed/load-seeds.js';
import { attachSubscriptions } from './subscriptions/websocket.js';
import { StatusChangeListener } from './subscriptions/status-listener.js';
import { createReadCaches, dataChanged } from './cache/caches.js';
import { invalidateAfterMutationsPlugin } from './cache/invalidate-plugin.js';

export interface AppOptions {
  /** Called with every SQL statement (tests count them). */
  onQuery?: (sql: string) => void;
  /** Seed folder (tests point it at broken copies). */
  seedDir?: string;
}

export interface App {
  config: AppConfig;
  orm: MikroORM;
  logger: Logger;
  seedReport: SeedReport | null;
  /** Starts listening; resolves with the GraphQL endpoint URL. */
  listen(): Promise<string>;
  /** Runs one GraphQL operation in-process, through the same pipeline as HTTP requests (tests, scripts). */
  execute(query: string, variables?: Record<string, unknown>, operationName?: string): Promise<{ data?: unknown; errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }>;
  stop(): Promise<void>;
}

/**
 * Builds the hub: database (embedded PGlite unless DATABASE_URL is set), migrations, seed data, schema and the
 * HTTP server. `main.ts` only calls this and `listen()`; tests reuse it.
 */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<App> {
  const logger = createLogger(config.logLevel);
  let embedded: EmbeddedDatabase | null = null;
  let connection: string | EmbeddedDatabase['connection'] | null = config.databaseUrl;
  if (!connection) {
    embedded = await startEmbeddedDatabase(config.dataDir);
    connection = embedded.connection;
    logger.info('embedded PostgreSQL (PGlite) started', { dataDir: config.dataDir });
  }
  const poolMax = embedded ? EMBEDDED_MAX_CONNECTIONS : config.dbPoolSize;
  const orm = await createOrm({ entities: ENTITIES, connection, poolMax, connectTimeoutMs: config.dbPoolWaitMs, statementTimeoutMs: config.statementTimeoutMs, onQuery: options.onQuery });
  let seedReport: SeedReport | null = null;
  try {
    const applied = await migrate(orm);
    if (applied.length) logger.info('migrations applied', { applied });
    if (config.seedOnStart) {
      seedReport = await loadSeeds(orm.em.fork(), options.seedDir);
      logger.info(seedReport.loaded ? 'seed data loaded' : 'seed data unchanged', { ...seedReport.counts });
    }
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }

  const schema = await buildAppSchema();
  const httpServer = http.createServer();
  // Receiving a request (headers and body) may not take longer than answering one: slow senders are cut off.
  httpServer.requestTimeout = config.requestTimeoutMs;
  httpServer.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  const development = config.nodeEnv !== 'production';
  const metrics = createMetrics();
  const pool = await poolOf(orm);
  metrics.watchPool(pool, poolMax);
  // MikroORM already keeps a dropped idle connection from crashing the process; this makes the loss visible in the logs.
  pool.on('error', (error) => logger.warn('database connection lost', { error: error.message }));
  // Counted in memory, shared through PostgreSQL in batches (src/server/rate-limit.ts): on a server over a connection of
  // its own (flushes never wait behind requests in a full pool); the embedded database has one backend, so its pool.
  const rateLimitDb = config.rateLimitPerMinute > 0 && typeof connection === 'string'
    ? rateLimitConnection(connection, config.dbPoolWaitMs, logger)
    : { query: ((text: string, values: unknown[]) => pool.query(text, values)), close: async () => undefined };
  const rateLimiter = createRateLimiter({ perMinute: config.rateLimitPerMinute, query: rateLimitDb.query, logger });
  await rateLimiter.start();
  // One LISTEN connection per process: live updates for subscriptions, and data changes for the read caches.
  const listener = new StatusChangeListener({ database: connection, embedded: !!embedded, embeddedNotifications: embedded?.onNotification, orm, logger });
  const caches = createReadCaches(() => config.readCache && listener.listening);
  listener.onDataChanged((table) => dataChanged(caches, table));
  metrics.watchCaches(caches);
  await listener.start();
  let draining = false;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    // Production: no "Did you mean ...?" hints naming schema members.
    hideSchemaDetailsFromClientErrors: !development,
    // One operation per request: a JSON array is refused (400), so limits and rate limits count every operation.
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: Apollo's own handlers (on outside NODE_ENV=test) stop it and then re-send the signal,
    // which main.ts saw as an impatient second signal and exited 1 without closing the database.
    stopOnTerminationSignals: false,
    // Requests a browser could send cross-site without a CORS preflight (GET, form posts) need a header that forces one.
    csrfPrevention: true,
    parseOptions: limitParseOptions(config.limits),
    validationRules: limitValidationRules(config.limits),
    formatError: countingErrors(createErrorFormatter(
      (error, context) => logger.error('unexpected error', { requestId: currentRequest()?.requestId, ...errorFields(error), ...context }), development), metrics),
    plugins: [
      // Text no stored value may hold (NUL, control characters, lone surrogates, over-long) is refused before anything runs.
      inputGuardPlugin,
      costLimitPlugin(config.limits.maxCost),
      operationNamePlugin,
      databaseOutageStatusPlugin,
      invalidateAfterMutationsPlugin(caches),
      // No cache hints are used, and federated tracing is not collected: both cost throughput (STACK.md).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownGraceMs }),
      development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: { initialState: { pollForSchemaUpdates: false } }, document: EXAMPLE_OPERATIONS, includeCookies: false })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    ],
  });
  await apollo.start();
  // Live updates: graphql-ws on the same server and path, fed by PostgreSQL LISTEN/NOTIFY (src/subscriptions).
  const subscriptions = await attachSubscriptions({
    httpServer, schema, orm, config, logger, listener, validationRules: limitValidationRules(config.limits),
  });

  httpServer.on('request', (req, res) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 100)) || crypto.randomUUID();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const record: RequestRecord = { requestId, method: req.method ?? 'GET', path: url.pathname, errorCodes: [] };
    logRequestWhenDone(res, record, logger, metrics);
    requestScope.run(record, () => route(req, res, url, record));
  });

  function route(req: http.IncomingMessage, res: http.ServerResponse, url: URL, record: RequestRecord): void {
    const { requestId } = record;
    if (url.pathname === '/healthz') {
      // Liveness only: never touches the database, so an outage does not get the process restarted.
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (url.pathname === '/readyz') {
      void checkReadiness(orm, draining, metrics.capacity()).then((readiness) => {
        res.writeHead(readiness.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ status: readiness.ready ? 'ready' : 'unavailable', ...readiness }));
      });
      return;
    }
    if (url.pathname === '/metrics') {
      void metrics.render().then((text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text));
      return;
    }
    if (serveExplorer(req, res, url.pathname)) return;
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `No route ${url.pathname}; the API is at /graphql.` }));
      return;
    }
    startRequestTimeout(res, config.requestTimeoutMs, () => {
      record.errorCodes.push('REQUEST_TIMEOUT');
      metrics.countError('REQUEST_TIMEOUT');
    });
    handleGraphQL(req, res, url, requestId).catch((error) => {
      logger.error('request failed', { requestId, ...errorFields(error) });
      if (res.headersSent) return void res.end();
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    });
  }

  /**
   * The request's context: who is calling (from its API key) and its own EntityManager and loaders. Every request
   * is counted by the rate limiter first (in memory: no statement): by its key's id when the key is valid, else by
   * the client address (so guessing keys is rate limited too). A database outage here is answered 503 DATABASE_UNAVAILABLE.
   */
  async function contextFor(headers: HeaderMap, requestId: string, address: string): Promise<RequestContext> {
    try {
      const key = apiKeyFromHeaders(headers);
      let principal: Awaited<ReturnType<typeof principalForKey>> | null = null;
      let refusal: Error | null = null;
      if (!key) {
        if (!config.anonymousRead) refusal = new UnauthenticatedError('This hub does not answer anonymous requests: send an API key as "Authorization: Bearer <key>".');
      } else {
        try {
          principal = await principalForKey(orm.em.fork(), key);
        } catch (error) {
          if (!(error instanceof InvalidApiKeyError)) throw error;
          refusal = new UnauthenticatedError(error.message);
        }
      }
      const keyed = principal?.keyId != null;
      const subject = keyed ? `key:${principal!.keyId}` : `ip:${address}`;
      const record = currentRequest();
      if (record) record.subject = subject;
      rateLimiter.hit(subject, keyed);
      if (refusal) throw refusal;
      return createRequestContext(orm.em, requestId, principal, caches);
    } catch (error) {
      if (isDatabaseBusyError(error)) throw new DatabaseBusyError();
      if (isDatabaseConnectionError(error)) throw new DatabaseUnavailableError();
      throw error;
    }
  }

  async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      let raw: string;
      try {
        raw = await readBody(req, config.bodyLimitBytes);
      } catch (error) {
        if (!(error instanceof PayloadTooLargeError)) throw error;
        // Answered at once; the rest of the body is read and dropped (readBody), so the client gets this, not a reset.
        res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({
          errors: [{ message: `Request body is larger than ${config.bodyLimitBytes} bytes.`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        }));
        return;
      }
      body = raw;
      if ((headers.get('content-type') ?? '').includes('application/json')) {
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({
            errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }],
          }));
          return;
        }
      }
    }
    const record = currentRequest();
    if (record) record.operationName = declaredOperationName(body, url.searchParams);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => contextFor(headers, requestId, clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustProxy)),
    });
    // Already answered 504 REQUEST_TIMEOUT: the late result is dropped.
    if (res.headersSent) return;
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return {
    config,
    orm,
    logger,
    seedReport,
    async listen() {
      // While binding, a failure is this call's alone: the WebSocket server's re-emitting listener would print it as an internal error.
      const others = httpServer.listeners('error') as ((error: Error) => void)[];
      httpServer.removeAllListeners('error');
      try {
        await new Promise<void>((resolve, reject) => {
          httpServer.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(config.port) : error));
          httpServer.listen(config.port, resolve);
        });
      } finally {
        httpServer.removeAllListeners('error');
        for (const listener of others) httpServer.on('error', listener);
      }
      const { port } = httpServer.address() as AddressInfo;
      return `http://localhost:${port}/graphql`;
    },
    async execute(query, variables, operationName) {
      const result = await apollo.executeOperation({ query, variables, operationName }, { contextValue: createRequestContext(orm.em, undefined, null, caches) });
      if (result.body.kind !== 'single') throw new Error('incremental delivery is not used by this API');
      return result.body.singleResult as Awaited<ReturnType<App['execute']>>;
    },
    async stop() {
      // /readyz answers 503 from now on, so load balancers stop sending traffic while in-flight requests finish.
      draining = true;
      await subscriptions.stop();
      await listener.stop();
      await apollo.stop();
      // Every request has been answered: the hits this process has not sent yet go to the shared counters.
      await rateLimiter.stop();
      await rateLimitDb.close();
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await orm.close();
      await embedded?.stop();
    },
  };
}
