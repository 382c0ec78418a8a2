import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { snapshotFile, writeSnapshot } from '../src/db/embedded-snapshot.js';
import { MIGRATIONS } from '../src/db/migrations.js';
import { openToolHub } from '../src/hub.js';
import { SEED_DIR, seedDigest } from '../src/seed/load-seeds.js';

/**
 * `npm run snapshot` (npm install runs it through `prepare`): a prepared embedded database, every migration applied
 * and the seed loaded, in EMBEDDED_SNAPSHOT_DIR (default node_modules/.cache/lien-thong). A new DATA_DIR starts from it.
 * `--if-stale` keeps a snapshot made from the same migrations and seed files.
 */
const config = loadConfig({ ...process.env, DATABASE_URL: '', LOG_LEVEL: process.env.LOG_LEVEL || 'warn' });
const dir = config.embeddedSnapshotDir;
/** What the snapshot was made from, kept beside it: the same files make the same database. */
const madeFrom = JSON.stringify({ migrations: MIGRATIONS.map((m) => m.name), seed: seedDigest(SEED_DIR) });
const sidecar = (file: string) => `${file}.json`;
if (!dir) {
  process.stdout.write('EMBEDDED_SNAPSHOT_DIR=off: no snapshot made\n');
} else if (process.argv.includes('--if-stale') && fs.existsSync(snapshotFile(dir)) && readIfThere(sidecar(snapshotFile(dir))) === madeFrom) {
  process.stdout.write(`prepared embedded database is up to date: ${path.relative(process.cwd(), snapshotFile(dir))}\n`);
} else {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lien-thong-snapshot-'));
  try {
    // Built as a hub builds a new DATA_DIR, never from a snapshot (that would copy an older one).
    const hub = await openToolHub({ ...config, dataDir: work, embeddedSnapshotDir: null, seedOnStart: true }, 'snapshot', { seed: true });
    await hub.stop();
    const { file, bytes } = await writeSnapshot(path.join(work, 'pg'), dir);
    fs.writeFileSync(sidecar(file), madeFrom);
    const took = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`prepared embedded database: ${path.relative(process.cwd(), file)} (${(bytes / 1e6).toFixed(1)} MB, ${took} s)\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function readIfThere(file: string): string | null {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}
