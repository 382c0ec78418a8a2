import type { EntityManager } from '@mikro-orm/postgresql';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import { findByCodes } from '../../db/lookups.js';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { rowsOf, sql } from '../../db/sql.js';
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

export function indicatorPage(em: EntityManager, request: PageRequest): Promise<PageResult<Indicator>> {
  return tablePage(em, Indicator, 'indicator', [], request);
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
