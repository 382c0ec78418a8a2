import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * A prepared embedded database: a tarball of a PGlite data folder with every migration applied and the seed loaded,
 * made by `npm run snapshot` (npm install runs it). A new DATA_DIR starts from it instead of running initdb, applying
 * the migrations and loading 3,457 agencies: about 5 s instead of 20-60 s. The file is per PGlite version (its data
 * folder format); a snapshot older than the code is still a right start, since the migrations and the seed that follow
 * bring it up to date exactly as they do an older DATA_DIR.
 */

const PGLITE_VERSION: string = (() => {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const pkg = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
})();

export function snapshotFile(dir: string): string {
  return path.join(dir, `embedded-pglite-${PGLITE_VERSION}.tar.gz`);
}

/** The data folder holds no database yet (initdb would run). */
export function isNewDataFolder(pgDir: string): boolean {
  return !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
}

/** The prepared snapshot for this PGlite version, if there is one. */
export function readSnapshot(dir: string): Blob | null {
  const file = snapshotFile(dir);
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : null;
}

/** Writes a snapshot of the (closed) database in `pgDir`; written aside and renamed, so a reader never sees half a file. */
export async function writeSnapshot(pgDir: string, dir: string): Promise<{ file: string; bytes: number }> {
  const db = await PGlite.create({ dataDir: pgDir, extensions: { pg_trgm } });
  try {
    await db.query('checkpoint');
    const tarball = Buffer.from(await (await db.dumpDataDir('gzip')).arrayBuffer());
    fs.mkdirSync(dir, { recursive: true });
    const file = snapshotFile(dir);
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, tarball);
    fs.renameSync(partial, file);
    return { file, bytes: tarball.length };
  } finally {
    await db.close();
  }
}
