import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshCurrentStatus, type Exec } from '../db/current-status.js';
import { Basis } from '../modules/observation/observation.enums.js';
import { DEFAULT_AGENCIES_ON, type AgencyCatalogue } from './agency-catalogue.js';
import { agencySearchText, figureSearchText, indicatorSearchText, systemSearchText } from '../modules/search/search-text.js';
import { asciiName } from '../text/fold.js';
import { readSeedFiles, type EvidenceRef, type SeedData } from './seed-files.js';
import { validateSeed } from './validate-seed.js';
import { writeTasks } from './load-tasks.js';
import { upsert } from './upsert.js';
import { SEED_DIR } from '../config.js';

export { SEED_DIR } from '../config.js';

export interface SeedReport {
  /** False when the files were already loaded (same digest): nothing was touched. */
  loaded: boolean;
  digest: string;
  counts: Record<string, number>;
}

/** Digest of every seed file, so an unchanged seed is not re-applied on each start. */
function seedDigest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
      .sort();
  for (const file of walk(dir)) hash.update(path.relative(dir, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
}

async function idMap(exec: Exec, sql: string): Promise<Map<string, number>> {
  const rows = await exec(sql);
  return new Map(rows.map((r) => [String(r.k), Number(r.id)]));
}

const evidenceKey = (documentId: number, quote: string) => `${documentId}\u0001${quote}`;
const agencyKey = (code: string, validFrom: string | null) => `${code}@${validFrom ?? ''}`;

/** Writes validated seed data in one transaction. */
async function writeSeed(exec: Exec, seed: SeedData, catalogue: AgencyCatalogue): Promise<Record<string, number>> {
  await upsert(
    exec,
    'source_document',
    '(key)',
    ['key', 'title', 'publisher', 'published_at', 'date_precision', 'file_name', 'url', 'author', 'note'],
    seed.documents.map((d) => ({
      key: d.key,
      title: d.title,
      publisher: d.publisher,
      published_at: d.publishedAt,
      date_precision: d.datePrecision,
      file_name: d.fileName,
      url: d.url,
      author: d.author,
      note: d.note,
    })),
  );
  const documentIds = await idMap(exec, 'select id, key as k from source_document');

  const refs: EvidenceRef[] = [
    ...seed.systems.flatMap((s) => s.lifecycle),
    ...seed.connections.flatMap((c) => c.history),
    ...seed.observations,
    ...seed.tasks,
  ];
  await upsert(
    exec,
    'evidence',
    '(document_id, quote)',
    ['document_id', 'quote'],
    [...new Map(refs.map((r) => [`${r.document}\u0000${r.quote}`, { document_id: documentIds.get(r.document), quote: r.quote }])).values()],
  );
  const evidenceIds = await idMap(exec, `select id, document_id || chr(1) || quote as k from evidence`);
  const evidenceId = (r: EvidenceRef) => evidenceIds.get(evidenceKey(documentIds.get(r.document)!, r.quote))!;

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
  const agencyIds = await idMap(exec, `select id, code || '@' || coalesce(valid_from::text, '') as k from agency`);
  const agencyId = (code: string | null, on: string): number | null => {
    if (!code) return null;
    const a = catalogue.resolve(code, on)!;
    return agencyIds.get(agencyKey(a.code, a.validFrom))!;
  };
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

  await upsert(
    exec,
    'indicator',
    '(code)',
    ['code', 'name', 'name_en', 'unit', 'counts_connections', 'measure', 'description', 'search_text'],
    seed.indicators.map((i) => {
      const row = {
        code: i.code,
        name: i.name,
        name_en: i.nameEn,
        unit: i.unit,
        counts_connections: i.countsConnections,
        measure: i.measure,
        description: i.description,
      };
      return { ...row, search_text: indicatorSearchText(row) };
    }),
  );
  const indicatorIds = await idMap(exec, 'select id, code as k from indicator');

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
        owner_id: agencyId(s.owner, on),
        operator_id: agencyId(s.operator, on),
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
        evidence_id: evidenceId(e),
        note: e.note,
        role: e.role,
        stated_on: e.statedOn,
      })),
    ),
  );

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
        evidence_id: evidenceId(e),
        reason: e.reason,
        role: e.role,
        stated_on: e.statedOn,
      })),
    ),
  );
  await refreshCurrentStatus(exec, 'connection');
  await refreshCurrentStatus(exec, 'information_system');

  const systemNames = new Map(seed.systems.map((s) => [s.code, s.name]));
  const indicatorsByCode = new Map(seed.indicators.map((i) => [i.code, i]));
  await upsert(
    exec,
    'observation',
    '(key)',
    [
      'key',
      'indicator_id',
      'agency_id',
      'system_id',
      'value_text',
      'value',
      'numerator',
      'denominator',
      'qualifier',
      'target',
      'target_qualifier',
      'as_of',
      'period_start',
      'period_end',
      'reported_by_id',
      'evidence_id',
      'basis',
      'note',
      'search_text',
      'role',
      'due_on',
      'level',
      'date_quote',
      'related_system_ids',
    ],
    seed.observations.map((o) => {
      const indicator = indicatorsByCode.get(o.indicator)!;
      return {
        key: o.key,
        indicator_id: indicatorIds.get(o.indicator),
        agency_id: agencyId(o.agency, o.asOf),
        system_id: systemId(o.system),
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
        reported_by_id: agencyId(o.reportedBy, o.asOf),
        evidence_id: evidenceId(o),
        basis: Basis.REPORTED,
        note: o.note,
        // The agency's name is that of the unit the code names on asOf, the unit agency_id points to.
        search_text: figureSearchText({
          indicator_name: indicator.name,
          indicator_name_en: indicator.nameEn,
          agency_name: o.agency ? catalogue.resolve(o.agency, o.asOf)!.name : null,
          system_name: o.system ? systemNames.get(o.system) : null,
          value_text: o.valueText,
          quote: o.quote,
        }),
        role: o.role,
        due_on: o.dueOn,
        level: o.level,
        date_quote: o.dateQuote,
        related_system_ids: o.relatedSystems.map((c) => systemId(c)),
      };
    }),
  );
  await writeTasks(exec, seed, { agencyId, systemId, evidenceId });

  const counts: Record<string, number> = {};
  for (const table of [
    'source_document',
    'evidence',
    'agency',
    'agency_succession',
    'indicator',
    'information_system',
    'system_lifecycle_event',
    'connection',
    'connection_event',
    'observation',
    'task',
  ]) {
    counts[table] = Number((await exec(`select count(*)::int as n from ${table}`))[0].n);
  }
  return counts;
}

/**
 * Validates the seed files and loads them in one transaction. Nothing is written if any entry is invalid;
 * unchanged files (same digest as the last load) are skipped; rows are upserted, never deleted.
 */
export async function loadSeeds(em: EntityManager, dir = SEED_DIR, options: { force?: boolean } = {}): Promise<SeedReport> {
  const seed = readSeedFiles(dir);
  const catalogue = validateSeed(seed);
  const digest = seedDigest(dir);
  return em.transactional(async (tem) => {
    const exec: Exec = (sql, params = []) => tem.getConnection().execute(sql, params, 'all', tem.getTransactionContext());
    // Serialise concurrent loaders (several hub processes starting on one database).
    await exec('select pg_advisory_xact_lock(7201107)');
    const last = await exec('select digest from seed_state order by id desc limit 1');
    if (!options.force && last[0]?.digest === digest) return { loaded: false, digest, counts: {} };
    const counts = await writeSeed(exec, seed, catalogue);
    await exec('insert into seed_state (digest) values (?)', [digest]);
    return { loaded: true, digest, counts };
  });
}
