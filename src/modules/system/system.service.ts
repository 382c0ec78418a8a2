import { relationJoins, type RelationWants } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { codeList } from '../../graphql/code-list.js';
import { pageRequest, type PageRequest, type PageResult } from '../../graphql/pagination.js';
import type { SystemPageArgs } from '../list-orders.js';
import { InformationSystem } from './information-system.entity.js';
import type { SystemFilter } from './system.inputs.js';
import { findSystemByCode as systemByCode, SYSTEM_ORDER, systemPage } from './system.queries.js';

/** `relations`: many-to-one relations (owner, operator) the caller will read, fetched with the system. */
export function findSystemByCode(ctx: RequestContext, code: string, relations: RelationWants = {}): Promise<InformationSystem | null> {
  return systemByCode(ctx.em, code, relationJoins(ctx.em, InformationSystem, relations));
}

export function listSystems(
  ctx: RequestContext,
  filter: SystemFilter | null | undefined,
  args: SystemPageArgs,
  relations: RelationWants = {},
): Promise<PageResult<InformationSystem>> {
  const checked = filter && {
    ...filter,
    codes: codeList(filter.codes, 'filter.codes'),
    ownerCodes: codeList(filter.ownerCodes, 'filter.ownerCodes'),
  };
  return systemPage(ctx.em, checked, systemPageRequest(args), relationJoins(ctx.em, InformationSystem, relations));
}

/** A checked page request for a list of systems (its order among the systems' sort keys). */
export function systemPageRequest(args: SystemPageArgs): PageRequest {
  return pageRequest(args, SYSTEM_ORDER);
}
