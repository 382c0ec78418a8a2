import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { openToolHub } from '../src/hub.js';
import { loadSeeds, SEED_DIR } from '../src/seed/load-seeds.js';
import { readSeedFiles } from '../src/seed/seed-files.js';
import { validateSeed } from '../src/seed/validate-seed.js';

/**
 * After editing the seed files: `npm run seed -- --check` validates them without a database;
 * `npm run seed` loads them into the configured database (DATABASE_URL, or the embedded one in DATA_DIR, through the
 * running hub when one has it open).
 */
try {
  validateSeed(readSeedFiles(SEED_DIR));
  process.stdout.write('seed files are valid\n');
  if (!process.argv.includes('--check')) {
    const database = await openToolHub(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }), 'seed');
    try {
      const report = await loadSeeds(database.orm.em.fork(), SEED_DIR, { force: true });
      process.stdout.write(`loaded: ${JSON.stringify(report.counts)}\n`);
    } finally {
      await database.stop();
    }
  }
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
