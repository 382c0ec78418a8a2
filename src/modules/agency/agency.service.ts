import type { RequestContext } from '../../api/context.js';
import { codeList } from '../../graphql/code-list.js';
import { pageRequest, type PageResult } from '../../graphql/pagination.js';
import type { AgencyPageArgs } from '../list-orders.js';
import type { Agency } from './agency.entity.js';
import type { AgencyFilter } from './agency.inputs.js';
import { AGENCY_ORDER, agencyPage, findAgencyByCode as agencyByCode } from './agency.queries.js';

/**
 * The agency with this code that existed on `asOf` (default today); when none did (a ministry merged in 2025),
 * the latest unit that had the code, so old codes still answer.
 */
export function findAgencyByCode(ctx: RequestContext, code: string, asOf: string | null): Promise<Agency | null> {
  return agencyByCode(ctx.em, code, asOf ?? ctx.today);
}

export function listAgencies(ctx: RequestContext, filter: AgencyFilter | null | undefined, args: AgencyPageArgs): Promise<PageResult<Agency>> {
  const codes = codeList(filter?.codes, 'filter.codes');
  return agencyPage(ctx.em, filter && { ...filter, codes }, ctx.today, pageRequest(args, AGENCY_ORDER));
}
