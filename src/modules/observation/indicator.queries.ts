import type { EntityManager } from '@mikro-orm/postgresql';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import { sql } from '../../db/sql.js';

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

const INDICATORS: UpsertTarget<IndicatorLoadRow> = {
  table: 'indicator',
  conflict: '(code)',
  columns: ['code', 'name', 'name_en', 'unit', 'counts_connections', 'measure', 'description', 'search_text'],
};

export const upsertIndicators = (em: EntityManager, rows: readonly IndicatorLoadRow[]) => bulkUpsert(em, INDICATORS, rows);

/** Every indicator's id by its code. */
export const indicatorIdsByCode = (em: EntityManager) => idsByKey(em, sql`select id, code as k from indicator`);
