import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);

/**
 * A controlled graph beside the seed data (codes X-*):
 *   X-A -> X-B -> X-C -> X-D -> X-E   (consumer -> provider; X-C -> X-D via platform X-P)
 *   X-A -> X-P -> X-D                 (a second path of the same length from X-A to X-D)
 *   X-H <- X-S1..X-S6                 (six consumers of a hub, for per-hop limits)
 * X-B -> X-C was PLANNED in 2021 and CONNECTED in 2022; X-D -> X-E only exists from 2023.
 */
beforeAll(async () => {
  app = await startTestApp();
  await exec(`insert into information_system (code, kind, name, owner_id, search_text)
    select code, case when code = 'X-P' then 'INTEGRATION_PLATFORM' else 'DATABASE' end, 'Test ' || code,
      (select id from agency where code = 'BCA'), lower(code)
    from unnest(array['X-A','X-B','X-C','X-D','X-E','X-P','X-H','X-S1','X-S2','X-S3','X-S4','X-S5','X-S6']) code`);
  const edge = (consumer: string, provider: string, via: string | null, events: [string, string][]) => `
    with c as (insert into connection (key, consumer_id, provider_id, via_id, status, status_since)
      select '${consumer}>${provider}', (select id from information_system where code = '${consumer}'),
        (select id from information_system where code = '${provider}'),
        ${via ? `(select id from information_system where code = '${via}')` : 'null'}, '${events.at(-1)![0]}', '${events.at(-1)![1]}'
      returning id)
    insert into connection_event (connection_id, status, occurred_on) select c.id, e.status, e.day::date from c,
      (values ${events.map(([s, d]) => `('${s}', '${d}')`).join(', ')}) e(status, day)`;
  for (const sql of [
    edge('X-A', 'X-B', null, [['CONNECTED', '2020-01-01']]),
    edge('X-B', 'X-C', null, [
      ['PLANNED', '2021-01-01'],
      ['CONNECTED', '2022-01-01'],
    ]),
    edge('X-C', 'X-D', 'X-P', [['CONNECTED', '2020-06-01']]),
    edge('X-D', 'X-E', null, [['TESTING', '2023-01-01']]),
    edge('X-A', 'X-P', null, [['CONNECTED', '2020-01-01']]),
    edge('X-P', 'X-D', null, [['CONNECTED', '2020-01-01']]),
    ...['X-S1', 'X-S2', 'X-S3', 'X-S4', 'X-S5', 'X-S6'].map((s) => edge(s, 'X-H', null, [['CONNECTED', '2020-01-01']])),
  ])
    await exec(sql);
});
afterAll(async () => {
  await app?.stop();
});

const NEIGHBOURHOOD = `query($code: String!, $depth: Int!, $direction: ConnectionDirection!, $status: [ConnectionStatus!], $limit: Int, $asOf: Date, $kinds: [SystemKind!]) {
  informationSystem(code: $code) { neighbourhood(depth: $depth, direction: $direction, status: $status, perHopLimit: $limit, asOf: $asOf, kinds: $kinds) {
    truncated hops { hops systems returned } systems { hops system { code } } edges { status statusSince connection { key } } } } }`;

async function around(code: string, vars: Record<string, unknown>) {
  const data = await app.query(NEIGHBOURHOOD, { code, depth: 1, direction: 'BOTH', ...vars });
  const n = data.informationSystem.neighbourhood;
  return {
    ...n,
    reached: Object.fromEntries(n.systems.map((s: any) => [s.system.code, s.hops])),
    keys: n.edges.map((e: any) => e.connection.key).sort(),
  };
}

