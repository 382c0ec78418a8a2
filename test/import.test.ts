import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
let admin: string;
let caMau: string;

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
  caMau = (await createApiKey(app.orm.em.fork(), { name: 'ca-mau', role: 'editor', agencyCodes: ['96'] })).key;
});
afterAll(async () => {
  await app?.stop();
});

const IMPORT = `mutation($format: ImportFormat!, $content: String!, $dryRun: Boolean!) {
  importData(input: { format: $format, content: $content, dryRun: $dryRun }) {
    dryRun applied rows unchanged changes { row action entityType entityKey changes } errors { row field message code } } }`;

async function importData(content: string, format: 'JSON' | 'CSV', dryRun: boolean, key = admin) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: IMPORT, variables: { format, content, dryRun } }),
  });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.importData;
}

const TABLES = ['information_system', 'connection', 'connection_event', 'observation', 'evidence', 'source_document', 'audit_log'];
async function counts(): Promise<number[]> {
  const conn = app.orm.em.fork().getConnection();
  return Promise.all(TABLES.map(async (t) => Number((await conn.execute(`select count(*)::int as n from ${t}`))[0].n)));
}

const EXAMPLE_JSON = fs.readFileSync(path.resolve(import.meta.dirname, '../examples/import-example.json'), 'utf8');
const EXAMPLE_CSV = fs.readFileSync(path.resolve(import.meta.dirname, '../examples/import-example.csv'), 'utf8');

describe('bulk import', () => {
  it('lists what would change in a dry run and writes nothing', async () => {
    const before = await counts();
    const result = await importData(EXAMPLE_CSV, 'CSV', true);
    expect(result).toMatchObject({ dryRun: true, applied: false, rows: 3, errors: [] });
    expect(result.changes.map((c: any) => [c.row, c.action, c.entityKey])).toEqual([
      [1, 'system.create', 'IOC-96'],
      [2, 'connection.create', 'TTHC-68>CSDLQG-DC'],
      [3, 'observation.create', 'lamdong.lgsp.systems_connected.import-example'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('applies a file in one transaction, and the same file again changes nothing', async () => {
    const applied = await importData(EXAMPLE_CSV, 'CSV', false);
    expect(applied).toMatchObject({ applied: true, unchanged: 0, errors: [] });
    expect(applied.changes).toHaveLength(3);
    const system = await app.query(`{ informationSystem(code: "IOC-96") { name owner { code } } }`);
    expect(system.informationSystem).toEqual({ name: 'Trung tâm giám sát điều hành thông minh tỉnh Cà Mau', owner: { code: '96' } });
    const after = await counts();
    const again = await importData(EXAMPLE_CSV, 'CSV', false);
    expect(again).toMatchObject({ applied: true, unchanged: 3, changes: [], errors: [] });
    expect(await counts()).toEqual(after);
  });

  it('lists every problem with its row and writes nothing, not even the valid rows', async () => {
    const before = await counts();
    const rows = [
      { type: 'system', code: 'T-IMPORT-OK', kind: 'DATABASE', name: 'Hợp lệ', owner: '96' },
      {
        type: 'connectionStatus',
        consumer: 'NOPE',
        provider: 'NDXP',
        status: 'CONNECTED',
        date: '2024-01-01',
        documentKey: 'camau-2023-02-10',
        quote: 'x',
      },
      {
        type: 'observation',
        key: 'bad',
        indicator: 'platform.systems_connected',
        agency: '96',
        value: '12,5',
        asOf: '2024-13-01',
        quote: 'q',
        documentKey: 'nope',
      },
      { type: 'spreadsheet' },
      {
        type: 'connectionStatus',
        consumer: 'TTHC-96',
        provider: 'CSDLQG-DC',
        status: 'WORKING',
        date: '2024-01-01',
        documentKey: 'camau-2023-02-10',
        quote: 'x',
      },
    ];
    const result = await importData(JSON.stringify(rows), 'JSON', false);
    expect(result.applied).toBe(false);
    const byRow = (row: number) => result.errors.filter((e: any) => e.row === row).map((e: any) => e.field);
    expect(byRow(1)).toEqual([]);
    expect(byRow(2)).toContain('consumerCode');
    expect(byRow(3)).toEqual(expect.arrayContaining(['value', 'asOf']));
    expect(byRow(4)).toEqual(['type']);
    expect(byRow(5)).toEqual(['status']);
    expect(await counts()).toEqual(before);
  });

  it("applies the same authorization as the API: an editor's rows for another province are refused", async () => {
    const rows = [
      { type: 'system', code: 'T-CAMAU-DB', kind: 'DATABASE', name: 'CSDL Cà Mau', owner: '96' },
      { type: 'system', code: 'T-LAMDONG-DB', kind: 'DATABASE', name: 'CSDL Lâm Đồng', owner: '68' },
    ];
    const result = await importData(JSON.stringify(rows), 'JSON', false, caMau);
    expect(result.applied).toBe(false);
    expect(result.errors).toEqual([expect.objectContaining({ row: 2, code: 'FORBIDDEN' })]);
    expect((await app.query(`{ informationSystem(code: "T-CAMAU-DB") { code } }`)).informationSystem).toBeNull();
  });

  it('runs from the command line: npm run import -- <file> [--dry-run]', async () => {
    const run = promisify(execFile);
    const cli = (...args: string[]) =>
      run(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', 'scripts/import.ts', ...args], {
        env: { ...process.env, DATABASE_URL: app.databaseUrl, SEED_ON_START: 'false' },
      });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lt-import-')), 'rows.json');
    fs.writeFileSync(file, EXAMPLE_JSON);
    const dry = await cli(file, '--dry-run');
    expect(dry.stdout).toContain('dry run: nothing written');
    const real = await cli(file);
    expect(real.stdout).toMatch(/2 rows, \d+ changes?, \d+ unchanged, 0 problems: applied/);
    const entries = await app.query(`{ observations(filter: { agencyCode: "96" }, first: 100) { nodes { key } } }`);
    expect(entries.observations.nodes).toContainEqual({ key: 'camau.egov.accounts.2024-q1' });
    const bad = path.join(path.dirname(file), 'bad.json');
    fs.writeFileSync(bad, '[{"type":"system"}]');
    const failed = await cli(bad).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('row 1: BAD_USER_INPUT code');
  });
});
