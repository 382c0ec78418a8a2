import type { Exec } from '../db/current-status.js';
import { agencySearchText } from '../modules/search/search-text.js';
import { asciiName } from '../text/fold.js';
import { DEFAULT_AGENCIES_ON, type AgencyCatalogue } from './agency-catalogue.js';
import { idMap } from './id-map.js';
import type { SeedIds } from './load-tasks.js';
import { upsert } from './upsert.js';

/** An agency row is one unit of a code: the same code names a new unit after a merger, from its validFrom. */
const agencyKey = (code: string, validFrom: string | null) => `${code}@${validFrom ?? ''}`;

type AgencyId = SeedIds['agencyId'];

async function upsertAgencies(exec: Exec, catalogue: AgencyCatalogue): Promise<void> {
  await upsert(
    exec,
    'agency',
    `(code, (coalesce(valid_from, date '0001-01-01')))`,
    ['code', 'kind', 'name', 'full_name', 'name_ascii', 'name_en', 'aliases', 'valid_from', 'valid_to', 'search_text'],
    catalogue.agencies.map((a) => {
      const row = {
        code: a.code,
        kind: a.kind,
        name: a.name,
        full_name: a.fullName,
        name_ascii: a.nameAscii || asciiName(a.name),
        name_en: a.nameEn,
        aliases: a.aliases,
        valid_from: a.validFrom,
        valid_to: a.validTo,
      };
      return { ...row, search_text: agencySearchText(row) };
    }),
  );
}

/** Parents are set after the upsert, once every unit has an id to point to. */
async function linkParents(exec: Exec, catalogue: AgencyCatalogue, agencyIds: Map<string, number>, agencyId: AgencyId): Promise<void> {
  const parents = catalogue.agencies
    .filter((a) => a.parentCode)
    .map((a) => ({
      id: agencyIds.get(agencyKey(a.code, a.validFrom)),
      parent_id: agencyId(a.parentCode, a.parentOn ?? DEFAULT_AGENCIES_ON),
    }));
  if (parents.length) {
    await exec(
      `update agency a set parent_id = v.parent_id from json_populate_recordset(null::agency, ?::json) v
      where a.id = v.id and a.parent_id is distinct from v.parent_id`,
      [JSON.stringify(parents)],
    );
  }
}

async function upsertSuccessions(exec: Exec, catalogue: AgencyCatalogue, agencyIds: Map<string, number>, agencyId: AgencyId): Promise<void> {
  await upsert(
    exec,
    'agency_succession',
    '(predecessor_id, successor_id)',
    ['predecessor_id', 'successor_id', 'effective_on'],
    catalogue.agencies.flatMap((a) =>
      a.successors.map((s) => ({
        predecessor_id: agencyIds.get(agencyKey(a.code, a.validFrom)),
        successor_id: agencyId(s.code, s.on),
        effective_on: s.on,
      })),
    ),
  );
}

/**
 * Writes the agency catalogue (units, parents, successions) and returns the resolver the later tables use:
 * a code and a date -> the id of the unit the code named on that date.
 */
export async function writeAgencies(exec: Exec, catalogue: AgencyCatalogue): Promise<AgencyId> {
  await upsertAgencies(exec, catalogue);
  const agencyIds = await idMap(exec, `select id, code || '@' || coalesce(valid_from::text, '') as k from agency`);
  const agencyId: AgencyId = (code, on) => {
    if (!code) return null;
    const a = catalogue.resolve(code, on)!;
    return agencyIds.get(agencyKey(a.code, a.validFrom))!;
  };
  await linkParents(exec, catalogue, agencyIds, agencyId);
  await upsertSuccessions(exec, catalogue, agencyIds, agencyId);
  return agencyId;
}
