import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../db/sql.js';
import { byIdLoader } from '../../graphql/loader-utils.js';
import { Agency } from './agency.entity.js';

export interface SuccessionLink {
  agencyId: number;
  effectiveOn: string;
}

/** Succession links of many agencies in one statement, from one side (`successor_id` or `predecessor_id`). */
function successionLoader(em: EntityManager, side: 'successor_id' | 'predecessor_id') {
  const other = side === 'successor_id' ? 'predecessor_id' : 'successor_id';
  return new DataLoader<number, SuccessionLink[]>(async (ids) => {
    const rows = await execute(em, `select ${side} as anchor, ${other} as agency_id, effective_on from agency_succession
      where ${side} in (?) order by ${other}`, [[...ids]]);
    return ids.map((id) => rows.filter((r) => Number(r.anchor) === id)
      .map((r) => ({ agencyId: Number(r.agency_id), effectiveOn: String(r.effective_on) })));
  });
}

export function agencyLoaders(em: EntityManager) {
  return {
    agencyById: byIdLoader(em, Agency),
    predecessorsOf: successionLoader(em, 'successor_id'),
    successorsOf: successionLoader(em, 'predecessor_id'),
  };
}
