import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, liveLock } from '../src/db/data-dir-lock.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { graphql, killHub, removeTemplate, runTool, seededDataDir, startHub, type HubProcess } from './support/hub-process.js';

const dirs: string[] = [];
const hubs: HubProcess[] = [];
afterAll(() => {
  hubs.forEach(killHub);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  removeTemplate();
});
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-lock-'));
  dirs.push(dir);
  return dir;
};
const copy = async () => {
  const dir = await seededDataDir('lt-tools-');
  dirs.push(dir);
  return dir;
};

/** The pid of a process that has exited (so it is certainly not alive). */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const SUMMARY = '{ informationSystem(code: "TTHC-68") { connectionSummary { connected total } } }';
const IOC = '{ informationSystem(code: "IOC-96") { name owner { code } } }';

describe('the data folder lock', () => {
  const writeLock = (dir: string, lock: object | string) =>
    fs.writeFileSync(path.join(dir, LOCK_FILE), typeof lock === 'string' ? lock : JSON.stringify(lock));
  const lockOf = (pid: number, processStart: string | null = null) => ({
    pid,
    processStart,
    holder: 'the hub',
    socket: '/tmp/nowhere/.s.PGSQL.5432',
    since: '2026-01-01T00:00:00Z',
  });

  it('is taken over when stale (no lock, dead pid, a reused pid, our own pid in a lock we do not hold, garbage) and refused when live', async () => {
    const stale: [string, object | string | null][] = [
      ['no lock', null],
      ['a dead pid', lockOf(await deadPid())],
      ['a live pid started at another time (reused)', lockOf(process.ppid, '1')],
      ["this process's pid, not held by it (a container restart)", lockOf(process.pid)],
      ['an unreadable lock', '{"pid": 12'],
    ];
    for (const [what, lock] of stale) {
      const dir = tempDir();
      if (lock) writeLock(dir, lock);
      expect(liveLock(dir), what).toBeNull();
      const release = acquireDataDirLock(dir, 'the hub', '/tmp/s/.s.PGSQL.5432');
      const taken = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'));
      expect(taken, what).toMatchObject({ pid: process.pid, holder: 'the hub', socket: '/tmp/s/.s.PGSQL.5432' });
      // Held now: a second taker in this process is refused, naming the holder and what to do.
      expect(() => acquireDataDirLock(dir, 'npm run keys', '/tmp/t/.s.PGSQL.5432'), what).toThrow(DataDirInUseError);
      release();
      expect(fs.existsSync(path.join(dir, LOCK_FILE)), what).toBe(false);
    }
    const dir = tempDir();
    writeLock(dir, lockOf(process.ppid));
    expect(liveLock(dir)).toMatchObject({ pid: process.ppid });
    expect(() => acquireDataDirLock(dir, 'the hub', '/tmp/s/.s.PGSQL.5432')).toThrow(
      new RegExp(`already open in the hub \\(process ${process.ppid},.*kill ${process.ppid}.*DATA_DIR=`),
    );
    // A refused taker leaves the holder's lock as it was.
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(lockOf(process.ppid));
  });
});

