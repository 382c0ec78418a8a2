import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LoaderFamily } from '../../graphql/loader-utils.js';
import { cachedValue, type ReadCache } from '../../cache/read-cache.js';
import type { ConnectionGroupField, SystemGroupField } from './dashboard.enums.js';
import { connectionGroupRows, matrixRows, rollupRows, systemGroupRows, type MatrixSelection, type RollupRow } from './dashboard.queries.js';

/**
 * Roll-ups of every agency on a page in one statement, per date asked for; the matrix's rows and the group-by counts
 * through `cache` (src/cache/read-cache.ts; null: read fresh): each is one statement over every locality or
 * connection, the same for every dashboard that asks until the data under it changes. Rows kept are never changed.
 */
export function dashboardLoaders(em: EntityManager, cache: ReadCache | null = null) {
  return {
    matrixRows: (m: MatrixSelection) => cachedValue(cache, `matrix:${JSON.stringify(m)}`, () => matrixRows(em, m)),
    connectionGroupRows: (fields: readonly ConnectionGroupField[], on: string) =>
      cachedValue(cache, `connections:${fields.join()}:${on}`, () => connectionGroupRows(em, fields, on)),
    systemGroupRows: (fields: readonly SystemGroupField[], on: string) =>
      cachedValue(cache, `systems:${fields.join()}:${on}`, () => systemGroupRows(em, fields, on)),
    rollupByAgency: new LoaderFamily(
      (args: { asOf: string }) =>
        new DataLoader<number, RollupRow>(async (ids) => {
          const rows = await rollupRows(em, ids, args.asOf);
          const byRoot = new Map(rows.map((r) => [Number(r.root), r]));
          return ids.map((id) => byRoot.get(id)!);
        }),
    ),
  };
}
