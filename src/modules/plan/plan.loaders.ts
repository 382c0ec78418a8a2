import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import { TargetStatus } from './role.enums.js';
import { Task } from './task.entity.js';
import { targetStandings } from './plan.queries.js';

/** Where one target stands on a date: its status, the latest actual on that date and the one before it. */
export interface TargetStanding {
  status: TargetStatus;
  actualId: number | null;
  previousId: number | null;
  actualValue: number | null;
  previousValue: number | null;
}

export function planLoaders(em: EntityManager) {
  return {
    taskById: byIdLoader(em, Task),
    /** One statement for every target of a page, per date asked (SQL functions of the roles migration). */
    targetStanding: new LoaderFamily(
      (on: string) =>
        new DataLoader<number, TargetStanding>(async (ids) => {
          const rows = await targetStandings(em, ids, on);
          const byId = new Map(
            rows.map((r) => [
              Number(r.id),
              {
                status: r.status as TargetStatus,
                actualId: r.actual_id == null ? null : Number(r.actual_id),
                previousId: r.previous_id == null ? null : Number(r.previous_id),
                actualValue: r.actual_value == null ? null : Number(r.actual_value),
                previousValue: r.previous_value == null ? null : Number(r.previous_value),
              },
            ]),
          );
          return ids.map(
            (id) => byId.get(id) ?? { status: TargetStatus.OPEN, actualId: null, previousId: null, actualValue: null, previousValue: null },
          );
        }),
    ),
  };
}
