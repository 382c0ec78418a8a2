import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LoaderFamily } from '../../graphql/loader-utils.js';
import { rollupRows, type RollupRow } from './dashboard.queries.js';

/** Roll-ups of every agency on a page in one statement, per date asked for. */
export function dashboardLoaders(em: EntityManager) {
  return {
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
