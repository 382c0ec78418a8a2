import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The offline connection-graph explorer: one HTML page, its ES modules and style sheet, and Cytoscape's browser bundle
 * served straight from node_modules. Nothing is fetched from a CDN, so the page works on networks cut off from the
 * internet; the page only talks to /graphql on the same origin.
 */

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Asset {
  /** Absolute path of the file on disk. */
  path: string;
  contentType: string;
  cacheControl: string;
}

/** The page's own ES modules: explorer.js is the entry point and imports the others by these names. */
const MODULES = [
  'explorer.js',
  'palette.js',
  'dom.js',
  'graphql-client.js',
  'view-state.js',
  'load.js',
  'graph.js',
  'ring-layout.js',
  'panels.js',
  'summary.js',
  'suggestions.js',
];

const moduleAsset = (name: string): Asset => ({ path: here(`./${name}`), contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' });

/** Every file the explorer serves; nothing outside this list is ever read from disk. */
const ASSETS: Record<string, Asset> = {
  ...Object.fromEntries(MODULES.map((name) => [name, moduleAsset(name)])),
  'explorer.css': { path: here('./explorer.css'), contentType: 'text/css; charset=utf-8', cacheControl: 'no-cache' },
  // The library changes only with its exact pinned version: let browsers keep it for a day.
  'cytoscape.min.js': {
    path: require.resolve('cytoscape/dist/cytoscape.min.js'),
    contentType: 'text/javascript; charset=utf-8',
    cacheControl: 'public, max-age=86400',
  },
};

const PAGE: Asset = { path: here('./explorer.html'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' };

export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': EXPLORER_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
} as const;

/** File contents with their ETag, read once (the files do not change while the hub runs). */
const cache = new Map<string, { body: Buffer; etag: string }>();

function load(asset: Asset): { body: Buffer; etag: string } {
  let entry = cache.get(asset.path);
  if (!entry) {
    const body = fs.readFileSync(asset.path);
    entry = { body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(asset.path, entry);
  }
  return entry;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset): FastifyReply {
  const { body, etag } = load(asset);
  reply.headers({ ...SECURITY_HEADERS, 'content-type': asset.contentType, 'cache-control': asset.cacheControl, etag });
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  // HEAD: the same headers, content-length included; Node sends no body.
  return reply.code(200).header('content-length', body.length).send(body);
}

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .code(404)
    .headers({ ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' })
    .send(JSON.stringify({ error: message }));
}

const ASSET_PREFIX = '/explorer/assets/';

/** `/explorer` (the page) and `/explorer/assets/<file>` (an allow-list of files, named as sent: never decoded into a path). */
function serveExplorer(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return reply
      .code(405)
      .headers({ allow: 'GET, HEAD', 'content-type': 'application/json' })
      .send(JSON.stringify({ error: `The explorer only answers GET and HEAD, not ${request.method}.` }));
  }
  const pathname = request.url.split('?')[0];
  if (!pathname.startsWith(ASSET_PREFIX)) return send(request, reply, PAGE);
  const name = pathname.slice(ASSET_PREFIX.length);
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return notFound(reply, `No explorer asset ${JSON.stringify(name)}.`);
  return send(request, reply, asset);
}

/** The explorer's routes, every method (anything but GET and HEAD is answered 405). */
export function explorerRoutes(server: FastifyInstance): void {
  for (const url of ['/explorer', '/explorer/', `${ASSET_PREFIX}*`]) server.all(url, serveExplorer);
}
