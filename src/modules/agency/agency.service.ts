import { containsPattern, execute, mapRows, tablePage, Where } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { Agency } from './agency.entity.js';
import type { AgencyFilter } from './agency.inputs.js';

/** The condition "the unit existed on this date" for a table aliased `t`. */
export const VALID_ON = '(t.valid_from is null or t.valid_from <= ?) and (t.valid_to is null or t.valid_to >= ?)';

/**
 * The agency with this code that existed on `asOf` (default today); when none did (a ministry merged in 2025),
 * the latest unit that had the code, so old codes still answer.
 */
export async function findAgencyByCode(ctx: RequestContext, code: string, asOf: string | null): Promise<Agency | null> {
  const on = asOf ?? ctx.today;
  const rows = await execute(ctx.em, `select t.* from agency t where t.code = ?
    order by (${VALID_ON}) desc, coalesce(t.valid_from, date '0001-01-01') desc limit 1`, [code, on, on]);
  return mapRows(ctx.em, Agency, rows)[0] ?? null;
}

export function listAgencies(ctx: RequestContext, filter: AgencyFilter | null | undefined, args: PageArgs): Promise<PageResult<Agency>> {
  const request = pageRequest(args);
  const where = new Where();
  if (filter?.kinds?.length) where.add('t.kind in (?)', filter.kinds);
  if (filter?.code) where.add('t.code = ?', filter.code);
  if (filter?.parentCode) where.add('t.parent_id in (select p.id from agency p where p.code = ?)', filter.parentCode);
  if (filter?.text) where.add('t.search_text like ?', containsPattern(foldText(filter.text)));
  if (!filter?.allPeriods) {
    const on = filter?.validOn ?? ctx.today;
    where.add(VALID_ON, on, on);
  }
  return tablePage(ctx.em, Agency, 'agency', where, request);
}
