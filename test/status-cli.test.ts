import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
let app: TestApp;
let url: string;
beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
});
afterAll(async () => {
  await app?.stop();
});

const status = (...args: string[]) =>
  run(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', 'src/client/status.ts', '--url', url, ...args]);

describe('npm run status', () => {
  it('prints the connections of a province as CSV', async () => {
    const { stdout } = await status('--format', 'csv', '--province', '68');
    const [header, ...lines] = stdout.trim().split('\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['consumer_code', 'provider_code', 'status', 'quote']));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(stdout).toContain('LGSP-68,');
    expect(stdout).toMatch(/LGSP-68>NDXP,LGSP-68,.*,NDXP,.*CONNECTED/);
  });

  it('prints system summaries as JSON, filtered by platform text', async () => {
    const { stdout } = await status('--format', 'json', '--summary', '--platform', 'LGSP-68');
    const rows = JSON.parse(stdout);
    expect(rows).toEqual([
      expect.objectContaining({ code: 'LGSP-68', text: '15/23', basis: 'REPORTED', quote: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL' }),
    ]);
  });

  it('refuses bad options with the usage text and exit code 2', async () => {
    const error = await status('--format', 'xml').catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('--format must be csv or json');
    expect(error.stderr).toContain('Usage: npm run status');
  });
});
