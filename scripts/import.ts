import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openToolHub } from '../src/hub.js';
import { createRequestContext } from '../src/api/context.js';
import { commandLinePrincipal } from '../src/modules/auth/principal.js';
import { ImportFileError, parseImportFile } from '../src/modules/import/import-rows.js';
import { runImport } from '../src/modules/import/import.service.js';

const USAGE = `Usage: npm run import -- <file.json|file.csv> [--dry-run] [--json]
Imports status changes, figures and systems (format in the README) into the configured database (DATABASE_URL, or the
embedded one in DATA_DIR, through the running hub when one has it open) as one transaction, recorded in the audit log as cli:<user>. --dry-run lists what would change.
Exit code: 0 applied (or dry run without problems), 1 problems found (nothing written), 2 bad usage.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'dry-run': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
});
const file = positionals[0];
if (!file || !/\.(json|csv)$/i.test(file) || !fs.existsSync(file)) {
  process.stderr.write(`${file ? `cannot read ${file} (a .json or .csv file)\n` : ''}${USAGE}\n`);
  process.exit(2);
}

let database;
try {
  database = await openToolHub(loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' }), 'import', { seed: true });
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
try {
  const rows = parseImportFile(fs.readFileSync(file, 'utf8'), path.extname(file).toLowerCase() === '.csv' ? 'CSV' : 'JSON');
  const ctx = createRequestContext(database.orm.em, `cli-import-${crypto.randomUUID()}`, commandLinePrincipal(os.userInfo().username));
  const result = await runImport(ctx, rows, values['dry-run']);
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    for (const c of result.changes)
      process.stdout.write(`row ${c.row}: ${c.action} ${c.entityType} ${c.entityKey ?? ''} ${JSON.stringify(c.changes)}\n`);
    for (const e of result.errors) process.stdout.write(`row ${e.row ?? '-'}: ${e.code}${e.field ? ` ${e.field}` : ''}: ${e.message}\n`);
    const verdict = result.applied ? 'applied' : result.dryRun && !result.errors.length ? 'dry run: nothing written' : 'nothing written';
    process.stdout.write(
      `${result.rows} rows, ${result.changes.length} changes, ${result.unchanged} unchanged, ${result.errors.length} problems: ${verdict}\n`,
    );
  }
  process.exitCode = result.errors.length ? 1 : 0;
} catch (error) {
  process.stderr.write(`${error instanceof ImportFileError ? error.message : (error as Error).stack}\n`);
  process.exitCode = error instanceof ImportFileError ? 2 : 1;
} finally {
  await database.stop();
}
