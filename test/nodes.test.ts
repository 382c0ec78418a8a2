import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId, NODE_TYPES } from '../src/graphql/node.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
const keys: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  const em = () => app.orm.em.fork();
  keys.admin = (await createApiKey(em(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
  keys.editor = (await createApiKey(em(), { name: 'editor-68', role: 'editor', agencyCodes: ['68'] })).key;
  keys.reader = (await createApiKey(em(), { name: 'reader', role: 'reader', agencyCodes: [] })).key;
});
afterAll(async () => {
  await app?.stop();
});

async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

const exec = (sql: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(sql, params);

describe('nodes(ids) and every identity a Node', () => {
  it('refetches objects of every type, history events included, in the order asked, null for what does not exist', async () => {
    const data = await app.query(`{ informationSystem(code: "CSDLQG-DC") { id history { id status } connections(first: 1) {
      nodes { id history { id status evidence { id document { id } } } } } observations(first: 1) { nodes { id indicator { id } } } owner { id } }
      tasks(first: 1) { nodes { id } } }`);
    const sys = data.informationSystem;
    const connection = sys.connections.nodes[0];
    const ids = [
      sys.id,
      sys.owner.id,
      connection.id,
      connection.history[0].id,
      sys.history[0].id,
      connection.history[0].evidence.id,
      connection.history[0].evidence.document.id,
      sys.observations.nodes[0].id,
      sys.observations.nodes[0].indicator.id,
      data.tasks.nodes[0].id,
      toGlobalId('Agency', 999_999),
    ];
    app.resetQueries();
    const found = await app.query(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename ... on ConnectionEvent { status connection { id } } ... on SystemLifecycleEvent { lifecycle: status system { code } } } }`,
      { ids },
    );
    expect(found.nodes.map((n: any) => n?.id ?? null)).toEqual([...ids.slice(0, -1), null]);
    expect(found.nodes.map((n: any) => n?.__typename ?? null)).toEqual([
      'InformationSystem',
      'Agency',
      'Connection',
      'ConnectionEvent',
      'SystemLifecycleEvent',
      'Evidence',
      'SourceDocument',
      'Observation',
      'Indicator',
      'Task',
      null,
    ]);
    expect(found.nodes[3]).toMatchObject({ status: connection.history[0].status, connection: { id: connection.id } });
    expect(found.nodes[4]).toMatchObject({ lifecycle: sys.history[0].status, system: { code: 'CSDLQG-DC' } });
    // One statement per type asked (9 types), then one for the connection of the event and one for the system.
    expect(app.queries.length).toBeLessThanOrEqual(11);
    for (const id of [connection.history[0].id, sys.history[0].id]) {
      expect((await app.query(`query($id: ID!) { node(id: $id) { id } }`, { id })).node.id).toBe(id);
    }
  });

  it('takes 100 ids in a bounded number of statements, and refuses 101 and ids that are not global ids', async () => {
    const rows = await exec('select id from agency order by id limit 60');
    const systems = await exec('select id from information_system order by id limit 20');
    const figures = await exec('select id from observation order by id limit 20');
    const ids = [
      ...rows.map((r: any) => toGlobalId('Agency', r.id)),
      ...systems.map((r: any) => toGlobalId('InformationSystem', r.id)),
      ...figures.map((r: any) => toGlobalId('Observation', r.id)),
    ];
    expect(ids).toHaveLength(100);
    app.resetQueries();
    const found = await app.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(found.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(app.queries).toHaveLength(3);

    const tooMany = await app.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [...ids, ids[0]] });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(tooMany.errors?.[0].message).toContain('at most 100');
    const garbage = await app.execute(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [ids[0], 'garbage'] });
    expect(garbage.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.1' });
  });

  it('serves audit records as nodes with the rights of auditLog', async () => {
    const [{ id: keyId }] = await exec("select id from api_key where name = 'editor-68'");
    const [mine] = await exec(
      "insert into audit_log (api_key_id, actor, action, entity_type, changes) values (?, 'editor-68', 'test.mine', 'Agency', '{}'::jsonb) returning id",
      [keyId],
    );
    const [other] = await exec(
      "insert into audit_log (actor, action, entity_type, changes) values ('tool', 'test.other', 'Agency', '{}'::jsonb) returning id",
    );
    const ids = [toGlobalId('AuditEntry', Number(mine.id)), toGlobalId('AuditEntry', Number(other.id))];
    const q = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on AuditEntry { action } } }`;
    expect((await gql(q, { ids }, keys.admin)).data.nodes).toEqual([
      { id: ids[0], action: 'test.mine' },
      { id: ids[1], action: 'test.other' },
    ]);
    expect((await gql(q, { ids }, keys.editor)).data.nodes).toEqual([{ id: ids[0], action: 'test.mine' }, null]);
    for (const [key, code] of [
      [keys.reader, 'FORBIDDEN'],
      [undefined, 'UNAUTHENTICATED'],
    ]) {
      const refused = await gql(q, { ids }, key);
      expect(refused.data.nodes).toEqual([null, null]);
      expect(refused.errors.map((e: any) => e.extensions.code)).toContain(code);
    }
    const log = await gql(`{ auditLog(first: 1) { nodes { id } } }`, {}, keys.admin);
    expect(log.data.auditLog.nodes[0].id).toBe(ids[1]);
  });

  it('every type that implements Node is one node(id) can load', async () => {
    const data = await app.query(`{ __type(name: "Node") { possibleTypes { name } } }`);
    expect(data.__type.possibleTypes.map((t: any) => t.name).sort()).toEqual([...NODE_TYPES].sort());
  });
});
