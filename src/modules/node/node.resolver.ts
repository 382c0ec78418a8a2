import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { loadNode } from './load-node.js';
import { fromGlobalId, Node } from '../../graphql/node.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Refetches any object by its global id; null when it does not exist.' })
  async node(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'A global id from an `id` field.' }) id: string) {
    const decoded = fromGlobalId(id);
    if (!decoded) throw new BadUserInputError(`"${id}" is not a global id of this API. Use the value of an object's \`id\` field.`, 'id');
    return loadNode(ctx, decoded.type, decoded.id);
  }
}
