import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Browsers (CORS, README "Browsers"): pages of the origins listed in CORS_ORIGINS may call the API, API keys
 * included; with `*` any other page may too, but only anonymously: its preflight does not allow the key headers,
 * and a request that carries a key from an origin not listed gets no CORS headers (its page cannot read the answer).
 * A page of any other origin gets no CORS headers at all, and its preflight 403: the browser refuses the call.
 *
 * Apollo's CSRF prevention still applies behind this: a cross-origin request that needs no preflight (a GET, a
 * text/plain POST) is refused unless it carries `apollo-require-preflight` or a JSON content type, which make the
 * browser ask first; CORS only decides whether the page may read what comes back.
 */

const METHODS = 'GET, POST, OPTIONS';
const KEY_HEADERS = ['authorization', 'x-api-key'];
/** Headers a page may send: the content type, Apollo's CSRF headers, the request id, and (listed origins) the key headers. */
const PLAIN_HEADERS = ['content-type', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'];
/** Response headers a page may read besides the simple ones. */
const EXPOSED = 'x-request-id, retry-after';
/** How long a browser may keep a preflight's answer (Chromium caps it at 2 hours). */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

type Allowed = 'listed' | 'any' | null;

function carriesKey(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
}

function preflight(reply: FastifyReply, origin: string, allowed: Allowed): FastifyReply {
  if (!allowed) {
    return reply
      .code(403)
      .header('content-type', 'application/json')
      .send(JSON.stringify({ error: `Pages of ${origin} may not call this hub: CORS_ORIGINS does not list that origin.` }));
  }
  return reply
    .code(204)
    .headers({
      'access-control-allow-origin': allowed === 'listed' ? origin : '*',
      'access-control-allow-methods': METHODS,
      'access-control-allow-headers': (allowed === 'listed' ? [...PLAIN_HEADERS, ...KEY_HEADERS] : PLAIN_HEADERS).join(', '),
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    })
    .send();
}

/**
 * The CORS answer of every route: preflights (OPTIONS with `access-control-request-method`) are answered here, before
 * routing; other requests go on, with the CORS headers their origin is due. Requests without `Origin` get none.
 */
export function corsHooks(server: FastifyInstance, corsOrigins: readonly string[]): void {
  const listed = new Set(corsOrigins.filter((origin) => origin !== '*'));
  const any = corsOrigins.includes('*');
  // With origins listed, answers depend on Origin: caches between the hub and browsers keep one per origin (the
  // answer to a request without Origin too, so it is never served to a page that sent one).
  const varies = corsOrigins.length > 0;
  server.addHook('onRequest', (request, reply, done) => {
    if (varies) void reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined) return done();
    const allowed: Allowed = listed.has(origin) ? 'listed' : any ? 'any' : null;
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      return void preflight(reply, origin, allowed);
    }
    if (allowed === 'listed' || (allowed === 'any' && !carriesKey(request))) {
      void reply.headers({ 'access-control-allow-origin': allowed === 'listed' ? origin : '*', 'access-control-expose-headers': EXPOSED });
    }
    done();
  });
}
