import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-embedded-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  it('boots on PGlite in DATA_DIR with the seed loaded, answers, and keeps its data across restarts', async () => {
    // From scratch (initdb, migrations, the seed); a start from the prepared snapshot is test/embedded-snapshot.test.ts.
    const env = { DATA_DIR: dataDir, NODE_ENV: 'test', PORT: '0', EMBEDDED_SNAPSHOT_DIR: 'off' };
    const first = await createApp(loadConfig(env));
    try {
      expect(first.seedReport?.loaded).toBe(true);
      const url = await first.listen();
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: '{ informationSystem(code: "LGSP-68") { connectionSummary { text evidence { quote } } } } ',
        }),
      });
      const body: any = await res.json();
      expect(body.data.informationSystem.connectionSummary).toEqual({
        text: '15/23',
        evidence: [{ quote: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL' }],
      });
      const search = await first.execute('{ a: search(query: "lam dong") { totalCount } b: search(query: "LÂM ĐỒNG") { totalCount } }');
      expect((search.data as any).a.totalCount).toBe((search.data as any).b.totalCount);
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(true);

    const second = await createApp(loadConfig(env));
    try {
      expect(second.seedReport?.loaded).toBe(false);
      const data = await second.execute('{ observations { totalCount } }');
      expect((data.data as any).observations.totalCount).toBe(102);
    } finally {
      await second.stop();
    }
  });
});
