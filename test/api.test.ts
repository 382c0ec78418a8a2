import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('connection summary', () => {
  it("answers 15/23 for Lâm Đồng's LGSP with the seed's exact quote", async () => {
    const data = await app.query(`{ informationSystem(code: "LGSP-68") {
      connectionSummary { connected total text ratio basis asOf consistent computed { text }
        reported { text observation { valueText } }
        evidence { quote document { title publisher publishedAt fileName } } } } }`);
    const s = data.informationSystem.connectionSummary;
    expect(s).toMatchObject({ connected: 15, total: 23, text: '15/23', basis: 'REPORTED', asOf: '2023-07-12' });
    expect(s.ratio).toBeCloseTo(15 / 23);
    expect(s.computed.text).toBe('1/1');
    expect(s.evidence).toEqual([
      {
        quote: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL',
        document: {
          title: 'Chuyển đổi số 6 tháng cuối năm phải làm tốt hơn 6 tháng đầu năm',
          publisher: 'Báo Lâm Đồng',
          publishedAt: '2023-07-12',
          fileName: '000_3fa2b802887004d5.txt',
        },
      },
    ]);
  });

  it('is computed from the edges when no count was reported', async () => {
    const data = await app.query(`{ informationSystem(code: "VNEID") { connectionSummary { text basis reported { text } evidence { quote } } } }`);
    const s = data.informationSystem.connectionSummary;
    expect(s.basis).toBe('COMPUTED');
    expect(s.text).toBe('3/3');
    expect(s.reported).toBeNull();
    expect(s.evidence.length).toBeGreaterThan(0);
  });

  it('answers as of a date before the figure was reported with the edges of that date', async () => {
    const data = await app.query(`{ informationSystem(code: "LGSP-68") { connectionSummary(asOf: "2022-01-01") { text basis } } }`);
    expect(data.informationSystem.connectionSummary).toEqual({ text: '0/0', basis: 'COMPUTED' });
  });

  it('serves the computed count, flagged as disagreeing, when the edges cover the reported total', async () => {
    // Enumerate 23 systems behind a platform that reported 15/23: 20 connected, 3 planned.
    const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
    await exec(`insert into information_system (code, kind, name, owner_id, search_text)
      select 'TEST-SYS-' || g, 'OTHER', 'Test system ' || g, (select id from agency where code = '68' and valid_to is not null), 'test'
      from generate_series(1, 23) g`);
    await exec(`insert into connection (key, consumer_id, provider_id, status, status_since)
      select 'TEST-SYS-' || g || '>LGSP-68', s.id, (select id from information_system where code = 'LGSP-68'),
             case when g <= 20 then 'CONNECTED' else 'PLANNED' end, date '2023-07-01'
      from generate_series(1, 23) g join information_system s on s.code = 'TEST-SYS-' || g`);
    await exec(`insert into connection_event (connection_id, status, occurred_on)
      select id, status, status_since from connection where key like 'TEST-SYS-%'`);
    try {
      // The read cache hears of the inserts through PostgreSQL NOTIFY, a moment after they commit: ask until it has.
      const summary = async () =>
        (await app.query(`{ informationSystem(code: "LGSP-68") { connectionSummary { text basis consistent note reported { text } } } }`))
          .informationSystem.connectionSummary;
      let s = await summary();
      for (let i = 0; i < 50 && s.text === '15/23'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        s = await summary();
      }
      expect(s).toMatchObject({ text: '21/24', basis: 'COMPUTED', consistent: false, reported: { text: '15/23' } });
      expect(s.note).toContain('disagrees');
    } finally {
      await exec(`delete from connection_event where connection_id in (select id from connection where key like 'TEST-SYS-%')`);
      await exec(`delete from connection where key like 'TEST-SYS-%'`);
      await exec(`delete from information_system where code like 'TEST-SYS-%'`);
    }
  });
});

