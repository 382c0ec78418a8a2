import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A system's owner is dated: moves through the write API, the owner history, and the answers on a date. */
let app: TestApp;
let url: string;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
}, 120_000);
afterAll(async () => {
  await app?.stop();
});

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const HISTORY = `{ informationSystem(code: "LGSP-68") { version owner { code validFrom } ownerHistory { validFrom validTo owner { code validFrom validTo } evidence { quote } } } }`;
const UPDATE = `mutation($input: UpdateInformationSystemInput!) { updateInformationSystem(input: $input) { informationSystem { version owner { code validFrom } } } }`;
const EVIDENCE = {
  document: { title: 'Quyết định bàn giao hệ thống', publishedAt: '2025-07-01' },
  quote: 'bàn giao nền tảng LGSP cho tỉnh Lâm Đồng mới',
};

async function state() {
  const audits = Number((await app.orm.em.fork().getConnection().execute(`select count(*)::int as n from audit_log`))[0].n);
  return { system: (await app.query(HISTORY)).informationSystem, audits };
}

describe('owner history of a system', () => {
  it('a seeded system has one open period with the unit that owned it', async () => {
    const { system } = await state();
    expect(system.ownerHistory).toEqual([
      { validFrom: null, validTo: null, owner: { code: '68', validFrom: null, validTo: '2025-06-30' }, evidence: null },
    ]);
  });

  it('bad moves are refused field by field and change nothing', async () => {
    const before = await state();
    const cases: [Record<string, unknown>, string][] = [
      [{ ownerSince: '2025-07-01' }, 'ownerSince'],
      [{ ownerEvidence: EVIDENCE }, 'ownerEvidence'],
      [{ ownerCode: '68', ownerSince: '2999-01-01' }, 'ownerSince'],
    ];
    for (const [change, field] of cases) {
      const result = await gql(UPDATE, { input: { code: 'LGSP-68', version: before.system.version, ...change } });
      expect(result.errors?.[0]?.extensions, JSON.stringify(result)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(JSON.stringify(result.errors[0].extensions)).toContain(field);
    }
    expect(await state()).toEqual(before);
  });

  it("a move to today's Lâm Đồng from 1 July 2025: the old unit keeps it until the day before, with the move's evidence", async () => {
    const before = await state();
    const result = await gql(UPDATE, {
      input: { code: 'LGSP-68', version: before.system.version, ownerCode: '68', ownerSince: '2025-07-01', ownerEvidence: EVIDENCE },
    });
    expect(result.errors, JSON.stringify(result)).toBeUndefined();
    expect(result.data.updateInformationSystem.informationSystem.owner).toEqual({ code: '68', validFrom: '2025-07-01' });
    const after = await state();
    expect(after.system.ownerHistory).toEqual([
      { validFrom: null, validTo: '2025-06-30', owner: { code: '68', validFrom: null, validTo: '2025-06-30' }, evidence: null },
      { validFrom: '2025-07-01', validTo: null, owner: { code: '68', validFrom: '2025-07-01', validTo: null }, evidence: { quote: EVIDENCE.quote } },
    ]);
    expect(after.audits).toBe(before.audits + 1);
  });

  it('answers on a date follow the owner then, and count the system once', async () => {
    const matrix = `query($asOf: Date) { integrationMatrix(systemCodes: ["NDXP"], agencyCodes: ["68"], asOf: $asOf) { agencies { validFrom } cells { status through { code } } } }`;
    const then = (await app.query(matrix, { asOf: '2024-01-01' })).integrationMatrix;
    expect(then).toEqual({ agencies: [{ validFrom: null }], cells: [{ status: 'CONNECTED', through: { code: 'LGSP-68' } }] });
    const now = (await app.query(matrix)).integrationMatrix;
    expect(now).toEqual({ agencies: [{ validFrom: '2025-07-01' }], cells: [{ status: 'CONNECTED', through: { code: 'LGSP-68' } }] });
    // Today's Lâm Đồng owns LGSP-68 itself and also reaches it through its predecessor's history: counted once.
    const rollup = (await app.query(`{ agencies(filter: { code: "68" }) { nodes { rollup { systems connections } } } }`)).agencies.nodes[0].rollup;
    expect(rollup).toEqual({ systems: 11, connections: 3 });
    const owners = async (asOf: string) =>
      (
        await app.query(`query($asOf: Date) { systemCounts(groupBy: [OWNER], asOf: $asOf) { owner { code validFrom } count } }`, { asOf })
      ).systemCounts.filter((g: any) => g.owner.code === '68');
    expect(await owners('2024-01-01')).toEqual([{ owner: { code: '68', validFrom: null }, count: 11 }]);
    expect(await owners('2025-08-01')).toEqual([
      { owner: { code: '68', validFrom: null }, count: 10 },
      { owner: { code: '68', validFrom: '2025-07-01' }, count: 1 },
    ]);
  });

  it('a move dated before the current owner took over is refused, and the transaction leaves nothing behind', async () => {
    const before = await state();
    const result = await gql(UPDATE, { input: { code: 'LGSP-68', version: before.system.version, ownerCode: '96', ownerSince: '2025-01-01' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(result.errors[0].message + JSON.stringify(result.errors[0].extensions)).toMatch(/since 2025-07-01/);
    expect(await state()).toEqual(before);
  });

  it('a new system starts with one open period', async () => {
    const created = await gql(
      `mutation($input: CreateInformationSystemInput!) { createInformationSystem(input: $input) { informationSystem { code ownerHistory { validFrom validTo owner { code } } } } }`,
      {
        input: { code: 'T-OWN-1', kind: 'DATABASE', name: 'CSDL thử chủ sở hữu', ownerCode: '96' },
      },
    );
    expect(created.data.createInformationSystem.informationSystem.ownerHistory).toEqual([{ validFrom: null, validTo: null, owner: { code: '96' } }]);
  });

  it('lists on a date filter by the owner then', async () => {
    const version = (await app.query(`{ informationSystem(code: "T-OWN-1") { version } }`)).informationSystem.version;
    const moved = await gql(UPDATE, { input: { code: 'T-OWN-1', version, ownerCode: '68' } });
    expect(moved.errors, JSON.stringify(moved)).toBeUndefined();
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const owned = async (ownerCode: string, asOf: string) =>
      (
        await app.query(`query($f: SystemFilter) { informationSystems(first: 100, filter: $f) { nodes { code } } }`, { f: { ownerCode, asOf } })
      ).informationSystems.nodes.map((s: any) => s.code);
    expect(await owned('96', yesterday)).toContain('T-OWN-1');
    expect(await owned('96', today)).not.toContain('T-OWN-1');
    expect(await owned('68', today)).toContain('T-OWN-1');
    expect(await owned('68', yesterday)).not.toContain('T-OWN-1');
  });
});
