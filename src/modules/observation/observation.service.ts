import { execute, findByCode, mapRows, tablePage, Where } from '../../db/sql.js';
import { CODE_WITH_PREDECESSORS } from '../agency/lineage.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { Indicator } from './indicator.entity.js';
import { Observation } from './observation.entity.js';
import type { ObservationFilter } from './observation.inputs.js';

export function listObservations(ctx: RequestContext, filter: ObservationFilter | null | undefined, args: PageArgs): Promise<PageResult<Observation>> {
  const request = pageRequest(args);
  if (filter?.from && filter.to && filter.from > filter.to) {
    throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to}); swap them.`, 'filter.from');
  }
  const where = new Where();
  if (filter?.indicatorCode) where.add('t.indicator_id in (select i.id from indicator i where i.code = ?)', filter.indicatorCode);
  const agencyCodes = [...(filter?.agencyCode ? [filter.agencyCode] : []), ...(filter?.agencyCodes ?? [])];
  if (filter?.agencyCodes && filter.agencyCodes.length === 0) {
    throw new BadUserInputError('"agencyCodes" is empty; omit it to list figures of every agency.', 'filter.agencyCodes');
  }
  if (agencyCodes.length) {
    where.add(`t.agency_id in ${filter?.includePredecessors ? CODE_WITH_PREDECESSORS : '(select a.id from agency a where a.code in (?))'}`, agencyCodes);
  }
  if (filter?.systemCode) where.add('t.system_id in (select s.id from information_system s where s.code = ?)', filter.systemCode);
  if (filter?.documentKey) {
    where.add('t.evidence_id in (select e.id from evidence e join source_document d on d.id = e.document_id where d.key = ?)', filter.documentKey);
  }
  if (filter?.role) where.add('t.role = ?', filter.role);
  if (filter?.from) where.add('t.as_of >= ?', filter.from);
  if (filter?.to) where.add('t.as_of <= ?', filter.to);
  return tablePage(ctx.em, Observation, 'observation', where, request);
}

/** Points of one indicator in date order, optionally for one agency and its predecessors, between two dates. */
export async function indicatorSeries(
  ctx: RequestContext, indicator: Indicator, args: { agency: string | null; from: string | null; to: string | null; includePredecessors: boolean; role?: string | null; level?: string | null },
): Promise<Observation[]> {
  if (args.from && args.to && args.from > args.to) throw new BadUserInputError(`"from" (${args.from}) is after "to" (${args.to}); swap them.`, 'from');
  const where = new Where().add('t.indicator_id = ?', indicator.dbId);
  if (args.agency) where.add(`t.agency_id in ${args.includePredecessors ? CODE_WITH_PREDECESSORS : '(select a.id from agency a where a.code in (?))'}`, [args.agency]);
  if (args.from) where.add('t.as_of >= ?', args.from);
  if (args.to) where.add('t.as_of <= ?', args.to);
  if (args.role) where.add('t.role = ?', args.role);
  if (args.level) where.add('t.level = ?', args.level);
  return mapRows(ctx.em, Observation, await execute(ctx.em, `select t.* from observation t ${where} order by t.as_of, t.id limit 1000`, where.params));
}

export function findIndicatorByCode(ctx: RequestContext, code: string): Promise<Indicator | null> {
  return findByCode(ctx.em, Indicator, 'indicator', code);
}

export function listIndicators(ctx: RequestContext, args: PageArgs): Promise<PageResult<Indicator>> {
  return tablePage(ctx.em, Indicator, 'indicator', new Where(), pageRequest(args));
}
