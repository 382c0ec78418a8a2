import { relationJoins, type RelationWants } from '../../db/relations.js';
import { containsPattern, findByCode, tablePage, Where } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { InformationSystem } from './information-system.entity.js';
import type { SystemFilter } from './system.inputs.js';

/** `relations`: many-to-one relations (owner, operator) the caller will read, fetched with the system. */
export async function findSystemByCode(ctx: RequestContext, code: string, relations: RelationWants = {}): Promise<InformationSystem | null> {
  return findByCode(ctx.em, InformationSystem, 'information_system', code, relationJoins(ctx.em, InformationSystem, relations));
}

export function listSystems(
  ctx: RequestContext, filter: SystemFilter | null | undefined, args: PageArgs, relations: RelationWants = {},
): Promise<PageResult<InformationSystem>> {
  const request = pageRequest(args);
  const where = new Where();
  if (filter?.kinds?.length) where.add('t.kind in (?)', filter.kinds);
  if (filter?.statuses?.length) where.add('t.status in (?)', filter.statuses);
  if (filter?.ownerCode) where.add('t.owner_id in (select a.id from agency a where a.code = ?)', filter.ownerCode);
  if (filter?.text) where.add('t.search_text like ?', containsPattern(foldText(filter.text)));
  return tablePage(ctx.em, InformationSystem, 'information_system', where, request, relationJoins(ctx.em, InformationSystem, relations));
}
