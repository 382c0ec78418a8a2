import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CSS, HTML, JS, LIBRARY_CACHE, staticSite, type Asset } from '../server/static-files.js';

/**
 * The offline connection-graph explorer: one HTML page, its ES modules and style sheet, and Cytoscape's browser bundle
 * served straight from node_modules. Nothing is fetched from a CDN, so the page works on networks cut off from the
 * internet; the page only talks to /graphql on the same origin.
 */

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

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

const moduleAsset = (name: string): Asset => ({ path: here(`./${name}`), contentType: JS, cacheControl: 'no-cache' });

/** Every file the explorer serves; nothing outside this list is ever read from disk. */
const ASSETS: Record<string, Asset> = {
  ...Object.fromEntries(MODULES.map((name) => [name, moduleAsset(name)])),
  'explorer.css': { path: here('./explorer.css'), contentType: CSS, cacheControl: 'no-cache' },
  'cytoscape.min.js': { path: require.resolve('cytoscape/dist/cytoscape.min.js'), contentType: JS, cacheControl: LIBRARY_CACHE },
};

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

/** `/explorer` (the page) and `/explorer/assets/<file>`. */
export function explorerRoutes(server: FastifyInstance): void {
  staticSite(server, {
    prefix: '/explorer',
    label: 'explorer',
    page: { path: here('./explorer.html'), contentType: HTML, cacheControl: 'no-cache' },
    assets: ASSETS,
    headers: {
      'content-security-policy': EXPLORER_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    },
  });
}
