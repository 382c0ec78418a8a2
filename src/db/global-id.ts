/**
 * Global ids: how a client names one row of any type ("Type:databaseId" in base64url). Here in the data toolkit, not
 * in src/graphql/: a write's saved changes (src/db/commit.ts) name what they changed by it; the GraphQL `Node`
 * interface (src/graphql/node.ts) exposes it.
 */

/** Types other subgraphs can refer to (federation entities, `@key`): every node type but the ones below. */
export const ENTITY_TYPES = ['Agency', 'InformationSystem', 'Connection', 'Observation', 'Indicator', 'SourceDocument', 'Evidence', 'Task'] as const;

/**
 * Type names that carry global ids; `node(id)` and `nodes(ids)` dispatch on them. History events and audit records
 * are nodes too (refetchable), not federation entities: the audit log is readable by writers only.
 */
export const NODE_TYPES = [...ENTITY_TYPES, 'ConnectionEvent', 'SystemLifecycleEvent', 'AuditEntry'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];
export type EntityTypeName = (typeof ENTITY_TYPES)[number];

/** Encodes a global id: base64 of "Type:databaseId", opaque to clients. */
export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/** Decodes a global id; returns null for anything that is not one of ours. */
export function fromGlobalId(globalId: string): { type: NodeTypeName; id: number } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):(\d{1,10})$/.exec(decoded);
  // Ids are PostgreSQL `serial` integers: a larger number is not an id (and the database would refuse to compare it).
  if (!match || !(NODE_TYPES as readonly string[]).includes(match[1]) || Number(match[2]) > 2_147_483_647) return null;
  return { type: match[1] as NodeTypeName, id: Number(match[2]) };
}
