import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphql, killHub, runTool, startHub, type HubProcess } from './support/hub-process.js';

/**
 * The newcomer's first start: `npm install` prepares an embedded database (`npm run snapshot`, through `prepare`),
 * and a new DATA_DIR starts from it instead of initdb + migrations + loading the seed. Run here in folders of the
 * test's own, with the real `npm run snapshot` and `npm start`.
 */
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-snapshot-'));
const snapshots = path.join(scratch, 'snapshots');
const hubs: HubProcess[] = [];
afterAll(() => {
  hubs.forEach(killHub);
  fs.rmSync(scratch, { recursive: true, force: true });
});

const TOTALS = '{ agencies { totalCount } informationSystems { totalCount } connections { totalCount } observations { totalCount } }';

async function firstStart(name: string, env: Record<string, string>) {
  const dataDir = path.join(scratch, name);
  const started = Date.now();
  const hub = await startHub({ DATA_DIR: dataDir, NODE_ENV: 'production', INTROSPECTION: 'true', ...env });
  hubs.push(hub);
  const seconds = (Date.now() - started) / 1000;
  const totals = (await graphql(hub.base, TOTALS)).data;
  hub.signal('SIGTERM', 'hub');
  expect((await hub.exited).code, hub.output()).toBe(0);
  return { hub, seconds, totals, messages: hub.logs.map((l) => l.message).filter(Boolean) as string[] };
}

describe('a new DATA_DIR starts from the prepared embedded database', () => {
  it('npm run snapshot prepares it; a first start uses it and holds what a database made from scratch holds', async () => {
    const made = await runTool('snapshot', [], { EMBEDDED_SNAPSHOT_DIR: snapshots });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/prepared embedded database: .*embedded-pglite-[\d.]+\.tar\.gz \([\d.]+ MB/);

    const fromSnapshot = await firstStart('from-snapshot', { EMBEDDED_SNAPSHOT_DIR: snapshots });
    const fromScratch = await firstStart('from-scratch', { EMBEDDED_SNAPSHOT_DIR: 'off' });
    // The progress line comes first, and says which way the database is being made.
    expect(fromSnapshot.messages[0]).toMatch(/^first start: creating the embedded database from the prepared snapshot/);
    expect(fromScratch.messages[0]).toMatch(/^first start: creating the embedded database, applying migrations and loading the seed/);
    expect(fromSnapshot.hub.logs.find((l) => l.message === 'embedded PostgreSQL (PGlite) started')).toMatchObject({ created: 'snapshot' });
    expect(fromScratch.hub.logs.find((l) => l.message === 'embedded PostgreSQL (PGlite) started')).toMatchObject({ created: 'initdb' });
    // Nothing left to do after the snapshot: no migration applied, the seed recognised as loaded.
    expect(fromSnapshot.messages).not.toContain('migrations applied');
    expect(fromSnapshot.messages).toContain('seed data unchanged');
    expect(fromScratch.messages).toContain('seed data loaded');
    expect(fromSnapshot.totals).toEqual(fromScratch.totals);
    expect(fromSnapshot.totals.agencies.totalCount).toBeGreaterThan(3000);
    console.info(`first start: ${fromSnapshot.seconds.toFixed(1)} s from the snapshot, ${fromScratch.seconds.toFixed(1)} s from scratch`);

    // A later start opens the folder as it is.
    const again = await startHub({ DATA_DIR: path.join(scratch, 'from-snapshot'), EMBEDDED_SNAPSHOT_DIR: snapshots });
    hubs.push(again);
    expect(again.logs.find((l) => l.message === 'embedded PostgreSQL (PGlite) started')).toMatchObject({ created: 'existing' });
    expect(again.logs.map((l) => l.message)).not.toContainEqual(expect.stringMatching(/^first start/));
    again.signal('SIGTERM', 'hub');
    expect((await again.exited).code).toBe(0);
  }, 300_000);

  it('npm install keeps a snapshot made from the same migrations and seed files, and makes it again when they change', async () => {
    const file = fs.readdirSync(snapshots).find((f) => f.endsWith('.tar.gz'))!;
    const before = fs.statSync(path.join(snapshots, file)).mtimeMs;
    const kept = await runTool('snapshot', ['--if-stale'], { EMBEDDED_SNAPSHOT_DIR: snapshots });
    expect(kept.stdout).toMatch(/prepared embedded database is up to date/);
    expect(fs.statSync(path.join(snapshots, file)).mtimeMs).toBe(before);
    // What it was made from no longer matches (as after a new migration or an edited seed file): made again.
    fs.writeFileSync(path.join(snapshots, `${file}.json`), JSON.stringify({ migrations: [], seed: 'an older seed' }));
    const remade = await runTool('snapshot', ['--if-stale'], { EMBEDDED_SNAPSHOT_DIR: snapshots });
    expect(remade.code, remade.stderr).toBe(0);
    expect(remade.stdout).toMatch(/prepared embedded database: /);
    expect(fs.statSync(path.join(snapshots, file)).mtimeMs).toBeGreaterThan(before);
  }, 300_000);
});
