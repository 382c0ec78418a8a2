import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId, type NodeTypeName } from '../db/global-id.js';

// The id codec lives with the data toolkit (src/db/global-id.ts); resolvers reach it here, next to `Node`.
export { ENTITY_TYPES, fromGlobalId, NODE_TYPES, toGlobalId, type EntityTypeName, type NodeTypeName } from '../db/global-id.js';

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