describe('command-line tools beside a running embedded hub (npm start, then npm run keys / import)', () => {
  it('go through the running hub: a new key works at once, an import is read at once, a second hub refuses, and the folder reopens', async () => {
    const dataDir = await copy();
    const env = { DATA_DIR: dataDir, NODE_ENV: 'development' };
    const hub = await startHub(env);
    hubs.push(hub);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'));
    expect(lock).toMatchObject({ pid: hub.hubPid(), holder: 'the hub', socket: expect.stringMatching(/^\/tmp\/lien-thong-.*\/\.s\.PGSQL\.5432$/) });

    // Read twice first, so the hub's read cache holds the summary the import will change.
    for (let i = 0; i < 2; i++)
      expect((await graphql(hub.base, SUMMARY)).data.informationSystem.connectionSummary).toEqual({ connected: 1, total: 1 });

    const created = await runTool('keys', ['create', '--name', 'beside the hub', '--role', 'editor', '--agency', '96', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout);
    const withKey = await graphql(hub.base, '{ agencies(first: 1) { totalCount } }', {}, key);
    expect(withKey.errors).toBeUndefined();
    expect(withKey.data.agencies.totalCount).toBeGreaterThan(3000);
    // The check is real: a key the database does not hold is refused.
    expect((await graphql(hub.base, '{ agencies(first: 1) { totalCount } }', {}, `${key}x`)).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const imported = await runTool('import', ['examples/import-example.csv'], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/3 rows, 3 changes, 0 unchanged, 0 problems: applied/);
    // The hub reads what the tool wrote at once, its read cache included (it heard the tool's commit).
    expect((await graphql(hub.base, SUMMARY)).data.informationSystem.connectionSummary).toEqual({ connected: 2, total: 2 });
    expect((await graphql(hub.base, IOC)).data.informationSystem.owner.code).toBe('96');
    const listed = await runTool('keys', ['list'], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/"name":"beside the hub"/);

    // A second hub on the same folder refuses at once, naming the process and what to do, and touches nothing.
    const second = await startHub(env, { waitReady: false });
    hubs.push(second);
    const refused = await second.exited;
    expect(refused.code).toBe(2);
    expect(second.output()).toMatch(new RegExp(`already open in the hub \\(process ${hub.hubPid()},[^]*DATA_DIR=`));
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toEqual(lock);

    hub.signal('SIGTERM', 'npm');
    expect((await hub.exited).code).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);

    // No hub: the tool opens the folder itself (and closes it), then the hub starts on it and reads everything.
    const offline = await runTool('keys', ['create', '--name', 'no hub running', '--role', 'reader', '--json'], env);
    expect(offline.code, offline.stderr).toBe(0);
    const again = await startHub(env);
    hubs.push(again);
    try {
      expect((await graphql(again.base, SUMMARY)).data.informationSystem.connectionSummary).toEqual({ connected: 2, total: 2 });
      expect((await graphql(again.base, IOC)).data.informationSystem.name).toBe('Trung tâm giám sát điều hành thông minh tỉnh Cà Mau');
      for (const k of [key, JSON.parse(offline.stdout).key])
        expect((await graphql(again.base, '{ agencies(first: 1) { totalCount } }', {}, k)).errors).toBeUndefined();
    } finally {
      again.signal('SIGTERM', 'npm');
      expect((await again.exited).code).toBe(0);
    }
    expect(again.output()).not.toMatch(/Aborted/);
  }, 300_000);
});

describe("an editor's import over HTTP on the embedded database", () => {
  it('runs every lookup inside its transaction: in scope it applies quickly, out of scope it is refused per row, and the hub keeps answering', async () => {
    const dataDir = await copy();
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', PORT: '0', RATE_LIMIT_PER_MINUTE: '0' }));
    try {
      const url = await app.listen();
      const base = url.replace('/graphql', '');
      const editor = (await createApiKey(app.orm.em.fork(), { name: 'editor 96+68', role: 'editor', agencyCodes: ['96', '68'] })).key;
      const onlyCaMau = (await createApiKey(app.orm.em.fork(), { name: 'editor 96', role: 'editor', agencyCodes: ['96'] })).key;
      const csv = fs.readFileSync(path.resolve(import.meta.dirname, '../examples/import-example.csv'), 'utf8');
      const IMPORT = `mutation($content: String!, $dryRun: Boolean!) { importData(input: { format: CSV, content: $content, dryRun: $dryRun }) {
        applied unchanged changes { row action } errors { row code } } }`;
      const run = async (key: string, dryRun: boolean) => {
        const started = Date.now();
        // Meanwhile another client reads: the hub keeps answering while the import's transaction runs.
        const [body, reader] = await Promise.all([
          graphql(base, IMPORT, { content: csv, dryRun }, key),
          graphql(base, '{ agencies(first: 1) { totalCount } }'),
        ]);
        expect(reader.errors).toBeUndefined();
        return { body, ms: Date.now() - started };
      };

      const partly = await run(onlyCaMau, false);
      expect(partly.body.errors).toBeUndefined();
      expect(partly.body.data.importData.applied).toBe(false);
      // Rows 2 and 3 belong to Lâm Đồng (68): refused by the scope look-up, row 1 (Cà Mau) not.
      expect(partly.body.data.importData.errors).toEqual([
        { row: 2, code: 'FORBIDDEN' },
        { row: 3, code: 'FORBIDDEN' },
      ]);
      expect(partly.ms).toBeLessThan(4_000);
      expect((await graphql(base, IOC)).data.informationSystem).toBeNull();

      const applied = await run(editor, false);
      expect(applied.body.errors).toBeUndefined();
      expect(applied.body.data.importData).toMatchObject({ applied: true, errors: [] });
      expect(applied.body.data.importData.changes.map((c: any) => c.row)).toEqual([1, 2, 3]);
      expect(applied.ms).toBeLessThan(4_000);
      expect((await graphql(base, IOC)).data.informationSystem.owner.code).toBe('96');
      expect((await graphql(base, SUMMARY)).data.informationSystem.connectionSummary).toEqual({ connected: 2, total: 2 });
    } finally {
      await app.stop();
    }
  }, 120_000);
});
