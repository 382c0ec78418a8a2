import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The questions a national dashboard asks most, against the seed data on the PostgreSQL server. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

const MATRIX = `query($asOf: Date, $codes: [String!]!) {
  integrationMatrix(systemCodes: $codes, asOf: $asOf) {
    asOf agencies { code validFrom } systems { code }
    rows { agency { code } connected known total text }
    columns { system { code } connected known total text ratio reported { text observation { asOf evidence { quote } } } }
    cells { agency { code } system { code } status statusSince owns through { code } connection { key } evidence { quote document { key } } }
  }
}`;

async function errorOf(query: string, variables: Record<string, unknown> = {}) {
  const result = await app.execute(query, variables);
  expect(result.errors, JSON.stringify(result.data)).toBeDefined();
  return { code: result.errors![0].extensions?.code, message: result.errors![0].message };
}

describe('integration matrix', () => {
  it('2024: the 63 provinces x the population database, NDXP and the public service portal, each cell with its evidence; the counts are those of its cells', async () => {
    const m = (await app.query(MATRIX, { asOf: '2024-01-01', codes: ['CSDLQG-DC', 'NDXP', 'CDVCQG'] })).integrationMatrix;
    expect(m.agencies).toHaveLength(63);
    expect(m.systems.map((s: any) => s.code)).toEqual(['CSDLQG-DC', 'NDXP', 'CDVCQG']);
    expect(m.cells).toHaveLength(63 * 3);
    const cell = (agency: string, system: string) => m.cells.find((c: any) => c.agency.code === agency && c.system.code === system);
    expect(cell('96', 'CSDLQG-DC')).toMatchObject({
      status: 'CONNECTED',
      statusSince: '2023-02-10',
      through: { code: 'TTHC-96' },
      connection: { key: 'TTHC-96>CSDLQG-DC' },
    });
    expect(cell('96', 'CSDLQG-DC').evidence.quote).toMatch(/cơ sở dữ liệu quốc gia về dân cư/);
    expect(cell('68', 'NDXP')).toMatchObject({ status: 'CONNECTED', through: { code: 'LGSP-68' }, connection: { key: 'LGSP-68>NDXP' } });
    expect(cell('01', 'NDXP')).toMatchObject({ status: null, connection: null, evidence: null, owns: false });
    // Every row and column count is what its cells say.
    for (const row of m.rows) {
      const cells = m.cells.filter((c: any) => c.agency.code === row.agency.code);
      expect(row).toMatchObject({
        connected: cells.filter((c: any) => c.status === 'CONNECTED').length,
        known: cells.filter((c: any) => c.status).length,
        total: 3,
      });
    }
    const column = (code: string) => m.columns.find((c: any) => c.system.code === code);
    expect(column('CSDLQG-DC')).toMatchObject({ connected: 1, known: 1, total: 63, text: '1/63' });
    // Beside it, what the agencies reported: 63/63 localities connected to the population database.
    expect(column('CSDLQG-DC').reported.text).toBe('63/63');
    expect(column('NDXP').reported).toBeNull();
  });

  it('a date before a connection was made: the cell is empty and the column counts 0', async () => {
    const m = (await app.query(MATRIX, { asOf: '2023-07-01', codes: ['NDXP'] })).integrationMatrix;
    expect(m.cells.find((c: any) => c.agency.code === '68')).toMatchObject({ status: null });
    expect(m.columns[0]).toMatchObject({ connected: 0, known: 0, text: '0/63' });
  });

  it('today: the 34 provinces of 2025, each reaching the systems of the provinces merged into it', async () => {
    const m = (await app.query(MATRIX, { codes: ['NDXP', 'CDVCQG', 'CSDLQG-DC'] })).integrationMatrix;
    expect(m.agencies).toHaveLength(34);
    expect(m.agencies.every((a: any) => a.validFrom === '2025-07-01' || a.validFrom === null)).toBe(true);
    const lamDong = m.rows.find((r: any) => r.agency.code === '68');
    expect(lamDong).toMatchObject({ connected: 2, total: 3, text: '2/3' });
    expect(m.cells.find((c: any) => c.agency.code === '68' && c.system.code === 'NDXP').through.code).toBe('LGSP-68');
    expect(m.columns.find((c: any) => c.system.code === 'NDXP').text).toBe('1/34');
  });

  it('ministries as rows: a ministry owning the column system is marked as its owner, not as connected', async () => {
    const m = (
      await app.query(
        `{ integrationMatrix(systemCodes: ["CSDLQG-DC"], agencyCodes: ["BCA", "BTTTT"], asOf: "2024-01-01") { cells { agency { code } owns status } } }`,
      )
    ).integrationMatrix;
    expect(m.cells).toEqual([
      { agency: { code: 'BCA' }, owns: true, status: expect.anything() },
      { agency: { code: 'BTTTT' }, owns: false, status: null },
    ]);
  });

  it('is answered in at most two statements (the matrix, the reported figures), and one more per kind of entity asked for in the cells', async () => {
    app.resetQueries();
    await app.query(
      `{ integrationMatrix(systemCodes: ["CSDLQG-DC", "NDXP"], asOf: "2024-01-01") { rows { text } columns { text reported { text } } cells { status } } }`,
    );
    // The reported figures may come from the read cache (an earlier test asked for them): then only the matrix.
    expect(app.queries.length).toBeLessThanOrEqual(2);
    expect(app.queries[0]).toMatch(/with recursive rows_/);
    app.resetQueries();
    await app.query(MATRIX, { asOf: '2024-01-01', codes: ['CSDLQG-DC', 'NDXP', 'CDVCQG'] });
    // + connections, their systems (through), evidence, and the evidence's documents: each batched once.
    expect(app.queries.length).toBeLessThanOrEqual(6);
  });

  it('refuses what it cannot answer, naming the argument', async () => {
    const q = `query($codes: [String!]!, $kinds: [AgencyKind!]) { integrationMatrix(systemCodes: $codes, agencyKinds: $kinds) { asOf } }`;
    expect(await errorOf(q, { codes: [] })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/"systemCodes" takes 1 to 20/) });
    expect(await errorOf(q, { codes: Array.from({ length: 21 }, (_, i) => `S${i}`) })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await errorOf(q, { codes: ['NDXP', 'NDXP'] })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/twice/) });
    expect(await errorOf(q, { codes: ['NDXP', 'NO-SUCH'] })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/"NO-SUCH"/) });
    expect(await errorOf(q, { codes: ['NDXP'], kinds: ['COMMUNE'] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/rows \(at most 500\)/),
    });
  });
});

