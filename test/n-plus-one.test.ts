import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  // Give every one of the 63 provinces an LGSP and an administrative-procedure system connected through it,
  // so the nested query has real work at every level.
  const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
  await exec(`insert into information_system (code, kind, name, owner_id, search_text)
    select 'T-' || k || '-' || a.code, k, k || ' ' || a.name, a.id, 'test'
    from agency a cross join (values ('INTEGRATION_PLATFORM'), ('ADMIN_PROCEDURE_SYSTEM')) v(k)
    where a.kind in ('PROVINCE', 'CENTRAL_CITY') and a.valid_to = '2025-06-30'`);
  await exec(`insert into connection (key, consumer_id, provider_id, status, status_since)
    select c.code || '>' || p.code, c.id, p.id, 'CONNECTED', date '2023-01-01'
    from information_system c join information_system p on p.owner_id = c.owner_id
    where c.code like 'T-ADMIN%' and p.code like 'T-INTEGRATION%'`);
  await exec(`insert into connection_event (connection_id, status, occurred_on, evidence_id)
    select id, status, status_since, (select min(id) from evidence) from connection where key like 'T-%'`);
});
afterAll(async () => {
  await app?.stop();
});

const NESTED = `query($n: Int!) {
  agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY], validOn: "2023-12-31" }, first: $n) {
    totalCount
    nodes {
      code name
      systems(first: 10) {
        totalCount
        nodes { code owner { code } connectionSummary { text basis evidence { quote document { title } } } }
      }
    }
  }
}`;

async function statementsFor(n: number): Promise<{ count: number; provinces: number; systems: number; sql: string[] }> {
  app.resetQueries();
  const data = await app.query(NESTED, { n });
  const provinces = data.agencies.nodes.length;
  const systems = data.agencies.nodes.reduce((sum: number, p: any) => sum + p.systems.nodes.length, 0);
  return { count: app.queries.length, provinces, systems, sql: app.queries.map((q) => q.slice(0, 90)) };
}

describe('no N+1 on provinces -> systems -> connection summary', () => {
  it('runs the same number of SQL statements for 3 provinces as for all 63', async () => {
    const small = await statementsFor(3);
    const all = await statementsFor(63);
    expect(small.provinces).toBe(3);
    expect(all.provinces).toBe(63);
    expect(all.systems).toBeGreaterThanOrEqual(126);
    if (all.count !== small.count) console.log(JSON.stringify({ small: small.sql, all: all.sql }, null, 1));
    expect(all.count).toBe(small.count);
    // One statement per level and lookup: page, count, systems, system counts, owners, computed and reported
    // summaries, evidence, documents.
    expect(all.count).toBeLessThanOrEqual(9);
  });

  it('answers the summaries correctly at scale', async () => {
    const data = await app.query(NESTED, { n: 63 });
    const lamDong = data.agencies.nodes.find((p: any) => p.code === '68');
    const lgsp = lamDong.systems.nodes.find((s: any) => s.code === 'LGSP-68');
    expect(lgsp.connectionSummary).toMatchObject({ text: '15/23', basis: 'REPORTED' });
    const haNoi = data.agencies.nodes.find((p: any) => p.code === '01');
    const platform = haNoi.systems.nodes.find((s: any) => s.code === 'T-INTEGRATION_PLATFORM-01');
    expect(platform.connectionSummary).toMatchObject({ text: '1/1', basis: 'COMPUTED' });
  });
});

describe("the hub's database sessions", () => {
  it('run without JIT compilation', async () => {
    const [row] = await app.orm.em.fork().getConnection().execute('show jit');
    expect(row.jit).toBe('off');
  });
});

describe('counting without listing', () => {
  it('runs no page statement for a list of which only totalCount is selected', async () => {
    app.resetQueries();
    const data = await app.query(`{ agencies(filter: { kinds: [PROVINCE], validOn: "2023-12-31" }, first: 5) {
      nodes { systems { totalCount } } } }`);
    expect(data.agencies.nodes.every((n: any) => typeof n.systems.totalCount === 'number')).toBe(true);
    expect(app.queries.filter((q) => q.includes('row_number()'))).toEqual([]);
    expect(app.queries.some((q) => q.includes('count(*)') && q.includes('owner_id'))).toBe(true);
  });
});

