import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { pageRequest, type PageRequest, type PageResult } from '../../graphql/pagination.js';
import type { IndicatorPageArgs, ObservationPageArgs } from '../list-orders.js';
import type { Indicator } from './indicator.entity.js';
import type { Observation } from './observation.entity.js';
import type { ObservationFilter } from './observation.inputs.js';
import type { IndicatorFilter } from './indicator.inputs.js';
import { codeList } from '../../graphql/code-list.js';
import { findIndicatorByCode as indicatorByCode, INDICATOR_ORDER, indicatorPage } from './indicator.queries.js';
import { OBSERVATION_ORDER, indicatorSeriesRows, observationPage, type SeriesArgs } from './observation.queries.js';

export function listObservations(
  ctx: RequestContext,
  filter: ObservationFilter | null | undefined,
  args: ObservationPageArgs,
): Promise<PageResult<Observation>> {
  const request = observationPageRequest(args);
  if (filter?.from && filter.to && filter.from > filter.to) {
    throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to}); swap them.`, 'filter.from');
  }
  const agencyCodes = [...(filter?.agencyCode ? [filter.agencyCode] : []), ...(filter?.agencyCodes ?? [])];
  if (filter?.agencyCodes && filter.agencyCodes.length === 0) {
    throw new BadUserInputError('"agencyCodes" is empty; omit it to list figures of every agency.', 'filter.agencyCodes');
  }
  return observationPage(ctx.em, filter, agencyCodes, request);
}

/** Points of one indicator in date order, optionally for one agency and its predecessors, between two dates. */
export async function indicatorSeries(ctx: RequestContext, indicator: Indicator, args: SeriesArgs): Promise<Observation[]> {
  if (args.from && args.to && args.from > args.to)
    throw new BadUserInputError(`"from" (${args.from}) is after "to" (${args.to}); swap them.`, 'from');
  return indicatorSeriesRows(ctx.em, indicator.dbId, args);
}

export function findIndicatorByCode(ctx: RequestContext, code: string): Promise<Indicator | null> {
  return indicatorByCode(ctx.em, code);
}

export function listIndicators(
  ctx: RequestContext,
  filter: IndicatorFilter | null | undefined,
  args: IndicatorPageArgs,
): Promise<PageResult<Indicator>> {
  const checked = filter && { ...filter, codes: codeList(filter.codes, 'filter.codes') };
  return indicatorPage(ctx.em, checked, pageRequest(args, INDICATOR_ORDER));
}

/** A checked page request for a list of figures (its order among the figures' sort keys). */
export function observationPageRequest(args: ObservationPageArgs): PageRequest {
  return pageRequest(args, OBSERVATION_ORDER);
}