describe('neighbourhood', () => {
  it('follows providers upstream with the fewest hops to each system', async () => {
    const n = await around('X-A', { depth: 3, direction: 'UPSTREAM', asOf: '2024-01-01' });
    expect(n.reached).toEqual({ 'X-A': 0, 'X-B': 1, 'X-P': 1, 'X-C': 2, 'X-D': 2, 'X-E': 3 });
    expect(n.hops).toEqual([
      { hops: 0, systems: 1, returned: 1 },
      { hops: 1, systems: 2, returned: 2 },
      { hops: 2, systems: 2, returned: 2 },
      { hops: 3, systems: 1, returned: 1 },
    ]);
    expect(n.keys).toEqual(['X-A>X-B', 'X-A>X-P', 'X-B>X-C', 'X-C>X-D', 'X-D>X-E', 'X-P>X-D']);
    expect(n.truncated).toBe(false);
  });

  it('follows consumers downstream, and both ways with BOTH', async () => {
    expect((await around('X-D', { depth: 4, direction: 'DOWNSTREAM' })).reached).toEqual({ 'X-D': 0, 'X-C': 1, 'X-P': 1, 'X-B': 2, 'X-A': 2 });
    expect((await around('X-C', { depth: 1, direction: 'BOTH' })).reached).toEqual({ 'X-C': 0, 'X-B': 1, 'X-D': 1 });
  });

  it('answers as of a date: edges that did not exist yet are not followed, statuses are those of the day', async () => {
    const early = await around('X-B', { depth: 4, direction: 'UPSTREAM', asOf: '2021-06-01' });
    expect(early.reached).toEqual({ 'X-B': 0, 'X-C': 1, 'X-D': 2 });
    expect(early.edges.find((e: any) => e.connection.key === 'X-B>X-C')).toMatchObject({ status: 'PLANNED', statusSince: '2021-01-01' });
    const before = await around('X-B', { depth: 4, direction: 'UPSTREAM', asOf: '2020-12-31' });
    expect(before.reached).toEqual({ 'X-B': 0 });
    const later = await around('X-B', { depth: 4, direction: 'UPSTREAM', asOf: '2023-06-01' });
    expect(later.reached).toEqual({ 'X-B': 0, 'X-C': 1, 'X-D': 2, 'X-E': 3 });
    expect(later.edges.find((e: any) => e.connection.key === 'X-B>X-C')).toMatchObject({ status: 'CONNECTED', statusSince: '2022-01-01' });
  });

  it('filters by status and by kind', async () => {
    const connectedOnly = await around('X-B', { depth: 4, direction: 'UPSTREAM', asOf: '2023-06-01', status: ['CONNECTED'] });
    expect(connectedOnly.reached).toEqual({ 'X-B': 0, 'X-C': 1, 'X-D': 2 });
    const platforms = await around('X-A', { depth: 2, direction: 'UPSTREAM', kinds: ['INTEGRATION_PLATFORM'] });
    expect(platforms.reached).toEqual({ 'X-A': 0, 'X-P': 1 });
  });

  it('cuts at perHopLimit and says so', async () => {
    const n = await around('X-H', { depth: 1, direction: 'DOWNSTREAM', limit: 4 });
    expect(n.truncated).toBe(true);
    expect(n.hops[1]).toEqual({ hops: 1, systems: 6, returned: 4 });
    expect(n.systems).toHaveLength(5);
    expect(n.edges).toHaveLength(4);
  });

  it('runs one statement per distance walked, and one for the rows', async () => {
    const counts = [];
    for (const [code, depth, direction] of [
      ['X-A', 1, 'BOTH'],
      ['X-A', 4, 'BOTH'],
      ['X-H', 4, 'DOWNSTREAM'],
    ] as const) {
      app.resetQueries();
      await around(code, { depth, direction });
      counts.push({ recursive: app.queries.filter((q) => /with recursive/i.test(q)).length, total: app.queries.length });
    }
    // The code lookup, a statement per hop while the previous one reached something, the rows: X-A's walk reaches
    // X-E at 3 hops and finds nothing new at 4; X-H's consumers have no consumers of their own.
    expect(counts).toEqual([
      { recursive: 0, total: 3 },
      { recursive: 0, total: 6 },
      { recursive: 0, total: 4 },
    ]);
  });

  it('refuses a depth outside 1..4', async () => {
    const result = await app.execute(`{ informationSystem(code: "X-A") { neighbourhood(depth: 5) { truncated } } }`);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'depth' });
  });
});

