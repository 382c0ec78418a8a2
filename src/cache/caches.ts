import { ReadCache } from './read-cache.js';

/** The channel the `*_data_changed` triggers NOTIFY on (migrations/Migration20261123000300_data_changed.ts). */
export const DATA_CHANNEL = 'lien_thong_data_changed';

/** The hub's read caches, shared by every request of one process. */
export interface ReadCaches {
  /** Per-system connection counts and summaries (computed and reported). */
  summaries: ReadCache;
  /** The integration matrix's cells and the group-by counts: whole answers over every locality or connection. */
  dashboards: ReadCache;
}

const SUMMARY_TABLES = ['connection', 'connection_event', 'observation', 'indicator'];
const DASHBOARD_TABLES = [...SUMMARY_TABLES, 'agency', 'agency_succession', 'information_system', 'system_owner_period', 'system_lifecycle_event'];

/** A matrix kept can hold up to 500 x 20 cells: a few dozen answers bound the memory, and dashboards ask the same few. */
const DASHBOARD_ENTRIES = 50;

export function createReadCaches(isLive: () => boolean): ReadCaches {
  return {
    summaries: new ReadCache(new Set(SUMMARY_TABLES), isLive),
    dashboards: new ReadCache(new Set(DASHBOARD_TABLES), isLive, DASHBOARD_ENTRIES),
  };
}

/** Tells every cache that `table` (null: possibly anything) changed. */
export function dataChanged(caches: ReadCaches, table: string | null): void {
  for (const cache of Object.values(caches)) cache.changed(table);
}
