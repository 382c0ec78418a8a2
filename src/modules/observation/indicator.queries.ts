import type { EntityManager } from '@mikro-orm/postgresql';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import { findByCodes } from '../../db/lookups.js';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { containsPattern, rowsOf, sql, type Sql } from '../../db/sql.js';
import { foldText } from '../../text/fold.js';
import { agencyIdsWithPredecessors } from '../agency/agency.queries.js';
import type { IndicatorFilter } from './indicator.inputs.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { viSortKey } from '../../text/vi-sort.js';
import type { IndicatorOrderField } from '../list-orders.js';
import { Indicator } from './indicator.entity.js';

/** The sort key of each order of indicators. */
export const INDICATOR_ORDER: Record<IndicatorOrderField, SortKey> = {
  CODE: { expression: 'code collate "C"', cast: 'text' },
  NAME: { expression: 'name_sort', cast: 'text' },
};

/** THE lookup of an indicator by code. */
export async function findIndicatorByCode(em: EntityManager, code: string): Promise<Indicator | null> {
  return (await findByCodes(em, Indicator, 'indicator', [code])).get(code) ?? null;
}

/** A page of indicators matching a filter (already checked: `codes` is null or 1..100 codes). */
export function indicatorPage(em: EntityManager, filter: IndicatorFilter | null | undefined, request: PageRequest): Promise<PageResult<Indicator>> {
  const conditions: Sql[] = [];
  if (filter?.codes) conditions.push(sql`t.code in (${filter.codes})`);
  if (filter?.measures?.length) conditions.push(sql`t.measure in (${filter.measures})`);
  if (filter?.unit != null) conditions.push(sql`t.unit = ${filter.unit}`);
  if (filter?.text) conditions.push(sql`t.search_text like ${containsPattern(foldText(filter.text))}`);
  if (filter?.countsConnections != null) conditions.push(sql`t.counts_connections = ${filter.countsConnections}`);
  if (filter?.agencyCode) {
    conditions.push(
      sql`exists (select 1 from observation o where o.indicator_id = t.id and o.agency_id in ${agencyIdsWithPredecessors([filter.agencyCode])})`,
    );
  }
  return tablePage(em, Indicator, 'indicator', conditions, request);
}

/** The indicator's names, as figures' search text holds them. */
export async function indicatorNames(em: EntityManager, code: string): Promise<{ id: number; name: string; name_en: string | null } | null> {
  const [row] = await rowsOf<{ id: number; name: string; name_en: string | null }>(
    em,
    sql`select id, name, name_en from indicator where code = ${code}`,
  );
  return row ?? null;
}

/** An indicator as a bulk load writes it, by its code. */
export interface IndicatorLoadRow {
  code: string;
  name: string;
  name_en: string | null;
  unit: string | null;
  counts_connections: boolean;
  measure: string | null;
  description: string | null;
  search_text: string;
}

const INDICATORS: UpsertTarget<IndicatorLoadRow & { name_sort: string }> = {
  table: 'indicator',
  conflict: '(code)',
  columns: ['code', 'name', 'name_en', 'unit', 'counts_connections', 'measure', 'description', 'search_text', 'name_sort'],
};

/** Upserts in one statement, with the name's Vietnamese sort key (computed here: the trigger's SQL function would cost more per row). */
export const upsertIndicators = (em: EntityManager, rows: readonly IndicatorLoadRow[]) =>
  bulkUpsert(
    em,
    INDICATORS,
    rows.map((r) => ({ ...r, name_sort: viSortKey(r.name) })),
  );

/** Every indicator's id by its code. */
export const indicatorIdsByCode = (em: EntityManager) => idsByKey(em, sql`select id, code as k from indicator`);
