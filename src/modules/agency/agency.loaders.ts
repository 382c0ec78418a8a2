import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loader-utils.js';
import { Agency } from './agency.entity.js';
import { successionLinks } from './agency.queries.js';

export interface SuccessionLink {
  agencyId: number;
  effectiveOn: string;
}

/** Succession links of many agencies in one statement, from one side (`successor_id` or `predecessor_id`). */
function successionLoader(em: EntityManager, side: 'successor_id' | 'predecessor_id') {
  return new DataLoader<number, SuccessionLink[]>(async (ids) => {
    const rows = await successionLinks(em, side, ids);
    return ids.map((id) =>
      rows.filter((r) => Number(r.anchor) === id).map((r) => ({ agencyId: Number(r.agency_id), effectiveOn: String(r.effective_on) })),
    );
  });
}

export function agencyLoaders(em: EntityManager) {
  return {
    agencyById: byIdLoader(em, Agency),
    predecessorsOf: successionLoader(em, 'successor_id'),
    successorsOf: successionLoader(em, 'predecessor_id'),
  };
}
