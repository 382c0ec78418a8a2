import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Issue 12 part 8 against the real database: a source document's text and what quotes it (figures, statuses,
 * lifecycle entries, tasks) as pages; retiring a connection through the write API; the public change feed.
 * Expected answers are read with plain SQL, never through the code under test.
 */

let app: TestApp;
let url: string;
const keys: Record<string, string> = {};
const sql = (query: string, params: unknown[] = []): Promise<Record<string, any>[]> => app.orm.em.fork().getConnection().execute(query, params);

beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' });
  url = await app.listen();
  const em = app.orm.em.fork();
  keys.admin = (await createApiKey(em, { name: 'feed admin', role: 'admin', agencyCodes: [] })).key;
  keys.editor96 = (await createApiKey(em, { name: 'ca-mau editor', role: 'editor', agencyCodes: ['96'] })).key;
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

const NEW_DOCUMENT = { document: { title: 'Thông báo ngừng kết nối (thử nghiệm)', publishedAt: '2026-11-20' }, quote: 'ngừng kết nối' };

describe('SourceDocument: its text and what quotes it', () => {
  const LINKS = `query($first: Int, $after: String) { sourceDocuments(first: 100) { nodes { key text
    observations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { key } }
    connectionEvents(first: $first) { totalCount nodes { id status } }
    lifecycleEvents(first: $first) { totalCount nodes { id status } }
    tasks(first: $first) { totalCount nodes { id title } } } } }`;
  const quoting = (table: string) =>
    sql(`select d.key, count(r.id)::int as n from source_document d left join evidence e on e.document_id = d.id
      left join ${table} r on r.evidence_id = e.id group by d.key`).then((rows) => new Map(rows.map((r) => [r.key, r.n])));

  it('serves the verbatim text of every seed document', async () => {
    const files: { key: string; fileName: string }[] = JSON.parse(fs.readFileSync('seeds/documents.json', 'utf8'));
    const { sourceDocuments } = await app.query(LINKS, { first: 1 });
    expect(sourceDocuments.nodes.length).toBe(files.length);
    for (const { key, fileName } of files) {
      const doc = sourceDocuments.nodes.find((d: any) => d.key === key);
      expect(doc.text).toBe(fs.readFileSync(`seeds/documents/${fileName}`, 'utf8'));
    }
  });

  it('counts and pages the figures, statuses, lifecycle entries and tasks quoted from each document', async () => {
    const { sourceDocuments } = await app.query(LINKS, { first: 2 });
    const counts = {
      observations: await quoting('observation'),
      connectionEvents: await quoting('connection_event'),
      lifecycleEvents: await quoting('system_lifecycle_event'),
      tasks: await quoting('task'),
    };
    for (const [field, byKey] of Object.entries(counts)) {
      expect([...byKey.values()].some((n) => n > 0)).toBe(true);
      for (const doc of sourceDocuments.nodes) {
        expect(doc[field].totalCount, `${doc.key}.${field}`).toBe(byKey.get(doc.key));
        expect(doc[field].nodes.length).toBe(Math.min(2, byKey.get(doc.key)!));
      }
    }
  });

  it('pages a document’s figures to the end without gaps or repeats, the same as observations(filter: { documentKey })', async () => {
    const [{ key }] =
      await sql(`select d.key from source_document d join evidence e on e.document_id = d.id join observation o on o.evidence_id = e.id
      group by d.key order by count(*) desc limit 1`);
    const want = (
      await sql(
        `select o.key from observation o join evidence e on e.id = o.evidence_id join source_document d on d.id = e.document_id
      where d.key = ? order by o.id`,
        [key],
      )
    ).map((r) => r.key);
    expect(want.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { sourceDocuments }: any = await app.query(LINKS, { first: 2, after });
      const page: any = sourceDocuments.nodes.find((d: any) => d.key === key).observations;
      seen.push(...page.nodes.map((n: any) => n.key));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(want);
    const listed = await app.query(`query($key: String) { observations(filter: { documentKey: $key }, first: 100) { nodes { key } } }`, { key });
    expect(listed.observations.nodes.map((n: any) => n.key)).toEqual(want);
  });

  it('keeps node(id) working, and a document named by a write has no text', async () => {
    const { sourceDocuments } = await app.query(`{ sourceDocuments(first: 1) { nodes { id key } } }`);
    const [doc] = sourceDocuments.nodes;
    const { node } = await app.query(`query($id: ID!) { node(id: $id) { ... on SourceDocument { key text tasks { totalCount } } } }`, { id: doc.id });
    expect(node.key).toBe(doc.key);
    expect(node.text.length).toBeGreaterThan(100);
    const recorded = await gql(
      `mutation($input: RecordObservationInput!) { recordObservation(input: $input) { observation { evidence { document { text observations { totalCount } } } } } }`,
      {
        input: {
          key: 'docs.test.1',
          indicatorCode: 'platform.systems_connected',
          agencyCode: '96',
          value: 3,
          asOf: '2026-11-20',
          evidence: NEW_DOCUMENT,
        },
      },
      keys.admin,
    );
    expect(code(recorded)).toBe('OK');
    expect(recorded.body.data.recordObservation.observation.evidence.document).toEqual({ text: null, observations: { totalCount: 1 } });
  });
});

const RETIRE = `mutation($input: RetireConnectionInput!) { retireConnection(input: $input) {
  connection { key status statusSince version history { status occurredOn } } } }`;
const retire = (input: Record<string, unknown>, key = keys.admin) => gql(RETIRE, { input: { evidence: NEW_DOCUMENT, ...input } }, key);
const auditCount = async () => Number((await sql('select count(*)::int as n from audit_log'))[0].n);

describe('retireConnection', () => {
  /** A connection of a Cà Mau (96) system, read from the seed; the Cà Mau editor may retire it. */
  let target: string;
  beforeAll(async () => {
    [{ key: target }] = await sql(`select c.key from connection c join information_system s on s.id = c.consumer_id join agency a on a.id = s.owner_id
      where a.code = '96' and c.status <> 'DISCONNECTED' order by c.id limit 1`);
  });

  it('records DISCONNECTED on the date, keeps the history, audits once; the same retirement again changes nothing', async () => {
    const [before] = await sql(
      `select c.id, c.status, c.version, (select count(*)::int from connection_event e where e.connection_id = c.id) as events
      from connection c where c.key = ?`,
      [target],
    );
    expect(before.status).not.toBe('DISCONNECTED');
    const audits = await auditCount();
    const done = await retire({ key: target, date: '2026-11-25', reason: 'Thay bằng nền tảng mới', expectedVersion: before.version }, keys.editor96);
    expect(code(done)).toBe('OK');
    const connection = done.body.data.retireConnection.connection;
    expect(connection).toMatchObject({ key: target, status: 'DISCONNECTED', statusSince: '2026-11-25', version: before.version + 1 });
    expect(connection.history).toHaveLength(before.events + 1);
    expect(connection.history.at(-1)).toEqual({ status: 'DISCONNECTED', occurredOn: '2026-11-25' });
    expect(await auditCount()).toBe(audits + 1);
    const [row] = await sql(`select status, status_since::text as since from connection where key = ?`, [target]);
    expect(row).toEqual({ status: 'DISCONNECTED', since: '2026-11-25' });

    const again = await retire({ key: target, date: '2026-11-25', reason: 'Thay bằng nền tảng mới' }, keys.editor96);
    expect(again.body.data.retireConnection.connection.version).toBe(before.version + 1);
    expect(await auditCount()).toBe(audits + 1);
  });

  it.each([
    ['an unknown key', { key: 'NO>SUCH', date: '2026-11-25' }, 'NOT_FOUND', /No connection has the key "NO>SUCH"/],
    ['a second retirement on another date', { key: 'RETIRED', date: '2026-11-26' }, 'BAD_USER_INPUT', /was retired on 2026-11-25 already/],
    ['a date in the future', { key: 'LGSP-68>NDXP', date: '2099-01-01' }, 'BAD_USER_INPUT', /in the future/],
    ['a date before the current status began', { key: 'LGSP-68>NDXP', date: '2001-01-01' }, 'BAD_USER_INPUT', /cannot have ended before that/],
    ['a stale version', { key: 'LGSP-68>NDXP', date: '2026-11-25', expectedVersion: 999 }, 'CONFLICT', /version/],
  ])('refuses %s and changes nothing', async (_, input, errorCode, message) => {
    const snapshot = async () => sql(`select key, status, version from connection order by id`);
    const [stored, audits] = [await snapshot(), await auditCount()];
    const refused = await retire(input.key === 'RETIRED' ? { ...input, key: target } : input);
    expect(code(refused)).toBe(errorCode);
    expect(refused.body.errors[0].message).toMatch(message);
    expect(await snapshot()).toEqual(stored);
    expect(await auditCount()).toBe(audits);
  });
});

describe('changes(since): the public change feed', () => {
  const FEED = `query($since: DateTime!, $first: Int, $after: String, $kinds: [ChangeKind!]) {
    changes(since: $since, first: $first, after: $after, kinds: $kinds) {
      totalCount pageInfo { hasNextPage endCursor } nodes { at action kind entityId entityKey changes } } }`;
  let since: string;

  beforeAll(async () => {
    since = new Date((await sql('select now() as t'))[0].t).toISOString();
    const edits = [
      () =>
        gql(
          `mutation($input: RecordObservationInput!) { recordObservation(input: $input) { observation { key } } }`,
          {
            input: {
              key: 'feed.test.1',
              indicatorCode: 'platform.systems_connected',
              agencyCode: '68',
              value: 7,
              asOf: '2026-11-21',
              evidence: NEW_DOCUMENT,
            },
          },
          keys.admin,
        ),
      () =>
        gql(
          `mutation($input: CreateInformationSystemInput!) { createInformationSystem(input: $input) { informationSystem { code } } }`,
          { input: { code: 'FEED-TEST', kind: 'DATABASE', name: 'Hệ thống thử nguồn thay đổi', ownerCode: '68' } },
          keys.admin,
        ),
      () =>
        gql(
          `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { agency { code } } }`,
          { input: { code: 'FEED-AGENCY', kind: 'OTHER', name: 'Đơn vị thử' } },
          keys.admin,
        ),
      () => retire({ key: 'LGSP-68>NDXP', date: '2026-11-27' }),
    ];
    // One after the other, so the feed's order is known.
    for (const edit of edits) expect(code(await edit())).toBe('OK');
  });

  it('lists the changes of statuses, figures and systems since a time, oldest first, like the audit log says, without who', async () => {
    const want = await sql(
      `select action, entity_type, entity_key from audit_log
      where at >= ? and entity_type in ('Connection', 'Observation', 'InformationSystem') order by id`,
      [since],
    );
    expect(want.map((r) => r.entity_key)).toEqual(['feed.test.1', 'FEED-TEST', 'LGSP-68>NDXP']);
    const { status, body } = await gql(FEED, { since, first: 100 });
    expect(status).toBe(200);
    const nodes = body.data.changes.nodes;
    expect(nodes.map((n: any) => [n.action, n.kind, n.entityKey])).toEqual([
      ['observation.create', 'OBSERVATION', 'feed.test.1'],
      ['system.create', 'INFORMATION_SYSTEM', 'FEED-TEST'],
      ['connection.status', 'CONNECTION', 'LGSP-68>NDXP'],
    ]);
    expect(body.data.changes.totalCount).toBe(3);
    expect(nodes[2].changes.status).toMatchObject({ to: 'DISCONNECTED' });
    expect(JSON.stringify(body)).not.toContain('feed admin');
    const { node } = await app.query(`query($id: ID!) { node(id: $id) { ... on InformationSystem { code } } }`, { id: nodes[1].entityId });
    expect(node).toEqual({ code: 'FEED-TEST' });
  });

  it('has no field that says who made a change', async () => {
    const { __type } = await app.query(`{ __type(name: "Change") { fields { name } } }`);
    const fields = __type.fields.map((f: any) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['at', 'action', 'kind', 'entityId', 'changes']));
    for (const who of ['actor', 'apiKeyId', 'requestId']) expect(fields).not.toContain(who);
  });

  it('pages with first/after to the end, and filters by kind', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { body } = await gql(FEED, { since, first: 1, after });
      seen.push(...body.data.changes.nodes.map((n: any) => n.entityKey));
      after = body.data.changes.pageInfo.hasNextPage ? body.data.changes.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(['feed.test.1', 'FEED-TEST', 'LGSP-68>NDXP']);
    const figures = await gql(FEED, { since, kinds: ['OBSERVATION'] });
    expect(figures.body.data.changes.nodes.map((n: any) => n.entityKey)).toEqual(['feed.test.1']);
    const later = await gql(FEED, { since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(later.body.data.changes).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it.each([
    ['an empty kinds list', { kinds: [] }, 'kinds'],
    ['a cursor of another list', { after: 'not-a-cursor' }, 'after'],
    ['a page over 100', { first: 101 }, 'first'],
  ])('refuses %s with BAD_USER_INPUT', async (_, variables, field) => {
    const refused = await gql(FEED, { since, ...variables });
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors[0].extensions.field).toBe(field);
  });

  it('refuses a since that is not a time', async () => {
    const refused = await gql(FEED, { since: 'yesterday' });
    expect(code(refused)).toBe('BAD_USER_INPUT');
  });
});
