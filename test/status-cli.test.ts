import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * The status command as users run it: `npm run -s status -- ...` (the typed client, src/client/status.ts) against a
 * hub on its own database. Every command x format x (empty, non-empty); every bad argument exits 2 with a message
 * before anything is sent; a hub that needs a key takes it from --api-key or LIEN_THONG_API_KEY and refuses a bad
 * one; an unreachable hub is named by its URL. Expected rows are read with SQL.
 */

const run = promisify(execFile);
let app: TestApp;
let url: string;
let locked: TestApp;
let lockedUrl: string;
let readerKey: string;

const sql = (query: string, params: unknown[] = []): Promise<Record<string, any>[]> => app.orm.em.fork().getConnection().execute(query, params);

beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
  url = await app.listen();
  // A system with no connection and an agency that owns no system: the empty answers.
  await sql(`insert into information_system (code, kind, name, owner_id, search_text)
    values ('CLI-LONELY', 'DATABASE', 'CLI lonely', (select id from agency where code = '68' and valid_to is null), 'cli lonely')`);
  await sql(`insert into agency (code, kind, name, name_ascii, search_text) values ('CLI-EMPTY', 'OTHER', 'CLI empty', 'CLI empty', 'cli empty')`);
  locked = await startTestApp({}, { ANONYMOUS_READ: 'false', RATE_LIMIT_PER_MINUTE: '0' });
  lockedUrl = await locked.listen();
  readerKey = (await createApiKey(locked.orm.em.fork(), { name: 'cli reader', role: 'reader', agencyCodes: [] })).key;
}, 120_000);
afterAll(async () => {
  await app?.stop();
  await locked?.stop();
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s status -- <args>`, as a user types it; never throws. */
async function status(args: string[], env: Record<string, string> = {}, hubUrl: string | null = url): Promise<Outcome> {
  const { LIEN_THONG_API_KEY: _, ...inherited } = process.env;
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'status', '--', ...(hubUrl ? ['--url', hubUrl] : []), ...args], {
      env: { ...inherited, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code, stdout: error.stdout, stderr: error.stderr };
  }
}

const csvLines = (stdout: string) => stdout.trimEnd().split('\n');

describe('every command x format x (empty, non-empty)', () => {
  const CASES = [
    { command: 'connections', full: ['--province', '68'], empty: ['--platform', 'CLI-LONELY'], key: 'key', column: 'consumer_code' },
    { command: 'summary', full: ['--province', '68'], empty: ['--province', 'CLI-EMPTY'], key: 'code', column: 'connected' },
    { command: 'observations', full: ['--agency', '68'], empty: ['--agency', '68', '--from', '2099-01-01'], key: 'key', column: 'quote' },
  ];
  const expected = async (command: string): Promise<string[]> => {
    if (command === 'connections')
      return (
        await sql(`select distinct c.key from connection c join information_system s on s.id in (c.consumer_id, c.provider_id, c.via_id)
          join agency a on a.id = s.owner_id where a.code = '68'`)
      ).map((r) => r.key);
    if (command === 'summary')
      return (await sql(`select s.code from information_system s join agency a on a.id = s.owner_id where a.code = '68'`)).map((r) => r.code);
    return (await sql(`select o.key from observation o join agency a on a.id = o.agency_id where a.code = '68'`)).map((r) => r.key);
  };

  describe.each(CASES)('$command', ({ command, full, empty, key, column }) => {
    it('CSV: a header and one line per item', async () => {
      const out = await status([command, '--format', 'csv', ...full]);
      expect(out.code, out.stderr).toBe(0);
      const [header, ...lines] = csvLines(out.stdout);
      const columns = header.split(',');
      expect(columns).toContain(key);
      expect(columns).toContain(column);
      const want = await expected(command);
      expect(lines.length).toBe(want.length);
      expect(want.length).toBeGreaterThan(0);
      expect(out.stderr).toContain(`${want.length} row`);
    });

    it('JSON: one object per item, the same items', async () => {
      const out = await status([command, '--format', 'json', ...full]);
      expect(out.code, out.stderr).toBe(0);
      const rows = JSON.parse(out.stdout);
      expect(rows.map((r: any) => r[key]).sort()).toEqual((await expected(command)).sort());
      expect(Object.keys(rows[0])).toContain(column);
    });

    it('CSV of an empty answer: the header alone', async () => {
      const full_ = await status([command, '--format', 'csv', ...full]);
      const out = await status([command, '--format', 'csv', ...empty]);
      expect(out.code, out.stderr).toBe(0);
      expect(csvLines(out.stdout)).toEqual([csvLines(full_.stdout)[0]]);
      expect(out.stderr).toContain('0 rows');
    });

    it('JSON of an empty answer: []', async () => {
      const out = await status([command, '--format', 'json', ...empty]);
      expect(out.code, out.stderr).toBe(0);
      expect(JSON.parse(out.stdout)).toEqual([]);
    });
  });

  it('observations carry their quote and document, and take the API list filters', async () => {
    const [figure] = await sql(`select o.key, i.code as indicator, e.quote, d.key as document, o.role, o.as_of::text as as_of from observation o
      join indicator i on i.id = o.indicator_id join evidence e on e.id = o.evidence_id join source_document d on d.id = e.document_id
      join agency a on a.id = o.agency_id where a.code = '68' order by o.id limit 1`);
    const out = await status([
      'observations',
      '--format',
      'json',
      '--agency',
      '68',
      '--indicator',
      figure.indicator,
      '--document',
      figure.document,
      '--role',
      figure.role,
      '--from',
      figure.as_of,
      '--to',
      figure.as_of,
    ]);
    expect(out.code, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout);
    expect(rows).toContainEqual(
      expect.objectContaining({ key: figure.key, quote: figure.quote, document_key: figure.document, as_of: figure.as_of }),
    );
    for (const row of rows) expect(row).toMatchObject({ indicator_code: figure.indicator, document_key: figure.document, role: figure.role });
  });

  it('prints system summaries as JSON, filtered by platform (the --summary flag still works)', async () => {
    const out = await status(['--format', 'json', '--summary', '--platform', 'LGSP-68']);
    expect(JSON.parse(out.stdout)).toEqual([
      expect.objectContaining({ code: 'LGSP-68', text: '15/23', basis: 'REPORTED', quote: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL' }),
    ]);
  });
});

describe('bad arguments: exit 2 with a message, nothing printed on stdout', () => {
  it.each([
    [['--format', 'xml'], /--format must be csv or json/],
    [['--status', 'CONNECTED,BOGUS'], /--status: unknown status BOGUS/],
    [['summary', '--as-of', '2024-13'], /--as-of must be a date/],
    [['observations', '--from', '2025-02-01', '--to', '2025-01-01'], /--from \(2025-02-01\) is after --to/],
    [['observations', '--from', 'yesterday'], /--from must be a date/],
    [['observations', '--role', 'PLANNED'], /--role must be ACTUAL or TARGET/],
    [['observations', '--agency', ','], /--agency needs at least one agency code/],
    [['observations', '--province', '68'], /--province does not apply to the observations command/],
    [['connections', '--indicator', 'x'], /--indicator does not apply to the connections command/],
    [['summary', '--status', 'CONNECTED'], /--status does not apply to the summary command/],
    [['observations', '--summary'], /--summary does not apply to the observations command/],
    [['figures'], /unknown command "figures"/],
    [['connections', 'summary'], /one command at a time/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--province', 'NO-SUCH'], /no agency has the code "NO-SUCH"/],
    [['--platform', 'NO-SUCH'], /no information system has the code "NO-SUCH"/],
    [['summary', '--province', 'NO-SUCH'], /no agency has the code "NO-SUCH"/],
    [['observations', '--indicator', 'no.such'], /no indicator has the code "no.such"/],
    [['observations', '--agency', '68,NO-SUCH,96'], /no agency has the code "NO-SUCH"/],
    [['observations', '--system', 'NO-SUCH'], /no information system has the code "NO-SUCH"/],
  ])('%j', async (args, message) => {
    const out = await status(args);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
  });
});

describe('API key', () => {
  it('a hub that needs a key refuses the command without one (exit 1, says so)', async () => {
    const out = await status(['--province', '68'], {}, lockedUrl);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/status failed: .*API key.*\(UNAUTHENTICATED\)/);
  });

  it('sends the key of --api-key or of LIEN_THONG_API_KEY', async () => {
    const byOption = await status(['observations', '--format', 'json', '--agency', '68', '--api-key', readerKey], {}, lockedUrl);
    expect(byOption.code, byOption.stderr).toBe(0);
    expect(JSON.parse(byOption.stdout).length).toBeGreaterThan(0);
    const byEnv = await status(['--province', '68'], { LIEN_THONG_API_KEY: readerKey }, lockedUrl);
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(csvLines(byEnv.stdout).length).toBeGreaterThan(1);
  });

  it('a wrong or malformed key is refused with the hub’s reason (exit 1)', async () => {
    const wrongSecret = `${readerKey.slice(0, -1)}${readerKey.endsWith('a') ? 'b' : 'a'}`;
    const wrong = await status(['--province', '68', '--api-key', wrongSecret], {}, lockedUrl);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/status failed: The API key is not valid\. \(UNAUTHENTICATED\)/);
    const malformed = await status(['--province', '68'], { LIEN_THONG_API_KEY: 'not-a-key' }, lockedUrl);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/status failed: The API key is malformed/);
  });
});

describe('an unreachable hub', () => {
  it('is named by its URL, with the reason, exit 1', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const out = await status(['--province', '68'], {}, `http://127.0.0.1:${port}/graphql`);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`cannot reach the hub at http://127.0.0.1:${port}/graphql: ECONNREFUSED`);
    expect(out.stdout).toBe('');
  });
});
