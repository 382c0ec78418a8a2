import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds, SEED_DIR } from '../src/seed/load-seeds.js';
import { SeedValidationError } from '../src/seed/seed-files.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const TABLES = [
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
];

async function snapshot(): Promise<Record<string, unknown[]>> {
  const conn = app.orm.em.fork().getConnection();
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) out[table] = await conn.execute(`select * from ${table} order by 1, 2`);
  return out;
}

function ministryCodes(): string[] {
  return fs
    .readFileSync(path.join(SEED_DIR, 'reference/ministries.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
}

function copySeeds(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-seeds-'));
  fs.cpSync(SEED_DIR, dir, { recursive: true });
  return dir;
}

describe('seed data', () => {
  it('serves every figure of the seed files with a quote found verbatim in its document', async () => {
    const rows = await app.orm.em.fork().getConnection().execute(`select o.key, o.value_text, e.quote, d.file_name
      from observation o join evidence e on e.id = o.evidence_id join source_document d on d.id = e.document_id`);
    const expected = JSON.parse(fs.readFileSync(path.join(SEED_DIR, 'observations.json'), 'utf8'));
    expect(rows).toHaveLength(expected.length);
    for (const row of rows) {
      const text = fs.readFileSync(path.join(SEED_DIR, 'documents', row.file_name), 'utf8');
      expect(text).toContain(row.quote);
      if (row.value_text) expect(row.quote).toContain(row.value_text);
    }
  });

  it('loads the reference data: 63 + 34 provinces, 3,321 communes, the ministries, with successions', async () => {
    const [counts] = await app.orm.em.fork().getConnection().execute(`select
      count(*) filter (where kind in ('PROVINCE', 'CENTRAL_CITY') and valid_to = '2025-06-30')::int as old,
      count(*) filter (where kind in ('PROVINCE', 'CENTRAL_CITY') and valid_from = '2025-07-01')::int as new,
      count(*) filter (where kind = 'COMMUNE')::int as communes,
      count(*) filter (where code in (${ministryCodes()
        .map((c) => `'${c}'`)
        .join(', ')}))::int as ministries,
      (select count(*)::int from agency_succession s join agency p on p.id = s.predecessor_id where p.code = '67') as dak_nong
      from agency`);
    expect(counts).toEqual({ old: 63, new: 34, communes: 3321, ministries: 25, dak_nong: 1 });
  });

  it('changes nothing when loaded again', async () => {
    const before = await snapshot();
    const again = await loadSeeds(app.orm.em.fork(), SEED_DIR, { force: true });
    expect(again.loaded).toBe(true);
    expect(await snapshot()).toEqual(before);
    const skipped = await loadSeeds(app.orm.em.fork());
    expect(skipped.loaded).toBe(false);
  });

  it('refuses invalid entries, naming file and entry, and writes nothing', async () => {
    const dir = copySeeds();
    const file = path.join(dir, 'observations.json');
    const observations = JSON.parse(fs.readFileSync(file, 'utf8'));
    observations[0].quote = 'a sentence that is not in the document';
    observations[1].agency = 'NO-SUCH-AGENCY';
    observations[2].asOf = '2023-02-30';
    observations.push({ ...observations[3], key: 'new.entry.that.must.not.be.written' });
    fs.writeFileSync(file, JSON.stringify(observations));
    const before = await snapshot();
    const error = await loadSeeds(app.orm.em.fork(), dir, { force: true }).catch((e) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    const message = (error as Error).message;
    expect(message).toContain(`observations.json (key "${observations[0].key}"): quote is not found verbatim`);
    expect(message).toContain(`observations.json (key "${observations[1].key}"): agency "NO-SUCH-AGENCY" names no agency`);
    expect(message).toContain('"asOf" must be a date YYYY-MM-DD');
    expect(await snapshot()).toEqual(before);
  });

  it('reports malformed JSON with the file name', async () => {
    const dir = copySeeds();
    fs.writeFileSync(path.join(dir, 'systems.json'), '[{ "code": ');
    await expect(loadSeeds(app.orm.em.fork(), dir, { force: true })).rejects.toThrow(/systems\.json: is not valid JSON/);
  });

  it('keeps a newer connection status recorded after the seed when the seed is loaded again', async () => {
    const conn = app.orm.em.fork().getConnection();
    await conn.execute(`insert into connection_event (connection_id, status, occurred_on)
      select id, 'SUSPENDED', date '2024-05-01' from connection where key = 'LGSP-68>NDXP'`);
    await loadSeeds(app.orm.em.fork(), SEED_DIR, { force: true });
    const [row] = await conn.execute(`select status, status_since from connection where key = 'LGSP-68>NDXP'`);
    expect(row).toEqual({ status: 'SUSPENDED', status_since: '2024-05-01' });
    await conn.execute(`delete from connection_event where status = 'SUSPENDED' and occurred_on = '2024-05-01'`);
    await loadSeeds(app.orm.em.fork(), SEED_DIR, { force: true });
  });
});