describe('pagination', () => {
  it('walks a list with cursors, with totalCount and no overlap', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 10; page++) {
      const data: any = await app.query(
        `query($after: String) { observations(first: 30, after: $after) {
        totalCount edges { cursor node { id } } nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }`,
        { after },
      );
      const conn = data.observations;
      total = conn.totalCount;
      expect(conn.nodes.map((n: any) => n.id)).toEqual(conn.edges.map((e: any) => e.node.id));
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.nodes.map((n: any) => n.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(total).toBe(102);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it('defaults to 20 and refuses more than 100 with a clear BAD_USER_INPUT error', async () => {
    const ok = await app.query(`{ agencies(filter: { allPeriods: true }) { nodes { code } pageInfo { hasNextPage } } }`);
    expect(ok.agencies.nodes).toHaveLength(20);
    for (const first of [101, 0, -1]) {
      const result = await app.execute(`{ agencies(first: ${first}) { totalCount } }`);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(result.errors?.[0].message).toContain('between 1 and 100');
    }
  });

  it('refuses a cursor it did not issue', async () => {
    const result = await app.execute(`{ connections(after: "bm9wZQ") { totalCount } }`);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('agencies and the 2025 reorganisation', () => {
  it('lists 63 provinces in 2023 and 34 today', async () => {
    const old = await app.query(`{ agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY], validOn: "2023-12-31" }) { totalCount } }`);
    const now = await app.query(`{ agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY] }) { totalCount } }`);
    expect(old.agencies.totalCount).toBe(63);
    expect(now.agencies.totalCount).toBe(34);
  });

  it('resolves a code to the unit of the date asked', async () => {
    const data = await app.query(`{ old: agency(code: "68", asOf: "2023-07-12") { name validTo observations { totalCount } }
      now: agency(code: "68") { name validFrom } gone: agency(code: "BTTTT") { name validTo } }`);
    expect(data.old).toMatchObject({ name: 'Lâm Đồng', validTo: '2025-06-30' });
    expect(data.old.observations.totalCount).toBeGreaterThan(10);
    expect(data.now).toEqual({ name: 'Lâm Đồng', validFrom: '2025-07-01' });
    expect(data.gone).toEqual({ name: 'Bộ Thông tin và Truyền thông', validTo: '2025-02-28' });
  });

  it('holds the 3,321 communes under their provinces', async () => {
    const data = await app.query(`{ all: agencies(filter: { kinds: [COMMUNE] }) { totalCount }
      lamDong: agencies(filter: { parentCode: "68", kinds: [COMMUNE] }, first: 1) { totalCount nodes { parent { name } } } }`);
    expect(data.all.totalCount).toBe(3321);
    expect(data.lamDong.totalCount).toBe(124);
    expect(data.lamDong.nodes[0].parent.name).toBe('Lâm Đồng');
  });
});

describe('search', () => {
  it('gives the same results for "lam dong", "Lâm Đồng" and "LAM ĐỒNG"', async () => {
    const run = async (q: string) =>
      (
        await app.query(
          `query($q: String!) { search(query: $q, first: 50) {
      totalCount edges { score node { __typename ... on Agency { id } ... on InformationSystem { id } ... on Indicator { id } ... on Observation { id } } } } }`,
          { q },
        )
      ).search;
    const [a, b, c] = await Promise.all([run('lam dong'), run('Lâm Đồng'), run('LAM ĐỒNG')]);
    expect(a.totalCount).toBeGreaterThan(5);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.edges[0].node.__typename).toBe('Agency');
  });

  it('finds a system by words in any order and an indicator by its English name', async () => {
    const data = await app.query(`{ s: search(query: "lgsp lâm đồng", first: 3) { nodes { ... on InformationSystem { code } } }
      i: search(query: "population database", first: 5) { nodes { __typename ... on InformationSystem { code } } } }`);
    expect(data.s.nodes[0]).toEqual({ code: 'LGSP-68' });
    expect(data.i.nodes).toContainEqual({ __typename: 'InformationSystem', code: 'CSDLQG-DC' });
  });

  it('pages through results and refuses an empty query', async () => {
    const first = await app.query(
      `{ search(query: "dich vu cong", first: 5) { totalCount pageInfo { endCursor hasNextPage } nodes { __typename } } }`,
    );
    expect(first.search.pageInfo.hasNextPage).toBe(true);
    const second = await app.query(
      `query($a: String) { search(query: "dich vu cong", first: 5, after: $a) { totalCount pageInfo { hasPreviousPage } } }`,
      { a: first.search.pageInfo.endCursor },
    );
    expect(second.search.totalCount).toBe(first.search.totalCount);
    expect(second.search.pageInfo.hasPreviousPage).toBe(true);
    const bad = await app.execute(`{ search(query: "  ") { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'query' });
  });
});

describe('node and connections', () => {
  it('refetches every kind of object by its global id', async () => {
    const data =
      await app.query(`{ informationSystem(code: "CSDLQG-DC") { id connections(first: 1) { nodes { id history { evidence { id document { id } } } } }
      observations(first: 1) { nodes { id indicator { id } } } owner { id } } }`);
    const sys = data.informationSystem;
    const ids = [
      sys.id,
      sys.owner.id,
      sys.connections.nodes[0].id,
      sys.connections.nodes[0].history[0].evidence.id,
      sys.connections.nodes[0].history[0].evidence.document.id,
      sys.observations.nodes[0].id,
      sys.observations.nodes[0].indicator.id,
    ];
    for (const id of ids) {
      const found = await app.query(`query($id: ID!) { node(id: $id) { id __typename } }`, { id });
      expect(found.node.id).toBe(id);
    }
    const bad = await app.execute(`{ node(id: "garbage") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters connections by status and system, in both directions', async () => {
    const data = await app.query(`{ planned: connections(filter: { statuses: [PLANNED] }) { totalCount nodes { status } }
      lgsp: connections(filter: { systemCode: "LGSP-68" }) { nodes { consumer { code } provider { code } via { code } evidence { quote } } }
      up: informationSystem(code: "VNEID") { connections(direction: UPSTREAM) { totalCount } }
      down: informationSystem(code: "VNEID") { connections(direction: DOWNSTREAM) { totalCount } } }`);
    expect(data.planned.totalCount).toBeGreaterThan(0);
    expect(data.planned.nodes.every((n: any) => n.status === 'PLANNED')).toBe(true);
    expect(data.lgsp.nodes).toEqual([
      {
        consumer: { code: 'LGSP-68' },
        provider: { code: 'NDXP' },
        via: null,
        evidence: [{ quote: expect.stringContaining('nền tảng tích hợp, chia sẻ dữ liệu (LGSP) của tỉnh đã kết nối') }],
      },
    ]);
    expect(data.up.connections.totalCount).toBe(3);
    expect(data.down.connections.totalCount).toBe(0);
  });

  it('filters observations by indicator, agency and dates, and refuses a reversed range', async () => {
    const data = await app.query(`{ observations(filter: { indicatorCode: "platform.agencies_with_platform", from: "2020-01-01", to: "2020-12-31" }) {
      nodes { value asOf unit qualifier agency { code } evidence { quote } } } }`);
    expect(data.observations.nodes.map((n: any) => [n.asOf, n.value])).toEqual([
      ['2020-02-29', 25],
      ['2020-07-31', 76],
    ]);
    const bad = await app.execute(`{ observations(filter: { from: "2021-01-01", to: "2020-01-01" }) { totalCount } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
