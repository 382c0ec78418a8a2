import { relationJoins, type RelationWants } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { InformationSystem } from './information-system.entity.js';
import type { SystemFilter } from './system.inputs.js';
import { findSystemByCode as systemByCode, systemPage } from './system.queries.js';

/** `relations`: many-to-one relations (owner, operator) the caller will read, fetched with the system. */
export function findSystemByCode(ctx: RequestContext, code: string, relations: RelationWants = {}): Promise<InformationSystem | null> {
  return systemByCode(ctx.em, code, relationJoins(ctx.em, InformationSystem, relations));
}

export function listSystems(
  ctx: RequestContext,
  filter: SystemFilter | null | undefined,
  args: PageArgs,
  relations: RelationWants = {},
): Promise<PageResult<InformationSystem>> {
  return systemPage(ctx.em, filter, pageRequest(args), relationJoins(ctx.em, InformationSystem, relations));
}
