/**
 * The schema lint (test/schema-lint.test.ts, in `npm test`; alone: `npm run lint:schema`): graphql-eslint's schema rules on the hub's own types,
 * read from schema/schema.graphql without what @apollo/subgraph adds (`_Any`, `_Entity`, `_Service`, `_entities`,
 * `_service`, `federation__*`, `link__*` and the federation directives: their shape is Apollo's, not ours).
 * 0 findings, except the ones listed in EXCEPTIONS, each with its reason.
 */

/** Types without an `id` of their own: values computed for one answer, page plumbing, and mutation payloads. */
const VALUE_TYPES = [
  // Page plumbing (Relay): a page, its edges and their page info have no identity.
  'PageInfo',
  // A link between two agencies, identified by the pair; refetch either agency by its id.
  'AgencySuccession',
  // Computed for one question (counts, summaries, traversals, progress), never stored as such.
  'ConnectionCount',
  'ConnectionPath',
  'ConnectionSummary',
  'ReportedConnectionCount',
  'HopCount',
  'Neighbourhood',
  'NeighbourhoodEdge',
  'NeighbourSystem',
  'TargetProgress',
  // A live update's message: it carries the connection (a Node) it is about.
  'ConnectionStatusChange',
  // The import's report and its lines: an answer, not stored objects (the audit log records what was written).
  'ImportChange',
  'ImportError',
  'ImportResult',
  // Dashboard answers computed on a date (the integration matrix and its cells and counts, group-by counts, roll-ups).
  'IntegrationMatrix',
  'IntegrationMatrixCell',
  'IntegrationMatrixRow',
  'IntegrationMatrixColumn',
  'ConnectionGroupCount',
  'SystemGroupCount',
  'ValueCount',
  'AgencyRollup',
  // A period of a system's owner history: read through its system (InformationSystem.ownerHistory), never alone.
  'SystemOwnerPeriod',
  // An item of the public change feed: read in order with its cursor; the object it is about is a Node (`entityId`),
  // and the audit record behind it (an AuditEntry node) is for writers only, so the feed gives it no id to refetch.
  'Change',
  // The caller and its limits, for this request only.
  'Viewer',
  'RateLimitState',
  'QueryCostState',
  // The root operation types.
  'Query',
  'Mutation',
  'Subscription',
];

export const SCHEMA_RULES: Record<string, unknown> = {
  '@graphql-eslint/relay-connection-types': 'error',
  // Lists of plain objects (a system's history, an agency's predecessors, a path's systems) are not pages: only a
  // page's `edges` must be a list of edges, which relay-connection-types checks.
  '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: true, listTypeCanWrapOnlyEdgeType: false }],
  '@graphql-eslint/relay-page-info': 'error',
  '@graphql-eslint/relay-arguments': ['error', { includeBoth: true }],
  '@graphql-eslint/require-description': [
    'error',
    { types: true, rootField: true, FieldDefinition: true, InputValueDefinition: true, EnumValueDefinition: true, DirectiveDefinition: true },
  ],
  '@graphql-eslint/naming-convention': [
    'error',
    {
      types: 'PascalCase',
      FieldDefinition: 'camelCase',
      InputValueDefinition: 'camelCase',
      Argument: 'camelCase',
      EnumValueDefinition: 'UPPER_CASE',
      DirectiveDefinition: 'camelCase',
    },
  ],
  '@graphql-eslint/strict-id-in-types': [
    'error',
    { acceptedIdNames: ['id'], acceptedIdTypes: ['ID'], exceptions: { types: VALUE_TYPES, suffixes: ['Connection', 'Edge', 'Payload'] } },
  ],
  '@graphql-eslint/input-name': ['error', { checkInputType: false }],
  '@graphql-eslint/require-field-of-type-query-in-mutation-result': 'error',
};

/**
 * Findings accepted, each for a reason: `rule` and the schema line's text (trimmed) that it points at.
 *
 * The domain's `Connection` (a data connection between two information systems, the hub's central type since its
 * first release) ends in "Connection", which the Relay rules take for a page type. Renaming it would break every
 * client and the federation key other subgraphs use; its page type is `ConnectionConnection`, which the rules check.
 */
export const EXCEPTIONS: { rule: string; line: string; count: number }[] = [
  { rule: '@graphql-eslint/relay-connection-types', line: 'type Connection implements Node {', count: 2 },
  { rule: '@graphql-eslint/relay-arguments', line: 'nodes: [Connection!]!', count: 1 },
  { rule: '@graphql-eslint/relay-arguments', line: 'node: Connection!', count: 1 },
  { rule: '@graphql-eslint/relay-arguments', line: 'connection: Connection!', count: 5 },
  { rule: '@graphql-eslint/relay-arguments', line: 'connection: Connection', count: 1 },
  { rule: '@graphql-eslint/relay-arguments', line: 'connections: [Connection!]!', count: 1 },
  // The change feed's page (`changes`) pages `Change` items, which have no id (see VALUE_TYPES).
  { rule: '@graphql-eslint/relay-edge-types', line: 'type ChangeEdge {', count: 1 },
];
