import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { relationJoins, type RelationWants } from '../../db/relations.js';
import { childCounts, lateralPages, pagesFor, primeCounts, type ChildPage } from '../../db/pages.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import { InformationSystem } from './information-system.entity.js';
import { SystemLifecycleEvent } from './system-lifecycle-event.entity.js';
import { ownerPeriodRows, type OwnerPeriodRow } from './system-owner.queries.js';
import { systemsOfOwner, systemsOfOwners } from './system.queries.js';

export function systemLoaders(em: EntityManager) {
  const systemCountByOwner = new DataLoader<number, number>(async (ids) => {
    const counts = await childCounts(em, systemsOfOwners(ids));
    return ids.map((id) => counts.get(id) ?? 0);
  });
  return {
    systemById: byIdLoader(em, InformationSystem),
    lifecycleEventById: byIdLoader(em, SystemLifecycleEvent),
    /** Systems owned by each agency, and their counts: one statement for every agency of the page. */
    systemsByOwner: new LoaderFamily(
      ({ request, relations }: { request: PageRequest; relations: RelationWants }) =>
        new DataLoader<number, ChildPage<InformationSystem>>(async (ids) => {
          const joins = relationJoins(em, InformationSystem, relations);
          const found = await lateralPages(em, InformationSystem, systemsOfOwner, ids, request, joins);
          primeCounts(systemCountByOwner, ids, found.totals, request);
          return pagesFor(ids, found);
        }),
    ),
    systemCountByOwner,
    /** The owner periods of every system asked for, in one statement. */
    ownerPeriodsBySystem: new DataLoader<number, OwnerPeriodRow[]>(async (ids) => {
      const rows = await ownerPeriodRows(em, ids);
      return ids.map((id) => rows.filter((r) => Number(r.system_id) === id));
    }),
    lifecycleBySystem: new DataLoader<number, SystemLifecycleEvent[]>(async (ids) => {
      const events = await em.find(SystemLifecycleEvent, { system: { $in: [...ids] } } as never, { orderBy: { occurredOn: 'asc', dbId: 'asc' } });
      return ids.map((id) => events.filter((e) => e.system.dbId === id));
    }),
  };
}
