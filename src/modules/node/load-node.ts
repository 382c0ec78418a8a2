import type { RequestContext } from '../../api/context.js';
import type { NodeTypeName } from '../../graphql/node.js';

/** Loads any node by type and database id through the request's loaders (batched, one statement per type). */
export function loadNode(ctx: RequestContext, type: NodeTypeName, id: number): Promise<unknown> {
  const { loaders } = ctx;
  switch (type) {
    case 'Agency':
      return loaders.agencyById.load(id);
    case 'InformationSystem':
      return loaders.systemById.load(id);
    case 'Connection':
      return loaders.connectionById.load(id);
    case 'Observation':
      return loaders.observationById.load(id);
    case 'Indicator':
      return loaders.indicatorById.load(id);
    case 'SourceDocument':
      return loaders.documentById.load(id);
    case 'Evidence':
      return loaders.evidenceById.load(id);
    case 'Task':
      return loaders.taskById.load(id);
  }
}
