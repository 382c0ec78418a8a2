import crypto from 'node:crypto';
import type http from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AppConfig } from '../config.js';
import { createErrorFormatter } from '../api/format-error.js';
import { errorFields, type Logger } from '../logger.js';
import { apiKeyFromHeaders } from '../modules/auth/auth.service.js';
import type { Principal } from '../modules/auth/principal.js';
import { createSubscriptionContext } from '../subscriptions/context.js';
import { checkSubscriptionDocument } from '../subscriptions/subscription-document.js';
import type { StatusChangeListener } from '../subscriptions/status-listener.js';
import { authenticate } from './authenticate.js';
import { clientAddress } from './rate-limit.js';

/** Largest message a client may send, as for HTTP request bodies. */
const MAX_MESSAGE_BYTES = 1_000_000;
/** How long clients get to answer the close handshake on shutdown before their sockets are cut. */
const CLOSE_GRACE_MS = 1_000;

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  orm: MikroORM;
  config: AppConfig;
  logger: Logger;
  /** The process's LISTEN connection (started and stopped by the app). */
  listener: StatusChangeListener;
  /** The HTTP path's limit rules (depth, aliases, directives), applied to subscription documents too; tokens and cost come from `config.limits`. */
  validationRules?: readonly ValidationRule[];
}

export interface SubscriptionServer {
  /** Closes every WebSocket. */
  stop(): Promise<void>;
}

type ConnectionExtra = { principal: Principal | null };

/** The API key a graphql-ws client sent in `connectionParams` (`authorization: "Bearer <key>"`, or `apiKey`). */
function apiKeyFromParams(params: Record<string, unknown> | undefined): string | null {
  const value = (name: string) => (typeof params?.[name] === 'string' ? (params[name] as string) : undefined);
  const key = apiKeyFromHeaders({ get: (name) => (name === 'authorization' ? (value('authorization') ?? value('Authorization')) : undefined) });
  return key ?? value('apiKey')?.trim() ?? null;
}

/**
 * Serves GraphQL subscriptions over WebSocket (graphql-ws, the graphql-transport-ws protocol) on the app's HTTP
 * server at /graphql, fed by a LISTEN on PostgreSQL. Only subscription operations are accepted on the socket
 * (queries and mutations go over HTTP). The API key is checked when the socket connects; each subscription gets
 * a context like an HTTP request's (its own EntityManager and loaders, renewed before each event).
 */
export async function attachSubscriptions(options: SubscriptionServerOptions): Promise<SubscriptionServer> {
  const { httpServer, schema, orm, config, logger } = options;
  const { listener } = options;

  const formatError = createErrorFormatter(
    (error, context) => logger.error('unexpected error', { ...errorFields(error), ...context, transport: 'websocket' }),
    config.nodeEnv !== 'production',
  );
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema,
      isProd: config.nodeEnv === 'production',
      async onConnect(ctx) {
        const { request } = ctx.extra;
        const address = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], config.trustProxy);
        const caller = await authenticate(orm, apiKeyFromParams(ctx.connectionParams), address, config.anonymousRead);
        ctx.extra.principal = caller.principal;
        if (!caller.refusal) return true;
        const reason =
          caller.refusal.reason === 'anonymous'
            ? 'Unauthorized: send an API key as connectionParams.authorization'
            : `Unauthorized: ${caller.refusal.message}`.slice(0, 120);
        ctx.extra.socket.close(CloseCode.Unauthorized, reason);
        return false;
      },
      onSubscribe(_ctx, _id, payload) {
        // The same limits, codes and messages as over HTTP (QUERY_LIMIT_EXCEEDED with extensions.limit and max).
        const checked = checkSubscriptionDocument(schema, payload, config.limits, options.validationRules ?? []);
        if (Array.isArray(checked)) return checked;
        return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => createSubscriptionContext(orm.em, listener, crypto.randomUUID(), ctx.extra.principal ?? null),
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
      },
    },
    wss,
  );
  wss.on('error', (error) => logger.error('WebSocket server error', errorFields(error)));

  return {
    async stop() {
      const cut = setTimeout(() => {
        for (const client of wss.clients) client.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await server.dispose();
      } finally {
        clearTimeout(cut);
      }
    },
  };
}
