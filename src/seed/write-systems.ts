import { refreshCurrentStatus, type Exec } from '../db/current-status.js';
import { systemSearchText } from '../modules/search/search-text.js';
import { DEFAULT_AGENCIES_ON } from './agency-catalogue.js';
import { idMap } from './id-map.js';
import type { SeedIds } from './load-tasks.js';
import type { SeedData } from './seed-files.js';
import { upsert } from './upsert.js';

type Ids = Pick<SeedIds, 'agencyId' | 'evidenceId'>;

/** Writes the systems and their lifecycles; returns the resolver from a system code to its id. */
export async function writeSystems(exec: Exec, seed: SeedData, ids: Ids): Promise<SeedIds['systemId']> {
  await upsert(
    exec,
    'information_system',
    '(code)',
    ['code', 'kind', 'name', 'name_en', 'description', 'owner_id', 'operator_id', 'search_text'],
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
  const systemIds = await idMap(exec, 'select id, code as k from information_system');
  const systemId = (code: string | null) => (code ? systemIds.get(code)! : null);

  await upsert(
    exec,
    'system_lifecycle_event',
    '(system_id, occurred_on, status, role)',
    ['system_id', 'status', 'occurred_on', 'evidence_id', 'note', 'role', 'stated_on'],
    seed.systems.flatMap((s) =>
      s.lifecycle.map((e) => ({
        system_id: systemId(s.code),
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

/** Writes the connections and their histories, then refreshes the current status of connections and systems. */
export async function writeConnections(exec: Exec, seed: SeedData, ids: Pick<SeedIds, 'systemId' | 'evidenceId'>): Promise<void> {
  const { systemId } = ids;
  await upsert(
    exec,
    'connection',
    '(key)',
    ['key', 'consumer_id', 'provider_id', 'via_id', 'status', 'status_since'],
    seed.connections.map((c) => {
      const last = c.history.filter((e) => e.role === 'ACTUAL').at(-1)!; // a plan never makes the current status
      return {
        key: c.key,
        consumer_id: systemId(c.consumer),
        provider_id: systemId(c.provider),
        via_id: systemId(c.via),
        status: last.status,
        status_since: last.date,
      };
    }),
    ['key', 'consumer_id', 'provider_id', 'via_id'],
  );
  const connectionIds = await idMap(exec, 'select id, key as k from connection');
  await upsert(
    exec,
    'connection_event',
    '(connection_id, occurred_on, status, role)',
    ['connection_id', 'status', 'occurred_on', 'evidence_id', 'reason', 'role', 'stated_on'],
    seed.connections.flatMap((c) =>
      c.history.map((e) => ({
        connection_id: connectionIds.get(c.key),
        status: e.status,
        occurred_on: e.date,
        evidence_id: ids.evidenceId(e),
        reason: e.reason,
        role: e.role,
        stated_on: e.statedOn,
      })),
    ),
  );
  await refreshCurrentStatus(exec, 'connection');
  await refreshCurrentStatus(exec, 'information_system');
}