describe('group-by counts', () => {
  it('connections by status and owner kind add up to every connection existing on the date', async () => {
    const d =
      await app.query(`{ groups: connectionCounts(groupBy: [STATUS, CONSUMER_OWNER_KIND]) { status consumerOwnerKind count } all: connectionCounts(groupBy: []) { count }
      connections(first: 100) { totalCount nodes { status consumer { owner { kind } } } } }`);
    expect(d.all).toEqual([{ count: d.connections.totalCount }]);
    const expected = new Map<string, number>();
    for (const c of d.connections.nodes)
      expected.set(`${c.status}/${c.consumer.owner.kind}`, (expected.get(`${c.status}/${c.consumer.owner.kind}`) ?? 0) + 1);
    expect(new Map(d.groups.map((g: any) => [`${g.status}/${g.consumerOwnerKind}`, g.count]))).toEqual(expected);
    const counts = d.groups.map((g: any) => g.count);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
  });

  it('on a date: only what existed then, with its status then', async () => {
    const d = await app.query(`{ connectionCounts(groupBy: [STATUS], asOf: "2020-09-01") { status count } }`);
    expect(d.connectionCounts).toEqual([{ status: 'PLANNED', count: 2 }]);
  });

  it('systems by kind and owner are the systems list counted', async () => {
    const d = await app.query(
      `{ systemCounts(groupBy: [KIND, OWNER]) { kind owner { code } status count } informationSystems(first: 100) { totalCount nodes { kind owner { code } } } }`,
    );
    const expected = new Map<string, number>();
    for (const s of d.informationSystems.nodes) expected.set(`${s.kind}/${s.owner.code}`, (expected.get(`${s.kind}/${s.owner.code}`) ?? 0) + 1);
    expect(new Map(d.systemCounts.map((g: any) => [`${g.kind}/${g.owner.code}`, g.count]))).toEqual(expected);
    expect(d.systemCounts.every((g: any) => g.status === null)).toBe(true);
  });

  it('a field named twice is refused', async () => {
    expect(await errorOf(`{ systemCounts(groupBy: [KIND, KIND]) { count } }`)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: expect.stringMatching(/"groupBy" names a field twice/),
    });
  });
});

