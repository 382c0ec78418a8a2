import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Node } from '../../graphql/node.js';
import { decodeNodeId, loadNode, loadNodes, MAX_NODE_IDS } from './load-node.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Refetches any object by its global id; null when it does not exist.' })
  async node(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'A global id from an `id` field.' }) id: string) {
    const decoded = decodeNodeId(id, 'id');
    return loadNode(ctx, decoded.type, decoded.id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Refetches up to ${MAX_NODE_IDS} objects of any types by their global ids, in the order asked; null for each that does not exist (or that the caller may not read). One statement per type.`,
  })
  nodes(
    @Ctx() ctx: RequestContext,
    @Arg('ids', () => [ID], { description: `Global ids from \`id\` fields, at most ${MAX_NODE_IDS}.` }) ids: string[],
  ) {
    return loadNodes(ctx, ids);
  }
}
