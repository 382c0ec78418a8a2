import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser pages the hub serves itself (/explorer, /graphiql): one HTML page and an allow-list of files below
 * `<prefix>/assets/`, each named as sent and never decoded into a path, with ETags and the page's security headers.
 */

export interface Asset {
  /** Absolute path of the file on disk, read on first use. */
  path?: string;
  /** Or the bytes themselves (a file made at start-up, e.g. GraphiQL's examples). */
  body?: () => Buffer;
  contentType: string;
  cacheControl: string;
}

export interface StaticSite {
  /** `/explorer`: the page answers at the prefix (with or without a trailing slash), assets at `<prefix>/assets/<name>`. */
  prefix: string;
  /** Named in the 404 and 405 messages ("explorer", "GraphiQL"). */
  label: string;
  page: Asset;
  assets: Record<string, Asset>;
  /** Sent with every answer, the page's and its assets' (Content-Security-Policy and friends). */
  headers: Record<string, string>;
}

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';
export const HTML = 'text/html; charset=utf-8';
/** A library changes only with its exact pinned version: browsers may keep it for a day. */
export const LIBRARY_CACHE = 'public, max-age=86400';

/** File contents with their ETag, made once (the files do not change while the hub runs). */
const cache = new WeakMap<Asset, { body: Buffer; etag: string }>();

function load(asset: Asset): { body: Buffer; etag: string } {
  let entry = cache.get(asset);
  if (!entry) {
    const body = asset.body ? asset.body() : fs.readFileSync(asset.path!);
    entry = { body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(asset, entry);
  }
  return entry;
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset, headers: Record<string, string>): FastifyReply {
  const { body, etag } = load(asset);
  reply.headers({ ...headers, 'content-type': asset.contentType, 'cache-control': asset.cacheControl, etag });
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  // HEAD: the same headers, content-length included; Node sends no body.
  return reply.code(200).header('content-length', body.length).send(body);
}

function answer(reply: FastifyReply, code: number, headers: Record<string, string>, error: string): FastifyReply {
  return reply
    .code(code)
    .headers({ ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' })
    .send(JSON.stringify({ error }));
}

/** Registers the site's routes for every method (anything but GET and HEAD is answered 405). */
export function staticSite(server: FastifyInstance, site: StaticSite): void {
  const assetPrefix = `${site.prefix}/assets/`;
  const serve = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return answer(reply.header('allow', 'GET, HEAD'), 405, {}, `The ${site.label} only answers GET and HEAD, not ${request.method}.`);
    }
    const pathname = request.url.split('?')[0];
    if (!pathname.startsWith(assetPrefix)) return send(request, reply, site.page, site.headers);
    const name = pathname.slice(assetPrefix.length);
    const asset = Object.hasOwn(site.assets, name) ? site.assets[name] : undefined;
    if (!asset) return answer(reply, 404, site.headers, `No ${site.label} asset ${JSON.stringify(name)}.`);
    return send(request, reply, asset, site.headers);
  };
  for (const url of [site.prefix, `${site.prefix}/`, `${assetPrefix}*`]) server.all(url, serve);
}
