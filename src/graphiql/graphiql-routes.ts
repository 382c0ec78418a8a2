import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { parse } from 'graphql';
import { EXAMPLE_OPERATIONS } from '../api/examples.js';
import { CSS, HTML, JS, LIBRARY_CACHE, staticSite, type Asset } from '../server/static-files.js';

/**
 * GraphiQL at /graphiql, for networks cut off from the internet where Apollo Sandbox (loaded from a CDN) cannot load.
 * GraphiQL 4 ships a ready browser bundle (graphiql.min.js, a UMD file on the globals React and ReactDOM) and its
 * style sheet; React 18 ships the matching UMD files. All are served straight from node_modules: no bundler runs,
 * at build time or at run time. (GraphiQL 5 ships only ES modules on Monaco and web workers, which need a bundler.)
 */

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
/** A file of a package that does not export it (the UMD bundles): found beside the package's package.json. */
const packageFile = (name: string, file: string) => path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

export interface ExampleTab {
  /** The operation's name, as GraphiQL titles its tab. */
  name: string;
  /** The operation with the comment lines above it. */
  query: string;
}

/** Splits the example document into one operation per tab, each keeping the comment that says what it asks. */
export function exampleTabs(document: string = EXAMPLE_OPERATIONS): ExampleTab[] {
  const operations = parse(document).definitions;
  return operations.map((definition, i) => {
    const start = i === 0 ? 0 : operations[i - 1].loc!.end;
    const name = definition.kind === 'OperationDefinition' ? (definition.name?.value ?? `Example ${i + 1}`) : `Example ${i + 1}`;
    return { name, query: `${document.slice(start, definition.loc!.end).trim()}\n` };
  });
}

const library = (name: string, file: string): Asset => ({
  path: packageFile(name, file),
  contentType: file.endsWith('.css') ? CSS : JS,
  cacheControl: LIBRARY_CACHE,
});

/** Every file the page loads; nothing outside this list is ever read from disk. */
const ASSETS: Record<string, Asset> = {
  'react.production.min.js': library('react', 'umd/react.production.min.js'),
  'react-dom.production.min.js': library('react-dom', 'umd/react-dom.production.min.js'),
  'graphiql.min.js': library('graphiql', 'graphiql.min.js'),
  'graphiql.min.css': library('graphiql', 'graphiql.min.css'),
  'graphiql-page.js': { path: here('./graphiql-page.js'), contentType: JS, cacheControl: 'no-cache' },
  'graphiql-page.css': { path: here('./graphiql-page.css'), contentType: CSS, cacheControl: 'no-cache' },
  'examples.json': {
    body: () => Buffer.from(JSON.stringify(exampleTabs())),
    contentType: 'application/json; charset=utf-8',
    cacheControl: 'no-cache',
  },
};

/**
 * Scripts only from the hub's own files (no inline script, no eval). Styles need 'unsafe-inline': GraphiQL's editor
 * (CodeMirror) and its dialogs and tooltips set style attributes and insert <style> elements as they open. Its
 * fonts and icons are data: URLs inside graphiql.min.css.
 */
export const GRAPHIQL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `/graphiql` (the page) and `/graphiql/assets/<file>`. */
export function graphiqlRoutes(server: FastifyInstance): void {
  staticSite(server, {
    prefix: '/graphiql',
    label: 'GraphiQL',
    page: { path: here('./graphiql.html'), contentType: HTML, cacheControl: 'no-cache' },
    assets: ASSETS,
    headers: {
      'content-security-policy': GRAPHIQL_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
    },
  });
}
