/**
 * The import rules of the house (ARCHITECTURE.md, issue 10), run by `npm test` (test/architecture.test.ts) and by
 * `npm run lint:imports`. Read top-down, each layer may import only from the layers below it (and from its own):
 *
 *   app (main.ts, app.ts) -> server -> hub -> api, subscriptions, seed -> modules -> graphql -> db -> text, errors, config
 *
 * The one name that may point back up is the `RequestContext` type of src/api/context.ts: resolvers and services
 * import it (a type-only import, erased at compile time), while the context imports the modules' loaders.
 * Folders outside the spine (cache/, ops/, client/, explorer/) have rules of their own below.
 */

/** Top to bottom; a layer is a list of path patterns (relative to the repository root). */
const LAYERS = [
  { name: 'app', paths: ['^src/main\\.ts$', '^src/app\\.ts$'] },
  { name: 'server', paths: ['^src/server/'] },
  { name: 'hub', paths: ['^src/hub\\.ts$'] },
  { name: 'api, subscriptions, seed', paths: ['^src/api/', '^src/subscriptions/', '^src/seed/'] },
  { name: 'modules', paths: ['^src/modules/'] },
  { name: 'graphql', paths: ['^src/graphql/'] },
  { name: 'db', paths: ['^src/db/', '^migrations/'] },
  { name: 'text, errors, config', paths: ['^src/text/', '^src/errors\\.ts$', '^src/field-errors\\.ts$', '^src/config\\.ts$', '^src/logger\\.ts$'] },
];

const CONTEXT = '^src/api/context\\.ts$';

/** One rule per layer: nothing in it imports a layer above it. */
const upward = LAYERS.slice(1).map((layer, i) => {
  const above = LAYERS.slice(0, i + 1).flatMap((l) => l.paths);
  const modules = layer.name === 'modules';
  return {
    name: `no-upward-from-${layer.name.replace(/[^a-z]+/g, '-')}`,
    comment:
      `${layer.name} imports nothing above it (${LAYERS.slice(0, i + 1)
        .map((l) => l.name)
        .join('; ')})` + (modules ? ', except the RequestContext type of src/api/context.ts' : ''),
    severity: 'error',
    from: { path: layer.paths },
    to: { path: above, ...(modules ? { pathNot: CONTEXT } : {}) },
  };
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'context-type-only',
      comment: 'modules import only the RequestContext type from src/api/context.ts (import type), never its values',
      severity: 'error',
      // A service that needs a context for work inside a transaction asks the one it has (ctx.inTransaction()).
      from: { path: '^src/modules/' },
      to: { path: CONTEXT, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      // A cycle through the context is allowed only when a type-only import closes it: the modules may import nothing but
      // types from it (context-type-only), and nothing below the modules may import it at all (no-upward-*).
      comment: 'no import cycle; a cycle closed by a type-only import of src/api/context.ts (RequestContext) is the one allowed',
      severity: 'error',
      from: { path: '^(src|migrations)/' },
      to: { circular: true, viaOnly: { pathNot: CONTEXT } },
    },
    {
      name: 'cache-stays-low',
      comment: "the read caches are used by the modules' loaders: they import nothing above the db layer",
      severity: 'error',
      from: { path: '^src/cache/' },
      to: { path: ['^src/(main|app|hub)\\.ts$', '^src/(server|api|subscriptions|seed|modules|graphql|ops)/'] },
    },
    {
      name: 'ops-below-app',
      comment: 'metrics and readiness serve the server (they may read its request scope): nothing of the API or the modules',
      severity: 'error',
      from: { path: '^src/ops/' },
      to: { path: ['^src/(main|app)\\.ts$', '^src/(api|subscriptions|seed|modules)/'] },
    },
    {
      name: 'client-is-apart',
      comment: 'the command-line client talks to the hub over HTTP: it imports nothing of the hub itself',
      severity: 'error',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that does not resolve to a file',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/client/generated/'] },
    // Keep type-only imports in the graph (marked `type-only`), so an upward `import type` is caught too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js'],
      // A types-only package (@graphql-typed-document-node/core) resolves to its typings.
      mainFields: ['main', 'types', 'typings'],
    },
  },
};