describe('connectionPaths', () => {
  const PATHS = `query($from: String!, $to: String!, $max: Int!, $direction: ConnectionDirection!, $asOf: Date) {
    connectionPaths(from: $from, to: $to, maxDepth: $max, direction: $direction, asOf: $asOf) {
      length systems { code } connections { key via { code } } platforms { code } } }`;

  it('returns every shortest path with the platforms it goes through', async () => {
    const data = await app.query(PATHS, { from: 'X-A', to: 'X-D', max: 4, direction: 'UPSTREAM' });
    expect(data.connectionPaths.map((p: any) => p.systems.map((s: any) => s.code))).toEqual([['X-A', 'X-P', 'X-D']]);
    expect(data.connectionPaths[0]).toMatchObject({ length: 2, platforms: [{ code: 'X-P' }] });
  });

  it('lists several paths of the same length, and the platform a connection goes via', async () => {
    const data = await app.query(PATHS, { from: 'X-B', to: 'X-P', max: 4, direction: 'BOTH' });
    const paths = data.connectionPaths.map((p: any) => p.systems.map((s: any) => s.code).join(' '));
    expect(paths).toEqual(['X-B X-A X-P']);
    const via = await app.query(PATHS, { from: 'X-B', to: 'X-D', max: 4, direction: 'UPSTREAM', asOf: '2023-01-01' });
    expect(via.connectionPaths[0].connections.map((c: any) => [c.key, c.via?.code ?? null])).toEqual([
      ['X-B>X-C', null],
      ['X-C>X-D', 'X-P'],
    ]);
    expect(via.connectionPaths[0].platforms).toEqual([{ code: 'X-P' }]);
  });

  it('finds nothing beyond maxDepth or before the connections existed, and names a bad code', async () => {
    expect((await app.query(PATHS, { from: 'X-A', to: 'X-E', max: 2, direction: 'UPSTREAM' })).connectionPaths).toEqual([]);
    expect((await app.query(PATHS, { from: 'X-A', to: 'X-E', max: 4, direction: 'UPSTREAM', asOf: '2022-06-01' })).connectionPaths).toEqual([]);
    const bad = await app.execute(`{ connectionPaths(from: "X-A", to: "NOPE") { length } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(bad.errors?.[0].message).toContain('"NOPE"');
  });
});

describe('history and as-of answers', () => {
  it('keeps every status of a connection in order, and answers statusOn a date', async () => {
    const data = await app.query(`{ connections(filter: { consumerCode: "X-B" }) { nodes {
      history { status occurredOn } a: statusOn(date: "2020-06-01") { status } b: statusOn(date: "2021-06-01") { status } c: statusOn(date: "2024-01-01") { status } } } }`);
    const c = data.connections.nodes[0];
    expect(c.history).toEqual([
      { status: 'PLANNED', occurredOn: '2021-01-01' },
      { status: 'CONNECTED', occurredOn: '2022-01-01' },
    ]);
    expect([c.a, c.b, c.c]).toEqual([null, { status: 'PLANNED' }, { status: 'CONNECTED' }]);
  });

  it('lists connections as they were on a date', async () => {
    const data = await app.query(`{ a: connections(filter: { asOf: "2021-06-01", systemCode: "X-B" }) { totalCount }
      b: connections(filter: { asOf: "2021-06-01", statuses: [PLANNED], systemCode: "X-C" }) { nodes { key } }
      c: informationSystem(code: "X-D") { connections(asOf: "2022-06-01") { totalCount } d: connections { totalCount } } }`);
    expect(data.a.totalCount).toBe(2);
    expect(data.b.nodes).toEqual([{ key: 'X-B>X-C' }]);
    expect(data.c.connections.totalCount).toBe(2);
    expect(data.c.d.totalCount).toBe(3);
  });

  it('gives the population database its own answer for each date in the sources', async () => {
    const data = await app.query(`{ informationSystem(code: "CSDLQG-DC") {
      aug2020: statusOn(date: "2020-08-31") { status evidence { quote } }
      jul2021: statusOn(date: "2021-07-01") { status role evidence { quote } }
      planned2021: plannedStatusOn(date: "2021-07-01") { status role statedOn evidence { quote } }
      jun2023: statusOn(date: "2023-06-30") { status role evidence { quote } }
      s2020: connectionSummary(asOf: "2020-08-31") { basis reported { text } }
      s2023: connectionSummary(asOf: "2023-07-01") { text basis evidence { quote } }
      records: observations { nodes { key valueText asOf } } } }`);
    const p = data.informationSystem;
    expect(p.aug2020.status).toBe('IN_DEVELOPMENT');
    expect(p.aug2020.evidence.quote).toContain('40 triệu');
    // August 2020's aim to go live on 1/7/2021 is a plan: on that date the status in force is still the 2020 fact.
    expect(p.jul2021).toMatchObject({ status: 'IN_DEVELOPMENT', role: 'ACTUAL' });
    expect(p.planned2021).toMatchObject({ status: 'OPERATIONAL', role: 'PLANNED', statedOn: '2020-08-01' });
    expect(p.planned2021.evidence.quote).toContain('phấn đấu sẽ đưa vào vận hành chính thức');
    expect(p.jun2023).toMatchObject({ status: 'OPERATIONAL', role: 'ACTUAL' });
    expect(p.jun2023.evidence.quote).toContain('63/63 địa phương');
    expect(p.s2020).toEqual({ basis: 'COMPUTED', reported: null });
    expect(p.s2023.text).toBe('63/63');
    expect(p.s2023.basis).toBe('REPORTED');
    expect(p.s2023.evidence[0].quote).toContain('13 bộ, ngành, 4 doanh nghiệp và 63/63 địa phương');
    expect(p.records.nodes).toContainEqual({
      key: 'bca.popdb.records_collected.2020-08',
      valueText: expect.stringContaining('40'),
      asOf: '2020-08-01',
    });
  });

  it('returns an indicator series in date order with its evidence', async () => {
    const data = await app.query(`{ indicator(code: "platform.agencies_with_platform") {
      all: series { value asOf evidence { quote } } later: series(from: "2020-03-01") { value } } }`);
    expect(data.indicator.all.map((p: any) => [p.asOf, p.value])).toEqual([
      ['2020-02-29', 25],
      ['2020-07-31', 76],
    ]);
    expect(data.indicator.all[1].evidence.quote).toContain('82,6%');
    expect(data.indicator.later).toEqual([{ value: 76 }]);
  });
});

describe('the 2025 reorganisation', () => {
  it('links provinces to their successors and reaches old figures from the new unit, each once', async () => {
    const data =
      await app.query(`{ now: agency(code: "68") { predecessors { agency { code name } } observations(first: 100) { totalCount nodes { agency { validTo } } }
        own: observations(includePredecessors: false) { totalCount } }
      old: agency(code: "68", asOf: "2023-01-01") { successors { effectiveOn agency { validFrom } } observations(first: 100) { totalCount } } }`);
    expect(data.now.predecessors.map((p: any) => p.agency.code).sort()).toEqual(['60', '67', '68']);
    expect(data.now.observations.totalCount).toBe(data.old.observations.totalCount);
    expect(data.now.observations.nodes.every((n: any) => n.agency.validTo === '2025-06-30')).toBe(true);
    expect(data.now.own.totalCount).toBe(0);
    expect(data.old.successors).toEqual([{ effectiveOn: '2025-07-01', agency: { validFrom: '2025-07-01' } }]);
  });

  it('never counts a figure twice in a roll-up, even when a unit was split among several successors', async () => {
    // A figure of the Ministry of Labour, which was split among Home Affairs, Health and Education in 2025.
    await exec(`insert into observation (key, indicator_id, agency_id, value, as_of, evidence_id, search_text)
      select 'test.split.ministry', (select min(id) from indicator), (select id from agency where code = 'BLDTBXH'), 1, '2024-01-01',
             (select min(id) from evidence), 'test'`);
    try {
      const each = await app.query(
        `{ a: agency(code: "BNV") { observations { nodes { key } } } b: agency(code: "BYT") { observations { nodes { key } } } }`,
      );
      expect(each.a.observations.nodes).toContainEqual({ key: 'test.split.ministry' });
      expect(each.b.observations.nodes).toContainEqual({ key: 'test.split.ministry' });
      const rollup = await app.query(
        `{ observations(filter: { agencyCodes: ["BNV", "BYT", "BGDDT"], includePredecessors: true }, first: 100) { nodes { key } } }`,
      );
      expect(rollup.observations.nodes.filter((n: any) => n.key === 'test.split.ministry')).toHaveLength(1);

      const provinces = await app.query(`{ agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY] }, first: 100) { nodes { code } } }`);
      const codes = provinces.agencies.nodes.map((n: any) => n.code);
      const all = await app.query(
        `query($codes: [String!]) { observations(filter: { agencyCodes: $codes, includePredecessors: true }) { totalCount } }`,
        { codes },
      );
      const [{ n }] = await exec(
        `select count(*)::int as n from observation o join agency a on a.id = o.agency_id where a.kind in ('PROVINCE', 'CENTRAL_CITY')`,
      );
      expect(all.observations.totalCount).toBe(n);
    } finally {
      await exec(`delete from observation where key = 'test.split.ministry'`);
    }
  });
});
