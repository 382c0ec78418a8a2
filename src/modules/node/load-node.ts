import type DataLoader from 'dataloader';
import type { RequestContext } from '../../api/context.js';
import { fromGlobalId, type NodeTypeName } from '../../graphql/node.js';
import { BadUserInputError } from '../../errors.js';
import { auditEntryLoader } from '../audit/audit-query.service.js';
import type { AuditEntry } from '../audit/audit.types.js';

/** Most ids `nodes(ids)` takes at once. */
export const MAX_NODE_IDS = 100;

/** Audit records of each request (their loader needs the caller's rights). */
const auditLoaders = new WeakMap<RequestContext, DataLoader<number, AuditEntry | null>>();

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
    case 'ConnectionEvent':
      return loaders.connectionEventById.load(id);
    case 'SystemLifecycleEvent':
      return loaders.lifecycleEventById.load(id);
    case 'AuditEntry': {
      let loader = auditLoaders.get(ctx);
      if (!loader) auditLoaders.set(ctx, (loader = auditEntryLoader(ctx)));
      return loader.load(id);
    }
  }
}

/** The type and database id of a global id; BAD_USER_INPUT on `field` for anything else. */
export function decodeNodeId(id: string, field: string): { type: NodeTypeName; id: number } {
  const decoded = fromGlobalId(id);
  if (!decoded) throw new BadUserInputError(`"${id}" is not a global id of this API. Use the value of an object's \`id\` field.`, field);
  return decoded;
}

/**
 * Many nodes in the order of `ids` (null for those that do not exist or are not visible), batched by type: one
 * statement per type asked for, however many ids.
 */
export function loadNodes(ctx: RequestContext, ids: readonly string[]): Promise<unknown>[] {
  if (ids.length > MAX_NODE_IDS) {
    throw new BadUserInputError(`"ids" holds ${ids.length} ids; at most ${MAX_NODE_IDS} are taken at once. Split the list.`, 'ids');
  }
  const decoded = ids.map((id, i) => decodeNodeId(id, `ids.${i}`));
  return decoded.map((d) => loadNode(ctx, d.type, d.id));
}
