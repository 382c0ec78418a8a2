import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Reads as prepared statements with `$n` parameters (src/db/direct-reads.ts), on the PostgreSQL server. */
let app: TestApp;
let inline: TestApp;
beforeAll(async () => {
  [app, inline] = await Promise.all([startTestApp(), startTestApp({}, { DB_PREPARED_READS: 'false' })]);
}, 120_000);
afterAll(async () => {
  await Promise.all([app?.stop(), inline?.stop()]);
});

const LOOKUP = `query($code: String!) { informationSystem(code: $code) { code name owner { code } } }`;

describe('prepared reads', () => {
  it('send values as parameters, never in the text; DB_PREPARED_READS=false goes through the ORM as before', async () => {
    app.resetQueries();
    inline.resetQueries();
    expect((await app.query(LOOKUP, { code: 'CSDLQG-DC' })).informationSystem.code).toBe('CSDLQG-DC');
    expect((await inline.query(LOOKUP, { code: 'CSDLQG-DC' })).informationSystem.code).toBe('CSDLQG-DC');
    expect(app.queries.some((q) => q.includes('$1'))).toBe(true);
    expect(app.queries.join('\n')).not.toContain('CSDLQG-DC');
    // Through the ORM (which formats the values into the text it sends; its log shows the placeholders).
    expect(inline.queries.join('\n')).not.toContain('$1');
    expect(inline.queries.join('\n')).toContain('t.code in (?)');
  });

  it('keep answering when another process changes a table under statements already prepared (a rolling upgrade)', async () => {
    const lookups = () => Promise.all(Array.from({ length: 12 }, () => app.execute(LOOKUP, { code: 'NDXP' })));
    // Prepared on several pooled connections at once.
    for (const r of await lookups()) expect(r.errors).toBeUndefined();
    const other = new pg.Client({ connectionString: app.databaseUrl });
    await other.connect();
    try {
      await other.query('alter table information_system add column added_by_test int');
      const after = await lookups();
      expect(after.map((r) => r.errors ?? null)).toEqual(after.map(() => null));
      expect(after.every((r) => (r.data as any).informationSystem.code === 'NDXP')).toBe(true);
    } finally {
      await other.query('alter table information_system drop column if exists added_by_test');
      await other.end();
    }
  });
});
