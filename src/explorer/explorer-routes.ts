import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The offline connection-graph explorer: one HTML page, its script and style sheet, and Cytoscape's browser bundle
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

/** Every file the explorer serves; nothing outside this list is ever read from disk. */
const ASSETS: Record<string, Asset> = {
  'explorer.js': { path: here('./explorer.js'), contentType: 'text/javascript; charset=utf-8', cacheControl: 'no-cache' },
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

function send(req: http.IncomingMessage, res: http.ServerResponse, asset: Asset): void {
  const { body, etag } = load(asset);
  const headers = {
    ...SECURITY_HEADERS,
    'content-type': asset.contentType,
    'cache-control': asset.cacheControl,
    etag,
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res: http.ServerResponse, message: string): void {
  res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify({ error: message }));
}

/**
 * Serves `/explorer` (the page) and `/explorer/assets/<file>` (an allow-list of files). Returns false for any other
 * path, leaving the request to the caller.
 */
export function serveExplorer(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): boolean {
  if (pathname !== '/explorer' && pathname !== '/explorer/' && !pathname.startsWith('/explorer/assets/')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' })
      .end(JSON.stringify({ error: `The explorer only answers GET and HEAD, not ${req.method}.` }));
    return true;
  }
  if (pathname === '/explorer' || pathname === '/explorer/') {
    send(req, res, PAGE);
    return true;
  }
  const name = pathname.slice('/explorer/assets/'.length);
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) {
    notFound(res, `No explorer asset ${JSON.stringify(name)}.`);
    return true;
  }
  send(req, res, asset);
  return true;
}
