import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId, type NodeTypeName } from '../db/global-id.js';

// The id codec lives with the data toolkit (src/db/global-id.ts); resolvers reach it here, next to `Node`.
export { ENTITY_TYPES, fromGlobalId, NODE_TYPES, toGlobalId, type EntityTypeName, type NodeTypeName } from '../db/global-id.js';

/** The GraphQL type of a node: its entity class (every entity class is named as its type). */
export const resolveNodeType = (value: { constructor: { name: string } }): string => value.constructor.name;

@InterfaceType({
  description: 'An object with a global id, refetchable through `node(id)`.',
  resolveType: resolveNodeType,
})
export abstract class Node {
  /** Database primary key; each entity maps it. */
  dbId!: number;

  @Field(() => ID, { description: 'Global, opaque id; pass it to `node(id)` to refetch this object.' })
  get id(): string {
    return toGlobalId(this.constructor.name as NodeTypeName, this.dbId);
  }
}
