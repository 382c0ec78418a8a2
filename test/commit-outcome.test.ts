import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { toGlobalId } from '../src/graphql/node.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { createTestDatabase, serverUrl } from './support/database.js';
import { startPgWireProxy, type CutPoint, type PgWireProxy } from './support/pg-wire-proxy.js';

/**
 * A write under a database outage is answered for what it did: nothing (cut before COMMIT: DATABASE_UNAVAILABLE),
 * saved (COMMIT answered: the answer is built from the transaction, later reads fail with CHANGE_SAVED_READ_FAILED,
 * never 503), or unknown (COMMIT sent, no answer: COMMIT_OUTCOME_UNKNOWN naming what to read back). The hub talks
 * to its database through a proxy that cuts at each of those points; the database is then read directly.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: PgWireProxy;
let app: App;
let url: string;
let admin: string;
let direct: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  const server = new URL(serverUrl());
  proxy = await startPgWireProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const proxied = new URL(db.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  app = await createApp(
    loadConfig({ DATABASE_URL: proxied.toString(), NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' }),
  );
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
  direct = new pg.Client({ connectionString: db.url });
  await direct.connect();
}, 120_000);

afterAll(async () => {
  await direct?.end();
  await proxy?.restore().catch(() => undefined);
  await app?.stop();
  await proxy?.close();
  await db?.drop();
});

const one = async (sql: string, params: unknown[] = []) => (await direct.query(sql, params)).rows[0];

async function gql(query: string, variables: Record<string, unknown>, requestId: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': requestId },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as any };
}

/** The hub answers a keyed request from its database again (its pool reconnects on demand after `restore`). */
async function hubRecovered(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await gql('{ agencies(first: 1) { nodes { code } } }', {}, 'probe').catch(() => null);
    if (res?.status === 200 && !res.body.errors) return;
    if (Date.now() > deadline) throw new Error(`the hub did not recover: ${JSON.stringify(res?.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const EVIDENCE = { document: { title: 'Báo cáo thử nghiệm cắt kết nối', publishedAt: '2024-03-01' }, quote: 'đã kết nối thêm hệ thống' };

/** One write per case, distinct each time (`n`), and how to find it in the database. */
interface Mutation {
  field: string;
  /** The payload field holding the changed object (none for the import, whose payload is its result). */
  payload?: string;
  /** The operation, with `%s` where the answer's selection goes. */
  operation: string;
  /** Fields of the answer that are the changed row itself. */
  scalars: string;
  /** Fields that need reads of their own (loaders), after COMMIT; none for the import's answer. */
  nested?: string;
  prepare(n: number): Promise<{ variables: Record<string, unknown>; entityType: string; key: string; version: number }>;
  /** Rows of the change in the database: 0 when nothing was saved, 1 when saved once. */
  stored(n: number): Promise<number>;
  /** Checks the `scalars` of the answer. */
  answered(data: any, n: number, version: number, key: string): void;
}

let systemName = '';
let agencyName = '';
const MUTATIONS: Mutation[] = [
  {
    field: 'setConnectionStatus',
    payload: 'connection',
    operation: 'mutation($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { %s } } }',
    scalars: 'key status statusSince version',
    nested: 'history { status occurredOn } consumer { code }',
    async prepare(n) {
      const before = await one(`select version from connection where key = 'TTHC-68>CDVCQG'`);
      const date = `2024-01-${String(n).padStart(2, '0')}`;
      return {
        variables: {
          input: {
            consumerCode: 'TTHC-68',
            providerCode: 'CDVCQG',
            status: n % 2 ? 'SUSPENDED' : 'CONNECTED',
            date,
            reason: `cut ${n}`,
            evidence: EVIDENCE,
          },
        },
        entityType: 'Connection',
        key: 'TTHC-68>CDVCQG',
        version: before ? Number(before.version) + 1 : 1,
      };
    },
    async stored(n) {
      return Number(
        (
          await one(
            `select count(*)::int as n from connection_event e join connection c on c.id = e.connection_id
        where c.key = 'TTHC-68>CDVCQG' and e.reason = $1`,
            [`cut ${n}`],
          )
        ).n,
      );
    },
    answered(data, _n, version) {
      expect(data).toMatchObject({ key: 'TTHC-68>CDVCQG', version });
    },
  },
  {
    field: 'recordObservation',
    payload: 'observation',
    operation: 'mutation($input: RecordObservationInput!) { recordObservation(input: $input) { observation { %s } } }',
    scalars: 'key value version',
    nested: 'agency { code } evidence { quote }',
    async prepare(n) {
      return {
        variables: {
          input: {
            key: `cut.figure.${n}`,
            indicatorCode: 'platform.systems_connected',
            agencyCode: '68',
            value: n,
            asOf: '2024-02-01',
            evidence: EVIDENCE,
          },
        },
        entityType: 'Observation',
        key: `cut.figure.${n}`,
        version: 1,
      };
    },
    async stored(n) {
      return Number((await one('select count(*)::int as n from observation where key = $1', [`cut.figure.${n}`])).n);
    },
    answered(data, n) {
      expect(data).toMatchObject({ key: `cut.figure.${n}`, value: n, version: 1 });
    },
  },
  {
    field: 'updateInformationSystem',
    payload: 'informationSystem',
    operation: 'mutation($input: UpdateInformationSystemInput!) { updateInformationSystem(input: $input) { informationSystem { %s } } }',
    scalars: 'code name version',
    nested: 'owner { code }',
    async prepare(n) {
      const { version } = await one(`select version from information_system where code = 'LGSP-68'`);
      systemName = `Nền tảng LGSP Lâm Đồng (cắt ${n})`;
      return {
        variables: { input: { code: 'LGSP-68', version: Number(version), name: systemName } },
        entityType: 'InformationSystem',
        key: 'LGSP-68',
        version: Number(version) + 1,
      };
    },
    async stored() {
      return Number((await one('select count(*)::int as n from information_system where code = $1 and name = $2', ['LGSP-68', systemName])).n);
    },
    answered(data, _n, version) {
      expect(data).toMatchObject({ code: 'LGSP-68', name: systemName, version });
    },
  },
  {
    field: 'updateAgency',
    payload: 'agency',
    operation: 'mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { agency { %s } } }',
    scalars: 'code name version',
    nested: 'parent { code } systems(first: 1) { totalCount }',
    async prepare(n) {
      const { id, version } = await one(`select id, version from agency where code = '68' and valid_from is not null`);
      agencyName = `Lâm Đồng (cắt ${n})`;
      return {
        variables: { input: { id: toGlobalId('Agency', Number(id)), version: Number(version), name: agencyName } },
        entityType: 'Agency',
        key: '68',
        version: Number(version) + 1,
      };
    },
    async stored() {
      return Number((await one(`select count(*)::int as n from agency where code = '68' and name = $1`, [agencyName])).n);
    },
    answered(data, _n, version) {
      expect(data).toMatchObject({ code: '68', name: agencyName, version });
    },
  },
  {
    field: 'importData',
    operation: 'mutation($content: String!) { importData(input: { format: JSON, content: $content, dryRun: false }) { %s } }',
    scalars: 'applied changes { entityType entityKey } errors { message }',
    async prepare(n) {
      const rows = [
        {
          type: 'observation',
          key: `cut.import.${n}`,
          indicator: 'platform.systems_connected',
          agency: '68',
          value: n,
          asOf: '2024-02-02',
          documentTitle: 'Báo cáo nhập thử',
          documentPublishedAt: '2024-02-03',
          quote: `đã kết nối ${n} hệ thống`,
        },
      ];
      return { variables: { content: JSON.stringify(rows) }, entityType: 'Observation', key: `cut.import.${n}`, version: 1 };
    },
    async stored(n) {
      return Number((await one('select count(*)::int as n from observation where key = $1', [`cut.import.${n}`])).n);
    },
    answered(data, _n, _version, key) {
      expect(data).toEqual({ applied: true, changes: [{ entityType: 'Observation', entityKey: key }], errors: [] });
    },
  },
];

const NOTHING_CHANGED = /changed nothing/;
let counter = 0;

const selection = (m: Mutation, nested = true) => m.operation.replace('%s', nested && m.nested ? `${m.scalars} ${m.nested}` : m.scalars);

async function cutWhile(mutation: Mutation, point: CutPoint, query = selection(mutation)) {
  await proxy.restore().catch(() => undefined);
  await hubRecovered();
  const n = ++counter;
  const prepared = await mutation.prepare(n);
  const requestId = `cut-${point}-${n}`;
  const cut = proxy.cutAt(point);
  const answer = await gql(query, prepared.variables, requestId);
  await cut;
  // Audit records of this request: one per change saved, whatever the answer.
  const audits = Number(
    (await one('select count(*)::int as n from audit_log where request_id = $1 or request_id like $2', [requestId, `${requestId}:%`])).n,
  );
  return { n, answer, prepared, requestId, stored: await mutation.stored(n), audits };
}

describe.each(MUTATIONS)('$field under a database cut', (mutation) => {
  it('cut before COMMIT is sent: DATABASE_UNAVAILABLE (503), and nothing changed', async () => {
    const { answer, stored, audits } = await cutWhile(mutation, 'in-transaction');
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('1');
    expect(answer.body.errors.map((e: any) => e.extensions.code)).toEqual(['DATABASE_UNAVAILABLE']);
    expect(answer.body.errors[0].message).toMatch(NOTHING_CHANGED);
    expect(answer.body.data).toBeNull();
    expect([stored, audits]).toEqual([0, 0]);
  });

  it('COMMIT answered, then the cut: the answer is built from what the transaction returned (200, no error)', async () => {
    const { n, answer, prepared, stored, audits } = await cutWhile(mutation, 'after-commit', selection(mutation, false));
    expect([stored, audits]).toEqual([1, 1]);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const value = answer.body.data[mutation.field];
    mutation.answered(mutation.payload ? value[mutation.payload] : value, n, prepared.version, prepared.key);
  });

  if (mutation.nested)
    it('COMMIT answered, then the cut: fields read after it say the change WAS saved (not 503, not "changed nothing")', async () => {
      const { answer, prepared, stored, audits } = await cutWhile(mutation, 'after-commit');
      expect([stored, audits]).toEqual([1, 1]);
      expect(answer.status).toBe(200);
      expect(answer.retryAfter).toBeNull();
      // A non-null nested field that failed may null the whole answer (GraphQL's rule); its errors say what was saved.
      const errors = answer.body.errors ?? [];
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.extensions).toMatchObject({
          code: 'CHANGE_SAVED_READ_FAILED',
          saved: true,
          changes: [{ entityType: prepared.entityType, key: prepared.key, version: prepared.version }],
        });
        expect(error.path[0]).toBe(mutation.field);
        expect(error.message).toMatch(/WAS saved/);
        expect(error.message).toContain(`now at version ${prepared.version}`);
        expect(error.message).not.toMatch(NOTHING_CHANGED);
      }
    });

  it('COMMIT sent, its answer lost: COMMIT_OUTCOME_UNKNOWN naming what to read back (the server did commit, once)', async () => {
    const { answer, prepared, stored, audits, requestId } = await cutWhile(mutation, 'commit-unanswered');
    expect([stored, audits]).toEqual([1, 1]);
    expect(answer.status).toBe(502);
    expect(answer.retryAfter).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    const [error] = answer.body.errors;
    expect(error.extensions).toMatchObject({
      code: 'COMMIT_OUTCOME_UNKNOWN',
      requestId,
      changes: [{ entityType: prepared.entityType, key: prepared.key, version: prepared.version }],
    });
    expect(error.message).toMatch(/may or may not have been saved/);
    expect(error.message).toContain(`${prepared.entityType} ${prepared.key}`);
    expect(error.message).toContain(`expecting version ${prepared.version}`);
    expect(error.message).not.toMatch(NOTHING_CHANGED);
  });

  it('COMMIT sent but lost on the way: still COMMIT_OUTCOME_UNKNOWN (the hub cannot tell), and indeed nothing was saved', async () => {
    const { answer, stored, audits } = await cutWhile(mutation, 'commit-dropped');
    expect([stored, audits]).toEqual([0, 0]);
    expect(answer.status).toBe(502);
    expect(answer.body.errors.map((e: any) => e.extensions.code)).toEqual(['COMMIT_OUTCOME_UNKNOWN']);
    expect(answer.body.errors[0].message).not.toMatch(NOTHING_CHANGED);
  });
});

describe('a write that changes nothing', () => {
  it('keeps saying "changed nothing", truthfully: the same status again, cut after its COMMIT, is DATABASE_UNAVAILABLE (503)', async () => {
    await proxy.restore().catch(() => undefined);
    await hubRecovered();
    const input = {
      consumerCode: 'TTHC-68',
      providerCode: 'CDVCQG',
      status: 'CONNECTED',
      date: '2023-12-30',
      reason: 'same again',
      evidence: EVIDENCE,
    };
    const first = await gql(selection(MUTATIONS[0]), { input }, 'same-1');
    expect(first.body.errors).toBeUndefined();
    const events = Number((await one(`select count(*)::int as n from connection_event where reason = 'same again'`)).n);
    const cut = proxy.cutAt('after-commit');
    const again = await gql(selection(MUTATIONS[0]), { input }, 'same-2');
    await cut;
    expect(Number((await one(`select count(*)::int as n from connection_event where reason = 'same again'`)).n)).toBe(events);
    expect(again.body.errors.map((e: any) => e.extensions.code)).toEqual(expect.arrayContaining(['DATABASE_UNAVAILABLE']));
    expect(again.body.errors.every((e: any) => e.extensions.code === 'DATABASE_UNAVAILABLE')).toBe(true);
    expect(again.status).toBe(503);
  });
});

describe('a mutation operation with two writes', () => {
  it('the second, cut off before it ran, changed nothing, and says the first was saved (not 503)', async () => {
    await proxy.restore().catch(() => undefined);
    await hubRecovered();
    const first = await MUTATIONS[0].prepare(++counter);
    const second = await MUTATIONS[1].prepare(++counter);
    const cut = proxy.cutAt('after-commit');
    const answer = await gql(
      `mutation($a: SetConnectionStatusInput!, $b: RecordObservationInput!) {
      a: setConnectionStatus(input: $a) { connection { key version } } b: recordObservation(input: $b) { observation { key } } }`,
      { a: first.variables.input, b: second.variables.input },
      'two-writes',
    );
    await cut;
    expect(await MUTATIONS[0].stored(counter - 1)).toBe(1);
    expect(await MUTATIONS[1].stored(counter)).toBe(0);
    expect(answer.status).toBe(200);
    // b is non-null, so its error nulls the whole answer (GraphQL's rule): its error names what a saved.
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toHaveLength(1);
    const [error] = answer.body.errors;
    expect(error.path).toEqual(['b']);
    expect(error.extensions).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      savedChanges: [{ entityType: 'Connection', key: first.key, version: first.version }],
    });
    expect(error.message).toMatch(/this part of the request changed nothing, but other parts of it saved changes/);
  });
});
