import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * `codes`-style filters (issue 12 part 8) on every list that filters by one code: what they match is checked against
 * the database read with plain SQL, and every bad list (empty, over 100, a blank code) is refused on every list with
 * BAD_USER_INPUT naming the argument. Unknown codes match nothing.
 */

let app: TestApp;
const sql = (query: string, params: unknown[] = []): Promise<Record<string, any>[]> => app.orm.em.fork().getConnection().execute(query, params);

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

/** Every list with a codes filter: how to ask it, and what the database says it should answer. */
interface CodeList {
  name: string;
  /** The filter field. */
  field: string;
  query: string;
  /** Codes to ask for (a few real ones), read from the database. */
  sample(): Promise<string[]>;
  /** The item keys the filter should give for these codes, by SQL. */
  expected(codes: string[]): Promise<string[]>;
}

const page = (list: string, key: string, args = '') =>
  `query($filter: ${list}) { list: ${args}(filter: $filter, first: 100) { totalCount nodes { ${key} } } }`;

const LISTS: CodeList[] = [
  {
    name: 'agencies',
    field: 'codes',
    query: page('AgencyFilter', 'code', 'agencies'),
    sample: async () => ['68', '96', 'BCA'],
    expected: async (codes) =>
      (
        await sql(
          `select code from agency where code in (?) and (valid_from is null or valid_from <= current_date) and (valid_to is null or valid_to >= current_date)`,
          [codes],
        )
      ).map((r) => r.code),
  },
  {
    name: 'informationSystems',
    field: 'codes',
    query: page('SystemFilter', 'code', 'informationSystems'),
    sample: async () => (await sql(`select code from information_system order by id limit 3`)).map((r) => r.code),
    expected: async (codes) => (await sql(`select code from information_system where code in (?)`, [codes])).map((r) => r.code),
  },
  {
    name: 'informationSystems',
    field: 'ownerCodes',
    query: page('SystemFilter', 'code', 'informationSystems'),
    sample: async () => ['68', 'BCA'],
    expected: async (codes) =>
      (await sql(`select s.code from information_system s join agency a on a.id = s.owner_id where a.code in (?)`, [codes])).map((r) => r.code),
  },
  {
    name: 'connections',
    field: 'systemCodes',
    query: page('ConnectionFilter', 'key', 'connections'),
    sample: async () => ['LGSP-68', 'NDXP'],
    expected: async (codes) =>
      (
        await sql(
          `select distinct c.key from connection c join information_system s on s.id in (c.consumer_id, c.provider_id, c.via_id) where s.code in (?)`,
          [codes],
        )
      ).map((r) => r.key),
  },
  {
    name: 'indicators',
    field: 'codes',
    query: page('IndicatorFilter', 'code', 'indicators'),
    sample: async () => (await sql(`select code from indicator order by id limit 3`)).map((r) => r.code),
    expected: async (codes) => (await sql(`select code from indicator where code in (?)`, [codes])).map((r) => r.code),
  },
];

const keysOf = (data: any) => data.list.nodes.map((n: any) => n.code ?? n.key).sort();

describe.each(LISTS)('$name(filter: { $field })', (list) => {
  it('lists the items of the codes, and an unknown code adds nothing', async () => {
    const codes = await list.sample();
    const want = (await list.expected(codes)).sort();
    expect(want.length).toBeGreaterThan(0);
    const data = await app.query(list.query, { filter: { [list.field]: [...codes, 'NO-SUCH-CODE'] } });
    expect(keysOf(data)).toEqual(want);
    expect(data.list.totalCount).toBe(want.length);
    const none = await app.query(list.query, { filter: { [list.field]: ['NO-SUCH-CODE'] } });
    expect(none.list).toEqual({ totalCount: 0, nodes: [] });
  });

  it('a single code gives what the one-code filter gives, and 100 codes are accepted', async () => {
    const [code] = await list.sample();
    const data = await app.query(list.query, { filter: { [list.field]: [code, ...Array.from({ length: 99 }, (_, i) => `X-${i}`)] } });
    expect(keysOf(data)).toEqual((await list.expected([code])).sort());
  });

  it.each([
    ['empty', [] as string[], /is empty/],
    ['over 100 codes', Array.from({ length: 101 }, (_, i) => `C${i}`), /101 codes; at most 100/],
    ['a blank code', ['68', '  '], /is blank/],
  ])('refuses %s with BAD_USER_INPUT naming the argument', async (_, codes, message) => {
    const result = await app.execute(list.query, { filter: { [list.field]: codes } });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(String(result.errors![0].extensions?.field)).toMatch(new RegExp(`^filter\\.${list.field}`));
    expect(result.errors![0].message).toMatch(message);
  });

  it('refuses a code with a control character like the one-code filter does', async () => {
    const result = await app.execute(list.query, { filter: { [list.field]: ['68\u0000'] } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('indicators(filter)', () => {
  const INDICATORS = `query($filter: IndicatorFilter) { indicators(filter: $filter, first: 100) { totalCount nodes { code unit measure countsConnections } } }`;
  const codes = (data: any) => data.indicators.nodes.map((n: any) => n.code).sort();
  const bySql = async (where: string, params: unknown[] = []) =>
    (await sql(`select code from indicator i where ${where}`, params)).map((r) => r.code).sort();

  it('filters by measure, unit, counting connections, and text', async () => {
    const [{ unit, measure }] = await sql(`select unit, measure from indicator group by unit, measure order by count(*) desc limit 1`);
    expect(codes(await app.query(INDICATORS, { filter: { measures: [measure] } }))).toEqual(await bySql('measure = ?', [measure]));
    expect(codes(await app.query(INDICATORS, { filter: { unit } }))).toEqual(await bySql('unit = ?', [unit]));
    expect(codes(await app.query(INDICATORS, { filter: { countsConnections: true } }))).toEqual(await bySql('counts_connections'));
    expect(codes(await app.query(INDICATORS, { filter: { countsConnections: false } }))).toEqual(await bySql('not counts_connections'));
    const both = await app.query(INDICATORS, { filter: { unit, measures: [measure] } });
    expect(codes(both)).toEqual(await bySql('unit = ? and measure = ?', [unit, measure]));
    // Text is accent-insensitive: the folded name of an indicator finds it.
    const [{ code, name }] = await sql(`select code, name from indicator order by id limit 1`);
    const folded = name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .toUpperCase();
    expect(codes(await app.query(INDICATORS, { filter: { text: folded } }))).toContain(code);
    expect((await app.query(INDICATORS, { filter: { text: 'no indicator is called this' } })).indicators.totalCount).toBe(0);
  });

  it('filters by having figures for an agency, its predecessors included', async () => {
    const want = await bySql(`exists (select 1 from observation o join agency a on a.id = o.agency_id where o.indicator_id = i.id
      and (a.code = '68' or a.id in (select predecessor_id from agency_succession s join agency x on x.id = s.successor_id where x.code = '68')))`);
    expect(want.length).toBeGreaterThan(0);
    expect(codes(await app.query(INDICATORS, { filter: { agencyCode: '68' } }))).toEqual(want);
    expect((await app.query(INDICATORS, { filter: { agencyCode: 'NO-SUCH-AGENCY' } })).indicators.totalCount).toBe(0);
  });
});
