import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AgencyCatalogue } from './agency-catalogue.js';
import { documentIdsByKey, evidenceIdsByQuote, quoteKey, upsertQuotes, upsertSourceDocuments } from '../modules/evidence/evidence.queries.js';
import { indicatorIdsByCode, upsertIndicators } from '../modules/observation/indicator.queries.js';
import { indicatorSearchText } from '../text/search-text.js';
import { lastSeedDigest, lockSeedLoad, recordSeedDigest, seededTableCounts } from './seed.queries.js';
import { readSeedFiles, type EvidenceRef, type SeedData } from './seed-files.js';
import { validateSeed } from './validate-seed.js';
import { writeTasks, type SeedIds } from './load-tasks.js';
import { writeAgencies } from './write-agencies.js';
import { writeObservations } from './write-observations.js';
import { writeConnections, writeSystems } from './write-systems.js';
import { SEED_DIR } from '../config.js';

export { SEED_DIR } from '../config.js';

export interface SeedReport {
  /** False when the files were already loaded (same digest): nothing was touched. */
  loaded: boolean;
  digest: string;
  counts: Record<string, number>;
}

/** Digest of every seed file, so an unchanged seed is not re-applied on each start. */
export function seedDigest(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
      .sort();
  for (const file of walk(dir)) hash.update(path.relative(dir, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** Writes the source documents and every quote cited from them; returns the resolver from a citation to its evidence id. */
async function writeEvidence(em: EntityManager, seed: SeedData): Promise<SeedIds['evidenceId']> {
  await upsertSourceDocuments(
    em,
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
      text: seed.documentTexts.get(d.key) ?? null,
    })),
  );
  const documentIds = await documentIdsByKey(em);

  const refs: EvidenceRef[] = [
    ...seed.systems.flatMap((s) => s.lifecycle),
    ...seed.connections.flatMap((c) => c.history),
    ...seed.observations,
    ...seed.tasks,
  ];
  await upsertQuotes(em, [
    ...new Map(refs.map((r) => [`${r.document}\u0000${r.quote}`, { document_id: documentIds.get(r.document)!, quote: r.quote }])).values(),
  ]);
  const evidenceIds = await evidenceIdsByQuote(em);
  return (r: EvidenceRef) => evidenceIds.get(quoteKey(documentIds.get(r.document)!, r.quote))!;
}

/** Writes indicators.json; returns code -> id. */
async function writeIndicators(em: EntityManager, seed: SeedData): Promise<Map<string, number>> {
  await upsertIndicators(
    em,
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
  return indicatorIdsByCode(em);
}

/** Writes validated seed data in one transaction; each table is written after those whose ids it refers to. */
async function writeSeed(em: EntityManager, seed: SeedData, catalogue: AgencyCatalogue): Promise<Record<string, number>> {
  const evidenceId = await writeEvidence(em, seed);
  const agencyId = await writeAgencies(em, catalogue);
  const indicatorIds = await writeIndicators(em, seed);
  const systemId = await writeSystems(em, seed, { agencyId, evidenceId });
  await writeConnections(em, seed, { systemId, evidenceId });
  await writeObservations(em, { agencyId, systemId, evidenceId, indicatorIds, catalogue, seed });
  await writeTasks(em, seed, { agencyId, systemId, evidenceId });
  return seededTableCounts(em);
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
    await lockSeedLoad(tem);
    if (!options.force && (await lastSeedDigest(tem)) === digest) return { loaded: false, digest, counts: {} };
    const counts = await writeSeed(tem, seed, catalogue);
    await recordSeedDigest(tem, digest);
    return { loaded: true, digest, counts };
  });
}
