import type { EntityManager } from '@mikro-orm/postgresql';
import { agencyIdsByUnit, setAgencyParents, upsertAgencyUnits, upsertSuccessionLinks } from '../modules/agency/agency.queries.js';
import { agencySearchText } from '../text/search-text.js';
import { asciiName } from '../text/fold.js';
import { DEFAULT_AGENCIES_ON, type AgencyCatalogue } from './agency-catalogue.js';
import type { SeedIds } from './load-tasks.js';

/** An agency row is one unit of a code: the same code names a new unit after a merger, from its validFrom. */
const agencyKey = (code: string, validFrom: string | null) => `${code}@${validFrom ?? ''}`;

type AgencyId = SeedIds['agencyId'];

function unitRows(catalogue: AgencyCatalogue) {
  return catalogue.agencies.map((a) => {
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
  });
}

/**
 * Writes the agency catalogue (units, then parents and successions once every unit has an id) and returns the
 * resolver the later tables use: a code and a date -> the id of the unit the code named on that date.
 */
export async function writeAgencies(em: EntityManager, catalogue: AgencyCatalogue): Promise<AgencyId> {
  await upsertAgencyUnits(em, unitRows(catalogue));
  const unitIds = await agencyIdsByUnit(em);
  const idOf = (a: { code: string; validFrom: string | null }) => unitIds.get(agencyKey(a.code, a.validFrom))!;
  const agencyId: AgencyId = (code, on) => (code ? idOf(catalogue.resolve(code, on)!) : null);
  await setAgencyParents(
    em,
    catalogue.agencies
      .filter((a) => a.parentCode)
      .map((a) => ({ id: idOf(a), parent_id: agencyId(a.parentCode, a.parentOn ?? DEFAULT_AGENCIES_ON) })),
  );
  await upsertSuccessionLinks(
    em,
    catalogue.agencies.flatMap((a) =>
      a.successors.map((s) => ({ predecessor_id: idOf(a), successor_id: agencyId(s.code, s.on)!, effective_on: s.on })),
    ),
  );
  return agencyId;
}