describe('many-to-one relations read in the statement of their items', () => {
  it('looks a system up with its owner in one statement', async () => {
    app.resetQueries();
    const data = await app.query(`{ informationSystem(code: "LGSP-68") { code owner { code name } operator { code } } }`);
    expect(data.informationSystem.owner).toMatchObject({ code: '68', name: expect.stringContaining('Lâm Đồng') });
    expect(app.queries).toHaveLength(1);
    expect(app.queries[0]).toMatch(/left join agency/);
  });

  it('reads the providers of a page of connections with the page, and answers as the loader does', async () => {
    app.resetQueries();
    const data = await app.query(`{ agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY], validOn: "2023-12-31" }, first: 40) { nodes {
      systems(first: 5) { nodes { code connections(direction: UPSTREAM, first: 3) { totalCount nodes { id key provider { code name owner { code } } } } } } } } }`);
    // agencies, systems, connections, their providers (by distinct id, right after the page), the providers' owners.
    expect(app.queries).toHaveLength(5);
    expect(app.queries.filter((q) => q.includes('from information_system where id in'))).toHaveLength(1);
    const connections = data.agencies.nodes.flatMap((a: any) => a.systems.nodes.flatMap((s: any) => s.connections.nodes));
    expect(connections.length).toBeGreaterThanOrEqual(40);
    // node(id) loads a connection without them, so its provider comes through the loader: same answer.
    for (const connection of connections.slice(0, 10)) {
      const alone = await app.query(`query($id: ID!) { node(id: $id) { ... on Connection { key provider { code name owner { code } } } } }`, {
        id: connection.id,
      });
      expect(alone.node).toEqual({ key: connection.key, provider: connection.provider });
    }
    // Only the columns those fields need are read; a field computed by a resolver gets the whole row.
    const providers = app.queries.find((q) => q.includes('from information_system where id in'))!;
    expect(providers.slice('select '.length, providers.indexOf(' from')).split(', ').sort()).toEqual([
      '"code"',
      '"id"',
      '"name"',
      '"operator_id"',
      '"owner_id"',
    ]);
    const FULL = `{ connections(first: 20) { nodes { id consumer { code kind nameEn status statusSince version history { status } } } } }`;
    const full = await app.query(FULL);
    for (const connection of full.connections.nodes.slice(0, 10)) {
      const alone = await app.query(
        `query($id: ID!) { node(id: $id) { ... on Connection { id consumer { code kind nameEn status statusSince version history { status } } } } }`,
        { id: connection.id },
      );
      expect(alone.node).toEqual(connection);
    }
  });
});

describe('nested pages (one statement per level for every parent)', () => {
  async function walk(
    list: (after: string | null) => Promise<{ totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: unknown[] }>,
  ) {
    const seen: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list(after);
      seen.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) return { seen, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  it("walks an agency's systems and a platform's connections one item at a time, as one large page lists them", async () => {
    const SYSTEMS = `query($first: Int!, $after: String) { agencies(filter: { code: "01", validOn: "2023-12-31" }, first: 1) { nodes {
      systems(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } } } }`;
    const systems = (data: any) => data.agencies.nodes[0].systems;
    const allSystems = systems(await app.query(SYSTEMS, { first: 100, after: null }));
    const walkedSystems = await walk(async (after) => systems(await app.query(SYSTEMS, { first: 1, after })));
    expect(walkedSystems.seen).toEqual(allSystems.nodes);
    expect(walkedSystems.totalCount).toBe(allSystems.totalCount);
    expect(allSystems.totalCount).toBeGreaterThanOrEqual(2);

    const EDGES = `query($first: Int!, $after: String) { informationSystem(code: "VNEID") {
      connections(direction: BOTH, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { key } } } }`;
    const edges = (data: any) => data.informationSystem.connections;
    const allEdges = edges(await app.query(EDGES, { first: 100, after: null }));
    const walkedEdges = await walk(async (after) => edges(await app.query(EDGES, { first: 1, after })));
    expect(walkedEdges.seen).toEqual(allEdges.nodes);
    expect(walkedEdges.totalCount).toBe(allEdges.totalCount);
    expect(allEdges.totalCount).toBeGreaterThanOrEqual(3);
  });
});

describe('no N+1 on source documents -> what quotes them', () => {
  const DOCUMENTS = `query($n: Int!) {
    sourceDocuments(first: $n) {
      nodes {
        key text
        observations(first: 3) { totalCount nodes { key indicator { code } } }
        connectionEvents(first: 3) { totalCount nodes { status } }
        lifecycleEvents(first: 3) { totalCount nodes { status } }
        tasks(first: 3) { totalCount nodes { title } }
      }
    }
  }`;
  const statements = async (n: number) => {
    app.resetQueries();
    const data = await app.query(DOCUMENTS, { n });
    return { count: app.queries.length, documents: data.sourceDocuments.nodes };
  };

  it('runs the same statements for 1 document as for all of them, each list and its totalCount batched', async () => {
    const one = await statements(1);
    const all = await statements(100);
    expect(one.documents).toHaveLength(1);
    expect(all.documents.length).toBeGreaterThan(3);
    const quoted = all.documents.filter((d: any) => d.observations.totalCount + d.connectionEvents.totalCount + d.tasks.totalCount > 0);
    expect(quoted.length).toBeGreaterThan(1);
    expect(all.count).toBe(one.count);
    // The page, the texts, one page statement per list (it counts too), the figures' indicators.
    expect(all.count).toBeLessThanOrEqual(7);
  });
});
