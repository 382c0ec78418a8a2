import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { fromGlobalId, Node } from '../../graphql/node.js';

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Refetches any object by its global id; null when it does not exist.' })
  async node(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'A global id from an `id` field.' }) id: string) {
    const decoded = fromGlobalId(id);
    if (!decoded) throw new BadUserInputError(`"${id}" is not a global id of this API. Use the value of an object's \`id\` field.`, 'id');
    const { loaders } = ctx;
    switch (decoded.type) {
      case 'Agency': return loaders.agencyById.load(decoded.id);
      case 'InformationSystem': return loaders.systemById.load(decoded.id);
      case 'Connection': return loaders.connectionById.load(decoded.id);
      case 'Observation': return loaders.observationById.load(decoded.id);
      case 'Indicator': return loaders.indicatorById.load(decoded.id);
      case 'SourceDocument': return loaders.documentById.load(decoded.id);
      case 'Evidence': return loaders.evidenceById.load(decoded.id);
    }
  }
}
