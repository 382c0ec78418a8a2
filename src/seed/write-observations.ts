import type { EntityManager } from '@mikro-orm/postgresql';
import { Basis } from '../modules/observation/observation.enums.js';
import { upsertFigures, type FigureLoadRow } from '../modules/observation/observation.queries.js';
import { figureSearchText } from '../text/search-text.js';
import type { AgencyCatalogue } from './agency-catalogue.js';
import type { SeedIds } from './load-tasks.js';
import type { ObservationEntry, SeedData } from './seed-files.js';

/** What an observation row needs besides its entry: the ids written before it, and names for its search text. */
interface ObservationContext extends SeedIds {
  indicatorIds: Map<string, number>;
  catalogue: AgencyCatalogue;
  seed: SeedData;
}

/** Writes observations.json; each figure is stored as REPORTED by its source. */
export async function writeObservations(em: EntityManager, context: ObservationContext): Promise<void> {
  const { seed } = context;
  const systemNames = new Map(seed.systems.map((s) => [s.code, s.name]));
  const indicatorsByCode = new Map(seed.indicators.map((i) => [i.code, i]));
  const searchText = (o: ObservationEntry) => {
    const indicator = indicatorsByCode.get(o.indicator)!;
    // The agency's name is that of the unit the code names on asOf, the unit agency_id points to.
    return figureSearchText({
      indicator_name: indicator.name,
      indicator_name_en: indicator.nameEn,
      agency_name: o.agency ? context.catalogue.resolve(o.agency, o.asOf)!.name : null,
      system_name: o.system ? systemNames.get(o.system) : null,
      value_text: o.valueText,
      quote: o.quote,
    });
  };
  await upsertFigures(
    em,
    seed.observations.map((o) => observationRow(o, context, searchText(o))),
  );
}

function observationRow(o: ObservationEntry, ids: ObservationContext, searchText: string): FigureLoadRow {
  return {
    key: o.key,
    indicator_id: ids.indicatorIds.get(o.indicator)!,
    agency_id: ids.agencyId(o.agency, o.asOf),
    system_id: ids.systemId(o.system),
    value_text: o.valueText,
    value: o.value,
    numerator: o.numerator,
    denominator: o.denominator,
    qualifier: o.qualifier,
    target: o.target,
    target_qualifier: o.targetQualifier,
    as_of: o.asOf,
    period_start: o.periodStart,
    period_end: o.periodEnd,
    reported_by_id: ids.agencyId(o.reportedBy, o.asOf),
    evidence_id: ids.evidenceId(o),
    basis: Basis.REPORTED,
    note: o.note,
    search_text: searchText,
    role: o.role,
    due_on: o.dueOn,
    level: o.level,
    date_quote: o.dateQuote,
    related_system_ids: o.relatedSystems.map((c) => ids.systemId(c)),
  };
}
