import { tablePage, Where } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { BadUserInputError } from '../../graphql/errors.js';
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
  if (filter?.agencyCode) where.add('t.agency_id in (select a.id from agency a where a.code = ?)', filter.agencyCode);
  if (filter?.systemCode) where.add('t.system_id in (select s.id from information_system s where s.code = ?)', filter.systemCode);
  if (filter?.documentKey) {
    where.add('t.evidence_id in (select e.id from evidence e join source_document d on d.id = e.document_id where d.key = ?)', filter.documentKey);
  }
  if (filter?.from) where.add('t.as_of >= ?', filter.from);
  if (filter?.to) where.add('t.as_of <= ?', filter.to);
  return tablePage(ctx.em, Observation, 'observation', where, request);
}

export function findIndicatorByCode(ctx: RequestContext, code: string): Promise<Indicator | null> {
  return ctx.em.findOne(Indicator, { code });
}

export function listIndicators(ctx: RequestContext, args: PageArgs): Promise<PageResult<Indicator>> {
  return tablePage(ctx.em, Indicator, 'indicator', new Where(), pageRequest(args));
}
