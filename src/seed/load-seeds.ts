import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Exec } from '../db/current-status.js';
import type { AgencyCatalogue } from './agency-catalogue.js';
import { indicatorSearchText } from '../modules/search/search-text.js';
import { idMap } from './id-map.js';
import { readSeedFiles, type EvidenceRef, type SeedData } from './seed-files.js';
import { validateSeed } from './validate-seed.js';
import { writeTasks, type SeedIds } from './load-tasks.js';
import { writeAgencies } from './write-agencies.js';
import { writeObservations } from './write-observations.js';
import { writeConnections, writeSystems } from './write-systems.js';
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

const evidenceKey = (documentId: number, quote: string) => `${documentId}\u0001${quote}`;

/** Writes the source documents and every quote cited from them; returns the resolver from a citation to its evidence id. */
async function writeEvidence(exec: Exec, seed: SeedData): Promise<SeedIds['evidenceId']> {
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
  return evidenceId;
}

/** Writes indicators.json; returns code -> id. */
async function writeIndicators(exec: Exec, seed: SeedData): Promise<Map<string, number>> {
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
  return indicatorIds;
}

const COUNTED_TABLES = [
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
];

/** Rows in each seeded table after the load (the whole table, not only the seed's rows): the report's counts. */
async function countRows(exec: Exec): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    counts[table] = Number((await exec(`select count(*)::int as n from ${table}`))[0].n);
  }
  return counts;
}

/** Writes validated seed data in one transaction; each table is written after those whose ids it refers to. */
async function writeSeed(exec: Exec, seed: SeedData, catalogue: AgencyCatalogue): Promise<Record<string, number>> {
  const evidenceId = await writeEvidence(exec, seed);
  const agencyId = await writeAgencies(exec, catalogue);
  const indicatorIds = await writeIndicators(exec, seed);
  const systemId = await writeSystems(exec, seed, { agencyId, evidenceId });
  await writeConnections(exec, seed, { systemId, evidenceId });
  await writeObservations(exec, { agencyId, systemId, evidenceId, indicatorIds, catalogue, seed });
  await writeTasks(exec, seed, { agencyId, systemId, evidenceId });
  return countRows(exec);
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
