import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { childCounts, childPages, primeCounts } from '../../db/sql.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import { Indicator } from './indicator.entity.js';
import { Observation } from './observation.entity.js';
import { LINEAGE } from '../agency/lineage.js';

const BY_AGENCY = 'select o.*, o.agency_id as anchor__ from observation o where o.agency_id in (?)';
/** Figures of each agency and of the units it succeeded (each figure once per agency). */
const BY_AGENCY_LINEAGE = `${LINEAGE} select o.*, l.root as anchor__ from observation o join lineage l on l.agency_id = o.agency_id`;
const BY_SYSTEM = 'select o.*, o.system_id as anchor__ from observation o where o.system_id in (?)';

export function observationLoaders(em: EntityManager) {
  const countsOf = (inner: string) => new DataLoader<number, number>(async (ids) => {
    const counts = await childCounts(em, inner, [[...ids]]);
    return ids.map((id) => counts.get(id) ?? 0);
  });
  const pagesOf = (inner: string, counts: DataLoader<number, number>) => new LoaderFamily((request: PageRequest) =>
    new DataLoader<number, Observation[]>(async (ids) => {
      const { pages, totals } = await childPages(em, Observation, inner, [[...ids]], request);
      primeCounts(counts, ids, totals, request);
      return ids.map((id) => pages.get(id) ?? []);
    }));
  const observationCountByAgency = countsOf(BY_AGENCY);
  const observationCountByAgencyLineage = countsOf(BY_AGENCY_LINEAGE);
  const observationCountBySystem = countsOf(BY_SYSTEM);
  return {
    indicatorById: byIdLoader(em, Indicator),
    observationById: byIdLoader(em, Observation),
    observationsByAgency: pagesOf(BY_AGENCY, observationCountByAgency),
    observationCountByAgency,
    observationsByAgencyLineage: pagesOf(BY_AGENCY_LINEAGE, observationCountByAgencyLineage),
    observationCountByAgencyLineage,
    observationsBySystem: pagesOf(BY_SYSTEM, observationCountBySystem),
    observationCountBySystem,
  };
}
