import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { childCounts, childPages, pagesFor, primeCounts, type ChildPage } from '../../db/pages.js';
import type { Sql } from '../../db/sql.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import { Indicator } from './indicator.entity.js';
import { Observation } from './observation.entity.js';
import { figuresOfAgencies, figuresOfAgencyLineages, figuresOfSystems } from './observation.queries.js';

export function observationLoaders(em: EntityManager) {
  const countsOf = (inner: (ids: readonly number[]) => Sql) =>
    new DataLoader<number, number>(async (ids) => {
      const counts = await childCounts(em, inner(ids));
      return ids.map((id) => counts.get(id) ?? 0);
    });
  const pagesOf = (inner: (ids: readonly number[]) => Sql, counts: DataLoader<number, number>) =>
    new LoaderFamily(
      (request: PageRequest) =>
        new DataLoader<number, ChildPage<Observation>>(async (ids) => {
          const found = await childPages(em, Observation, inner(ids), request);
          primeCounts(counts, ids, found.totals, request);
          return pagesFor(ids, found);
        }),
    );
  const observationCountByAgency = countsOf(figuresOfAgencies);
  const observationCountByAgencyLineage = countsOf(figuresOfAgencyLineages);
  const observationCountBySystem = countsOf(figuresOfSystems);
  return {
    indicatorById: byIdLoader(em, Indicator),
    observationById: byIdLoader(em, Observation),
    observationsByAgency: pagesOf(figuresOfAgencies, observationCountByAgency),
    observationCountByAgency,
    observationsByAgencyLineage: pagesOf(figuresOfAgencyLineages, observationCountByAgencyLineage),
    observationCountByAgencyLineage,
    observationsBySystem: pagesOf(figuresOfSystems, observationCountBySystem),
    observationCountBySystem,
  };
}
