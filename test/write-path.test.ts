import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  const em = app.orm.em.fork();
  keys.admin = (await createApiKey(em, { name: 'admin', role: 'admin', agencyCodes: [] })).key;
  keys.lamDong = (await createApiKey(em, { name: 'lam-dong-editor', role: 'editor', agencyCodes: ['68'] })).key;
  keys.caMau = (await createApiKey(em, { name: 'ca-mau-editor', role: 'editor', agencyCodes: ['96'] })).key;
  keys.reader = (await createApiKey(em, { name: 'reader', role: 'reader', agencyCodes: [] })).key;
});
afterAll(async () => {
  await app?.stop();
});

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

const code = (r: { body: any }) => r.body.errors?.[0]?.extensions?.code ?? 'OK';
const exec = (sql: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(sql, params);
const count = async (table: string) => Number((await exec(`select count(*)::int as n from ${table}`))[0].n);

const EVIDENCE = { document: { title: 'Báo cáo thử nghiệm', publishedAt: '2024-03-01' }, quote: 'đã kết nối thêm hệ thống' };

const SET_STATUS = `mutation($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { key status statusSince version history { status occurredOn } } } }`;
const CREATE_SYSTEM = `mutation($input: CreateInformationSystemInput!) { createInformationSystem(input: $input) { informationSystem { code name version status owner { code } } } }`;
const UPDATE_SYSTEM = `mutation($input: UpdateInformationSystemInput!) { updateInformationSystem(input: $input) { informationSystem { code name version } } }`;
const RECORD = `mutation($input: RecordObservationInput!) { recordObservation(input: $input) { observation { id key value version agency { code } evidence { quote } } } }`;
const DELETE = `mutation($input: DeleteObservationInput!) { deleteObservation(input: $input) { deletedObservationId } }`;
const CREATE_AGENCY = `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { agency { code name } } }`;
const UPDATE_AGENCY = `mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { agency { name version } } }`;

describe('authorization of every mutation for every role', () => {
  it("setConnectionStatus: admin and the owning province's editor only", async () => {
    const input = (date: string) => ({ consumerCode: 'TTHC-68', providerCode: 'CDVCQG', status: 'CONNECTED', date, evidence: EVIDENCE });
    expect(code(await gql(SET_STATUS, { input: input('2024-01-02') }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(SET_STATUS, { input: input('2024-01-02') }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(SET_STATUS, { input: input('2024-01-02') }, keys.caMau))).toBe('FORBIDDEN');
    expect(code(await gql(SET_STATUS, { input: input('2024-01-02') }, keys.lamDong))).toBe('OK');
    expect(code(await gql(SET_STATUS, { input: input('2024-01-03') }, keys.admin))).toBe('OK');
    expect(code(await gql(SET_STATUS, { input: { ...input('2024-01-04'), consumerCode: 'TTHC-96', providerCode: 'CSDLQG-DC' } }, keys.lamDong))).toBe(
      'FORBIDDEN',
    );
    expect(code(await gql(SET_STATUS, { input: { ...input('2024-01-04'), consumerCode: 'TTHC-96', providerCode: 'CSDLQG-DC' } }, keys.caMau))).toBe(
      'OK',
    );
  });

  it('createInformationSystem and updateInformationSystem: scoped to the owner', async () => {
    const system = (c: string, owner: string) => ({ code: c, kind: 'DATABASE', name: `CSDL thử ${c}`, ownerCode: owner });
    expect(code(await gql(CREATE_SYSTEM, { input: system('T-DB-1', '68') }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(CREATE_SYSTEM, { input: system('T-DB-1', '68') }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(CREATE_SYSTEM, { input: system('T-DB-1', '68') }, keys.caMau))).toBe('FORBIDDEN');
    const created = await gql(CREATE_SYSTEM, { input: system('T-DB-1', '68') }, keys.lamDong);
    expect(created.body.data.createInformationSystem.informationSystem).toMatchObject({ code: 'T-DB-1', version: 1, owner: { code: '68' } });
    expect(code(await gql(CREATE_SYSTEM, { input: system('T-DB-2', '96') }, keys.admin))).toBe('OK');
    const update = { code: 'T-DB-1', version: 1, name: 'CSDL thử nghiệm đổi tên' };
    expect(code(await gql(UPDATE_SYSTEM, { input: update }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(UPDATE_SYSTEM, { input: update }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(UPDATE_SYSTEM, { input: update }, keys.caMau))).toBe('FORBIDDEN');
    expect((await gql(UPDATE_SYSTEM, { input: update }, keys.lamDong)).body.data.updateInformationSystem.informationSystem).toEqual({
      code: 'T-DB-1',
      name: 'CSDL thử nghiệm đổi tên',
      version: 2,
    });
    expect(code(await gql(UPDATE_SYSTEM, { input: { ...update, version: 2, name: 'Admin đổi' } }, keys.admin))).toBe('OK');
  });

  it("recordObservation and deleteObservation: scoped to the figure's agency or system", async () => {
    const figure = (key: string, agencyCode: string) => ({
      key,
      indicatorCode: 'platform.systems_connected',
      agencyCode,
      value: 16,
      asOf: '2024-02-01',
      evidence: EVIDENCE,
    });
    expect(code(await gql(RECORD, { input: figure('t.fig.1', '68') }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(RECORD, { input: figure('t.fig.1', '68') }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(RECORD, { input: figure('t.fig.1', '68') }, keys.caMau))).toBe('FORBIDDEN');
    const recorded = (await gql(RECORD, { input: figure('t.fig.1', '68') }, keys.lamDong)).body.data.recordObservation.observation;
    expect(recorded).toMatchObject({ key: 't.fig.1', value: 16, version: 1, agency: { code: '68' } });
    expect(code(await gql(RECORD, { input: figure('t.fig.2', '96') }, keys.admin))).toBe('OK');
    const del = { id: recorded.id, version: 1 };
    expect(code(await gql(DELETE, { input: del }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(DELETE, { input: del }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(DELETE, { input: del }, keys.caMau))).toBe('FORBIDDEN');
    expect((await gql(DELETE, { input: del }, keys.lamDong)).body.data.deleteObservation.deletedObservationId).toBe(recorded.id);
  });

  it("createAgency: admin only; updateAgency: admin or the agency's editor", async () => {
    const agency = { code: 'SO-TT-68', kind: 'PROVINCIAL_BODY', name: 'Sở Thử nghiệm Lâm Đồng', parentCode: '68' };
    for (const key of [undefined, keys.reader, keys.lamDong, keys.caMau]) {
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(code(await gql(CREATE_AGENCY, { input: agency }, key)));
    }
    expect(code(await gql(CREATE_AGENCY, { input: agency }, keys.admin))).toBe('OK');
    const { id, version } = (await app.query(`{ agency(code: "SO-TT-68") { id version } }`)).agency;
    const rename = { id, version, name: 'Sở Thử nghiệm tỉnh Lâm Đồng' };
    expect(code(await gql(UPDATE_AGENCY, { input: rename }))).toBe('UNAUTHENTICATED');
    expect(code(await gql(UPDATE_AGENCY, { input: rename }, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(UPDATE_AGENCY, { input: rename }, keys.caMau))).toBe('FORBIDDEN');
    expect(code(await gql(UPDATE_AGENCY, { input: rename }, keys.lamDong))).toBe('OK');
    expect(code(await gql(UPDATE_AGENCY, { input: { ...rename, version: version + 1, name: 'Sở TN' } }, keys.admin))).toBe('OK');
  });

  it('refuses revoked, malformed and unknown keys with UNAUTHENTICATED (HTTP 401)', async () => {
    const revoked = await createApiKey(app.orm.em.fork(), { name: 'gone', role: 'admin', agencyCodes: [] });
    await exec('update api_key set revoked_at = now() where id = ?', [revoked.id]);
    for (const key of [revoked.key, 'not-a-key', `${keys.admin.slice(0, -3)}xyz`]) {
      const r = await gql('{ __typename }', {}, key);
      expect(r.status).toBe(401);
      expect(code(r)).toBe('UNAUTHENTICATED');
    }
  });
});

describe('validation, locking and audit', () => {
  it('reports every bad field at once and writes nothing', async () => {
    const before = await Promise.all(['observation', 'evidence', 'source_document', 'audit_log'].map(count));
    const r = await gql(
      RECORD,
      {
        input: {
          key: 'Bad Key',
          indicatorCode: 'no.such.indicator',
          agencyCode: 'NOPE',
          numerator: 3,
          asOf: '2999-01-01',
          valueText: '3/4',
          evidence: { documentKey: 'lamdong-2023-07-12', quote: 'words that are not in the document' },
        },
      },
      keys.admin,
    );
    expect(code(r)).toBe('BAD_USER_INPUT');
    const fields = r.body.errors[0].extensions.fields.map((f: any) => f.field);
    expect(fields).toEqual(
      expect.arrayContaining(['input.key', 'input.denominator', 'input.asOf', 'input.valueText', 'input.indicatorCode', 'input.agencyCode']),
    );
    for (const f of r.body.errors[0].extensions.fields) expect(f.message.length).toBeGreaterThan(10);
    const quote = await gql(
      RECORD,
      {
        input: {
          indicatorCode: 'platform.systems_connected',
          agencyCode: '68',
          value: 1,
          asOf: '2023-07-12',
          evidence: { documentKey: 'lamdong-2023-07-12', quote: 'words that are not in the document' },
        },
      },
      keys.admin,
    );
    expect(quote.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.evidence.quote' });
    expect(await Promise.all(['observation', 'evidence', 'source_document', 'audit_log'].map(count))).toEqual(before);
  });

  it('refuses an update based on a stale version with CONFLICT, never losing the other update', async () => {
    await gql(CREATE_SYSTEM, { input: { code: 'T-LOCK', kind: 'OTHER', name: 'Khóa', ownerCode: '68' } }, keys.admin);
    const a = await gql(UPDATE_SYSTEM, { input: { code: 'T-LOCK', version: 1, name: 'Tên của A' } }, keys.admin);
    const b = await gql(UPDATE_SYSTEM, { input: { code: 'T-LOCK', version: 1, name: 'Tên của B' } }, keys.lamDong);
    expect(a.body.data.updateInformationSystem.informationSystem.version).toBe(2);
    expect(b.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', expectedVersion: 1, currentVersion: 2 });
    expect((await app.query(`{ informationSystem(code: "T-LOCK") { name } }`)).informationSystem.name).toBe('Tên của A');

    const status = await gql(
      SET_STATUS,
      { input: { consumerCode: 'LGSP-68', providerCode: 'NDXP', status: 'SUSPENDED', date: '2024-05-01', evidence: EVIDENCE, expectedVersion: 99 } },
      keys.admin,
    );
    expect(code(status)).toBe('CONFLICT');
  });

  it('keeps history, recomputes the current status, and treats the same status again as no change', async () => {
    const input = { consumerCode: 'LGSP-68', providerCode: 'NDXP', status: 'SUSPENDED', date: '2024-05-01', reason: 'bảo trì', evidence: EVIDENCE };
    const first = (await gql(SET_STATUS, { input }, keys.lamDong)).body.data.setConnectionStatus.connection;
    expect(first).toMatchObject({ status: 'SUSPENDED', statusSince: '2024-05-01' });
    const auditBefore = await count('audit_log');
    const again = (await gql(SET_STATUS, { input }, keys.lamDong)).body.data.setConnectionStatus.connection;
    expect(again.version).toBe(first.version);
    expect(await count('audit_log')).toBe(auditBefore);
    const older = (await gql(SET_STATUS, { input: { ...input, status: 'TESTING', date: '2023-01-01' } }, keys.lamDong)).body.data.setConnectionStatus
      .connection;
    expect(older.status).toBe('SUSPENDED');
    expect(older.history.map((h: any) => h.status)).toEqual(['TESTING', 'CONNECTED', 'SUSPENDED']);
  });

  it('writes an audit record for every change, queryable with filters and pagination', async () => {
    const all = await gql(
      `{ auditLog(first: 3) { totalCount nodes { actor action entityType entityKey changes requestId } pageInfo { hasNextPage endCursor } } }`,
      {},
      keys.admin,
    );
    const log = all.body.data.auditLog;
    expect(log.totalCount).toBeGreaterThan(10);
    expect(log.nodes).toHaveLength(3);
    const next = await gql(`query($a: String) { auditLog(first: 3, after: $a) { nodes { action } } }`, { a: log.pageInfo.endCursor }, keys.admin);
    expect(next.body.data.auditLog.nodes).toHaveLength(3);
    const renamed = await gql(`{ auditLog(filter: { entityKey: "T-LOCK", action: "system.update" }) { nodes { actor changes } } }`, {}, keys.admin);
    expect(renamed.body.data.auditLog.nodes).toEqual([{ actor: 'admin (key 1, admin)', changes: { name: { from: 'Khóa', to: 'Tên của A' } } }]);
    const mine = await gql(`{ auditLog { nodes { actor } } }`, {}, keys.caMau);
    expect(new Set(mine.body.data.auditLog.nodes.map((n: any) => n.actor))).toEqual(new Set([expect.stringContaining('ca-mau-editor')]));
    expect(code(await gql(`{ auditLog { totalCount } }`, {}, keys.reader))).toBe('FORBIDDEN');
    expect(code(await gql(`{ auditLog { totalCount } }`))).toBe('UNAUTHENTICATED');
  });
});

describe('mutation payloads', () => {
  it('every mutation takes one input and returns its clientMutationId with what it changed', async () => {
    const mutations = (await gql(`{ __schema { mutationType { fields { name args { name } type { ofType { name } } } } } }`)).body.data.__schema
      .mutationType.fields;
    for (const m of mutations) {
      expect(
        m.args.map((a: any) => a.name),
        m.name,
      ).toEqual(['input']);
      expect(m.type.ofType.name, m.name).toBe(`${m.name[0].toUpperCase()}${m.name.slice(1)}Payload`);
    }
    const created = await gql(
      `mutation($input: CreateInformationSystemInput!) { createInformationSystem(input: $input) { clientMutationId informationSystem { code version } query { informationSystem(code: "T-PAYLOAD") { name } } } }`,
      { input: { code: 'T-PAYLOAD', kind: 'OTHER', name: 'Tải trọng', ownerCode: '68', clientMutationId: 'req-42' } },
      keys.admin,
    );
    expect(created.body.data.createInformationSystem).toEqual({
      clientMutationId: 'req-42',
      informationSystem: { code: 'T-PAYLOAD', version: 1 },
      query: { informationSystem: { name: 'Tải trọng' } },
    });
    const imported = await gql(
      `mutation($input: ImportDataInput!) { importData(input: $input) { clientMutationId dryRun applied errors { message } } }`,
      { input: { format: 'JSON', content: '[]', clientMutationId: 'file-1' } },
      keys.admin,
    );
    expect(imported.body.data.importData).toMatchObject({ clientMutationId: 'file-1', dryRun: true });
    const without = await gql(
      `mutation($input: UpdateInformationSystemInput!) { updateInformationSystem(input: $input) { clientMutationId } }`,
      {
        input: { code: 'T-PAYLOAD', version: 1, nameEn: 'Payload' },
      },
      keys.admin,
    );
    expect(without.body.data.updateInformationSystem).toEqual({ clientMutationId: null });
  });

  it('keeps the coded errors, their fields pointing into the input', async () => {
    const bad = await gql(
      `mutation($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { key } } }`,
      { input: { consumerCode: 'LGSP-68', providerCode: 'NDXP', status: 'CONNECTED', date: '2999-01-01', evidence: { quote: '' } } },
      keys.admin,
    );
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = bad.body.errors[0].extensions.fields.map((f: any) => f.field);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(field).toMatch(/^input\./);
    const tooLong = await gql(
      `mutation($input: ImportDataInput!) { importData(input: $input) { applied } }`,
      { input: { format: 'CSV', content: 'x'.repeat(900_001) } },
      keys.admin,
    );
    expect(tooLong.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.content' });
  });
});
