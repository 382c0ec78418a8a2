import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionIdsByKey, upsertConnectionHistories, upsertConnections } from '../modules/connection/connection.queries.js';
import { systemSearchText } from '../text/search-text.js';
import { syncOwnerPeriods } from '../modules/system/system-owner.queries.js';
import { systemIdsByCode, upsertLifecycles, upsertSystems } from '../modules/system/system.queries.js';
import { DEFAULT_AGENCIES_ON } from './agency-catalogue.js';
import type { SeedIds } from './load-tasks.js';
import type { SeedData } from './seed-files.js';

type Ids = Pick<SeedIds, 'agencyId' | 'evidenceId'>;

/** Writes the systems and their lifecycles; returns the resolver from a system code to its id. */
export async function writeSystems(em: EntityManager, seed: SeedData, ids: Ids): Promise<SeedIds['systemId']> {
  await upsertSystems(
    em,
    seed.systems.map((s) => {
      const on = s.agenciesOn ?? DEFAULT_AGENCIES_ON;
      const row = {
        code: s.code,
        kind: s.kind,
        name: s.name,
        name_en: s.nameEn,
        description: s.description,
        owner_id: ids.agencyId(s.owner, on),
        operator_id: ids.agencyId(s.operator, on),
      };
      return { ...row, search_text: systemSearchText(row) };
    }),
  );
  await syncOwnerPeriods(em);
  const systemIds = await systemIdsByCode(em);
  const systemId = (code: string | null) => (code ? systemIds.get(code)! : null);
  await upsertLifecycles(
    em,
    seed.systems.flatMap((s) =>
      s.lifecycle.map((e) => ({
        system_id: systemId(s.code)!,
        status: e.status,
        occurred_on: e.date,
        evidence_id: ids.evidenceId(e),
        note: e.note,
        role: e.role,
        stated_on: e.statedOn,
      })),
    ),
  );
  return systemId;
}

/** Writes the connections and their histories (which set their current status). */
export async function writeConnections(em: EntityManager, seed: SeedData, ids: Pick<SeedIds, 'systemId' | 'evidenceId'>): Promise<void> {
  const { systemId } = ids;
  await upsertConnections(
    em,
    seed.connections.map((c) => {
      const last = c.history.filter((e) => e.role === 'ACTUAL').at(-1)!; // a plan never makes the current status
      return {
        key: c.key,
        consumer_id: systemId(c.consumer)!,
        provider_id: systemId(c.provider)!,
        via_id: systemId(c.via),
        status: last.status,
        status_since: last.date,
      };
    }),
  );
  const connectionIds = await connectionIdsByKey(em);
  await upsertConnectionHistories(
    em,
    seed.connections.flatMap((c) =>
      c.history.map((e) => ({
        connection_id: connectionIds.get(c.key)!,
        status: e.status,
        occurred_on: e.date,
        evidence_id: ids.evidenceId(e),
        reason: e.reason,
        role: e.role,
        stated_on: e.statedOn,
      })),
    ),
  );
}
