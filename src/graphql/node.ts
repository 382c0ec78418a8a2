import { Field, ID, InterfaceType } from 'type-graphql';

/** Type names that carry global ids; `node(id)` dispatches on them. */
export const NODE_TYPES = ['Agency', 'InformationSystem', 'Connection', 'Observation', 'Indicator', 'SourceDocument', 'Evidence', 'Task'] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

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

@InterfaceType({
  description: 'An object with a global id, refetchable through `node(id)`.',
  resolveType: (value: { constructor: { name: string } }) => value.constructor.name,
})
export abstract class Node {
  /** Database primary key; each entity maps it. */
  dbId!: number;

  @Field(() => ID, { description: 'Global, opaque id; pass it to `node(id)` to refetch this object.' })
  get id(): string {
    return toGlobalId(this.constructor.name as NodeTypeName, this.dbId);
  }
}