describe('agency roll-ups', () => {
  it("today's Lâm Đồng rolls up the systems of the three provinces merged into it, each once; one statement for a page of agencies", async () => {
    app.resetQueries();
    const d = await app.query(
      `{ agencies(first: 40, filter: { kinds: [PROVINCE, CENTRAL_CITY] }) { nodes { code rollup { systems connections connectionsByStatus { value count } succeeded { code validTo } } } } }`,
    );
    const rollupStatements = app.queries.filter((q) => q.includes('succeeded(root, unit_id)'));
    expect(rollupStatements).toHaveLength(1);
    const lamDong = d.agencies.nodes.find((a: any) => a.code === '68').rollup;
    expect(lamDong.succeeded.map((a: any) => a.code).sort()).toEqual(['60', '67', '68']);
    const old = await app.query(`{ informationSystems(first: 100) { nodes { code owner { code validTo } } } }`);
    const ofOldLamDong = old.informationSystems.nodes.filter((s: any) => s.owner.code === '68');
    expect(lamDong.systems).toBe(ofOldLamDong.length);
    expect(lamDong.connectionsByStatus).toEqual([{ value: 'CONNECTED', count: 3 }]);
  });

  it('before the merger, the old province rolls up only itself', async () => {
    const d = await app.query(
      `{ agencies(filter: { code: "68", validOn: "2024-01-01" }) { nodes { validTo rollup(asOf: "2024-01-01") { systems succeeded { code } } } } }`,
    );
    expect(d.agencies.nodes[0]).toMatchObject({ validTo: '2025-06-30', rollup: { succeeded: [] } });
    expect(d.agencies.nodes[0].rollup.systems).toBeGreaterThan(5);
  });
});

describe('systems on a date', () => {
  const codes = async (filter: Record<string, unknown>) =>
    (
      await app.query(`query($f: SystemFilter) { informationSystems(first: 100, filter: $f) { nodes { code } } }`, { f: filter })
    ).informationSystems.nodes
      .map((s: any) => s.code)
      .sort();

  it('statuses match the lifecycle status on the date, and systems begun later are left out', async () => {
    expect(await codes({ statuses: ['IN_DEVELOPMENT'], asOf: '2021-01-01' })).toEqual(['CSDLQG-DC', 'CSDLQG-DD']);
    expect(await codes({ statuses: ['IN_DEVELOPMENT'] })).toEqual(['CSDLQG-DD']);
    // Begun by then, plus the systems without any lifecycle entry (the hub does not know when they began).
    expect(await codes({ asOf: '2021-01-01' })).toEqual(['BHYT', 'CBCCVC-68', 'CDVCQG', 'CSDL-CCCD', 'CSDLQG-DC', 'CSDLQG-DD', 'DKPT', 'GPLX']);
    expect((await codes({ asOf: '2030-01-01' })).length).toBe((await codes({})).length);
  });
});
