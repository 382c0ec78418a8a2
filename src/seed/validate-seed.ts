import { AgencyCatalogue, DEFAULT_AGENCIES_ON } from './agency-catalogue.js';
import { SeedValidationError, type EvidenceRef, type SeedData } from './seed-files.js';
import { roleProblems } from './validate-roles.js';
import { taskProblems } from './validate-tasks.js';

/** Records a problem for each key used more than once in `file`; returns the keys, for the references to them. */
function uniqueKeys(problems: string[], file: string, keys: string[]): Set<string> {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) problems.push(`${file}: key "${key}" is used more than once`);
    seen.add(key);
  }
  return seen;
}

/** The checks the files share, each recording a problem under the entry's name (`where`). */
function referenceChecks(seed: SeedData, catalogue: AgencyCatalogue, systems: Set<string>, problems: string[]) {
  return {
    evidence(where: string, ref: EvidenceRef) {
      const text = seed.documentTexts.get(ref.document);
      if (text === undefined) problems.push(`${where}: document "${ref.document}" is not in documents.json`);
      else if (!text.includes(ref.quote)) problems.push(`${where}: quote is not found verbatim in document "${ref.document}": "${ref.quote}"`);
    },
    agency(where: string, field: string, code: string | null, date: string) {
      if (code && !catalogue.resolve(code, date)) problems.push(`${where}: ${field} "${code}" names no agency that existed on ${date}`);
    },
    system(where: string, field: string, code: string | null) {
      if (code && !systems.has(code)) problems.push(`${where}: ${field} "${code}" is not in systems.json`);
    },
    order(where: string, dates: string[]) {
      if (dates.some((d, i) => i > 0 && d < dates[i - 1])) problems.push(`${where}: entries must be in date order`);
    },
  };
}
type Checks = ReturnType<typeof referenceChecks>;

function checkAgenciesAndSystems(seed: SeedData, check: Checks): void {
  for (const agency of seed.agencies) {
    const where = `agencies.json (code "${agency.code}")`;
    check.agency(where, 'parent', agency.parent, agency.validFrom ?? DEFAULT_AGENCIES_ON);
  }
  for (const system of seed.systems) {
    const where = `systems.json (code "${system.code}")`;
    const on = system.agenciesOn ?? DEFAULT_AGENCIES_ON;
    check.agency(where, 'owner', system.owner, on);
    check.agency(where, 'operator', system.operator, on);
    system.lifecycle.forEach((e, i) => check.evidence(`${where} lifecycle[${i}]`, e));
    check.order(
      `${where} lifecycle`,
      system.lifecycle.map((e) => e.date),
    );
  }
}

function checkConnections(seed: SeedData, check: Checks, problems: string[]): void {
  for (const connection of seed.connections) {
    const where = `connections.json (key "${connection.key}")`;
    check.system(where, 'consumer', connection.consumer);
    check.system(where, 'provider', connection.provider);
    check.system(where, 'via', connection.via);
    if (connection.consumer === connection.provider) problems.push(`${where}: consumer and provider must differ`);
    if (connection.history.length === 0) problems.push(`${where}: history needs at least one dated status with its evidence`);
    connection.history.forEach((e, i) => check.evidence(`${where} history[${i}]`, e));
    check.order(
      `${where} history`,
      connection.history.map((e) => e.date),
    );
  }
}

function checkObservations(seed: SeedData, indicators: Set<string>, check: Checks, problems: string[]): void {
  for (const o of seed.observations) {
    const where = `observations.json (key "${o.key}")`;
    if (!indicators.has(o.indicator)) problems.push(`${where}: indicator "${o.indicator}" is not in indicators.json`);
    check.agency(where, 'agency', o.agency, o.asOf);
    check.agency(where, 'reportedBy', o.reportedBy, o.asOf);
    check.system(where, 'system', o.system);
    check.evidence(where, o);
    if (!o.agency && !o.system) problems.push(`${where}: needs an agency or a system as its subject`);
    if (o.valueText && !o.quote.includes(o.valueText)) problems.push(`${where}: valueText "${o.valueText}" does not occur in the quote`);
    if ((o.numerator === null) !== (o.denominator === null)) problems.push(`${where}: numerator and denominator go together`);
    if (o.denominator !== null && o.denominator <= 0) problems.push(`${where}: denominator must be positive`);
    if (o.value === null && o.numerator === null && o.target === null) problems.push(`${where}: needs a value, a numerator/denominator or a target`);
    if (o.periodStart && o.periodEnd && o.periodStart > o.periodEnd) problems.push(`${where}: periodStart is after periodEnd`);
  }
}

/**
 * Checks what the shape check cannot: unique keys, references that resolve (agency codes on the entry's date),
 * quotes that occur verbatim in their document, figures that occur in their quote, consistent numbers and dates.
 * Throws SeedValidationError listing every problem; returns the agency catalogue for the loader.
 */
export function validateSeed(seed: SeedData): AgencyCatalogue {
  const problems: string[] = [...seed.problems];
  const catalogue = new AgencyCatalogue(seed);
  problems.push(...catalogue.overlaps());

  const unique = (file: string, keys: string[]) => uniqueKeys(problems, file, keys);
  unique(
    'documents.json',
    seed.documents.map((d) => d.key),
  );
  unique(
    'documents.json (fileName)',
    seed.documents.map((d) => d.fileName),
  );
  const indicators = unique(
    'indicators.json',
    seed.indicators.map((i) => i.code),
  );
  const systems = unique(
    'systems.json',
    seed.systems.map((s) => s.code),
  );
  unique(
    'connections.json',
    seed.connections.map((c) => c.key),
  );
  unique(
    'observations.json',
    seed.observations.map((o) => o.key),
  );

  const check = referenceChecks(seed, catalogue, systems, problems);
  checkAgenciesAndSystems(seed, check);
  checkConnections(seed, check, problems);
  checkObservations(seed, indicators, check, problems);

  // Roles (plans are not facts), numbers and dates in their quotes, measures; tasks.json.
  problems.push(...roleProblems(seed, systems, new Map(seed.indicators.map((i) => [i.code, i.measure]))));
  problems.push(...taskProblems(seed, catalogue, systems));

  if (problems.length) throw new SeedValidationError(problems);
  return catalogue;
}
