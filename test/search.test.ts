import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { CITY_ABBREVIATIONS } from '../src/text/abbreviations.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * `search` (issue 12 part 4, issue 14): the `types` filter, which fields matched, abbreviations of unit names,
 * source documents, the capped total and paging both ways, on the seed.
 */

const TYPES = {
  AGENCY: 'Agency',
  INFORMATION_SYSTEM: 'InformationSystem',
  INDICATOR: 'Indicator',
  OBSERVATION: 'Observation',
  SOURCE_DOCUMENT: 'SourceDocument',
};
const NODE = `__typename ... on Agency { id code } ... on InformationSystem { id code } ... on Indicator { id code }
  ... on Observation { id key } ... on SourceDocument { id key }`;

type Run = (query: string, variables?: Record<string, unknown>) => Promise<any>;

async function searchAll(run: Run, q: string, types?: string[]) {
  const data = await run(
    `query($q: String!, $t: [SearchResultType!]) { search(query: $q, first: 100, types: $t) {
      totalCount totalCountIsExact edges { matchedFields node { ${NODE} } } } }`,
    { q, t: types ?? null },
  );
  return data.search as { totalCount: number; totalCountIsExact: boolean; edges: { matchedFields: string[]; node: any }[] };
}

const CITY_CODES: Record<string, string> = { 'ho chi minh': '79', 'ha noi': '01', 'hai phong': '31', 'da nang': '48', 'can tho': '92', hue: '46' };

/** The curated abbreviations and the agency code each must find, plus the generic and dotted forms. */
const ABBREVIATION_CASES: [string, string][] = [
  ...CITY_ABBREVIATIONS.flatMap((c) => c.short.map((s) => [s, CITY_CODES[c.name]] as [string, string])),
  ['tp ho chi minh', '79'],
  ['TP.HCM', '79'],
  ['tp. hồ chí minh', '79'],
  ['Tp Hà Nội', '01'],
  ['tp da nang', '48'],
  ['t. lâm đồng', '68'],
  ['tp hue', '46'],
];

function abbreviationSuite(name: string, start: () => Promise<{ run: Run; stop: () => Promise<void> }>) {
  describe(`abbreviations of unit names (${name})`, () => {
    let db: { run: Run; stop: () => Promise<void> };
    beforeAll(async () => {
      db = await start();
    }, 120_000);
    afterAll(async () => db?.stop());

    it.each(ABBREVIATION_CASES)('"%s" finds agency %s first among agencies', async (q, code) => {
      const { edges } = await searchAll(db.run, q, ['AGENCY']);
      expect(edges.length, q).toBeGreaterThan(0);
      expect(edges[0].node.code, q).toBe(code);
    });

    it('says the abbreviation matched', async () => {
      const { edges } = await searchAll(db.run, 'tphcm', ['AGENCY']);
      expect(edges[0].matchedFields).toEqual(['ABBREVIATION']);
      const tp = await searchAll(db.run, 'tp hcm', ['AGENCY']);
      expect(tp.edges[0].node.code).toBe('79');
      expect(tp.edges[0].matchedFields).toEqual(['ABBREVIATION']);
    });
  });
}

function runner(app: App): Run {
  return async (query, variables) => {
    const result = await app.execute(query, variables);
    if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
}

abbreviationSuite('PostgreSQL server', async () => {
  const app = await startTestApp();
  return { run: runner(app), stop: () => app.stop() };
});

abbreviationSuite('embedded PGlite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-search-'));
  const app = await createApp(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', PORT: '0' }));
  return { run: runner(app), stop: async () => (await app.stop(), fs.rmSync(dir, { recursive: true, force: true })) };
});

describe('search on the PostgreSQL server', () => {
  let app: TestApp;
  let run: Run;
  beforeAll(async () => {
    app = await startTestApp();
    run = runner(app);
  }, 120_000);
  afterAll(async () => app?.stop());
  const exec = (q: string, p: unknown[] = []) => app.orm.em.fork().getConnection().execute(q, p);

  it('narrows to each type, and to combinations, with totals that count only them', async () => {
    for (const q of ['lam dong', 'dan cu', 'ket noi', 'bao']) {
      const all = await searchAll(run, q);
      expect(all.totalCountIsExact).toBe(true);
      expect(all.totalCount).toBe(all.edges.length);
      let sum = 0;
      for (const [type, typename] of Object.entries(TYPES)) {
        const one = await searchAll(run, q, [type]);
        expect(one.edges.every((e) => e.node.__typename === typename)).toBe(true);
        // The same results of that type, in the same order, as the unfiltered search.
        expect(one.edges.map((e) => e.node.id)).toEqual(all.edges.filter((e) => e.node.__typename === typename).map((e) => e.node.id));
        expect(one.totalCount).toBe(one.edges.length);
        sum += one.totalCount;
      }
      expect(sum, q).toBe(all.totalCount);
      const pair = await searchAll(run, q, ['OBSERVATION', 'AGENCY', 'AGENCY']);
      const wanted = all.edges.filter((e) => ['Agency', 'Observation'].includes(e.node.__typename));
      expect(pair.edges.map((e) => e.node.id)).toEqual(wanted.map((e) => e.node.id));
      expect(pair.totalCount).toBe(wanted.length);
    }
  });

  it('refuses an empty list of types, and changes nothing', async () => {
    for (const args of ['types: []', 'types: [], first: 1', 'types: [], last: 2', 'types: [], orderBy: { field: NAME }']) {
      const result = await app.execute(`{ search(query: "lam dong", ${args}) { totalCount } }`);
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'types' });
      expect(result.errors?.[0].message).toMatch(/"types" must name at least one kind/);
    }
  });

  it('says which fields matched', async () => {
    const field = async (q: string, types: string[], pick: (n: any) => boolean) =>
      (await searchAll(run, q, types)).edges.find((e) => pick(e.node))?.matchedFields;
    expect(await field('CSDLQG-DC', ['INFORMATION_SYSTEM'], (n) => n.code === 'CSDLQG-DC')).toEqual(['CODE']);
    expect(await field('population database', ['INFORMATION_SYSTEM'], (n) => n.code === 'CSDLQG-DC')).toEqual(['ENGLISH_NAME']);
    expect(await field('Lâm Đồng', ['AGENCY'], (n) => n.code === '68')).toEqual(['NAME', 'FULL_NAME']);
    expect(await field('thua thien', ['AGENCY'], (n) => n.code === '46')).toEqual(['ALIAS']);
    expect(await field('15/23', ['OBSERVATION'], () => true)).toContain('QUOTE');
    expect(await field('Báo Lâm Đồng', ['SOURCE_DOCUMENT'], (n) => n.key === 'lamdong-2023-07-12')).toEqual(['TITLE', 'PUBLISHER']);
    // A typo matches by similarity only: the closest field is named.
    expect(await field('dan cuu', ['INFORMATION_SYSTEM'], (n) => n.code === 'CSDLQG-DC')).toEqual(['NAME']);
    // Every edge names at least one field.
    for (const q of ['lam dong', 'dan cuu', 'a', 'tphcm']) {
      expect(
        (await searchAll(run, q)).edges.every((e) => e.matchedFields.length > 0),
        q,
      ).toBe(true);
    }
  });

  it('finds source documents by title, publisher and author', async () => {
    const docs = await exec('select key, title, publisher, author from source_document order by key');
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      for (const [text, fieldName] of [
        [d.title, 'TITLE'],
        [d.publisher, 'PUBLISHER'],
        [d.author, 'AUTHOR'],
      ]) {
        if (!text) continue;
        const { edges } = await searchAll(run, text, ['SOURCE_DOCUMENT']);
        const edge = edges.find((e) => e.node.key === d.key);
        expect(edge, `${d.key} by ${fieldName}`).toBeDefined();
        expect(edge!.matchedFields).toContain(fieldName);
      }
    }
    const all = await searchAll(run, 'pháp luật tp.hcm');
    expect(all.edges[0].node).toMatchObject({ __typename: 'SourceDocument', key: 'de-an-06-2023-12-21' });
  });

  it('pages both ways with types, each result once', async () => {
    for (const [q, types, order] of [
      ['lam dong', ['AGENCY', 'OBSERVATION'], ''],
      ['ket noi', ['INDICATOR', 'OBSERVATION', 'SOURCE_DOCUMENT'], ''],
      ['lam dong', ['OBSERVATION', 'INFORMATION_SYSTEM'], ', orderBy: { field: NAME }'],
    ] as const) {
      const whole = (await searchAll(run, q, [...types])).edges.map((e) => e.node.id);
      if (order) whole.length = 0;
      const walk = async (back: boolean) => {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let i = 0; i < 100; i++) {
          const data = await run(
            `query($q: String!, $t: [SearchResultType!], $c: String) { search(query: $q, types: $t${order}, ${back ? 'last: 3, before: $c' : 'first: 3, after: $c'}) {
              totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ${NODE} } } }`,
            { q, t: types, c: cursor },
          );
          const p = data.search;
          expect(back ? p.pageInfo.hasNextPage : p.pageInfo.hasPreviousPage).toBe(cursor !== null);
          const ids = p.nodes.map((n: any) => n.id);
          if (back) seen.unshift(...ids);
          else seen.push(...ids);
          if (!(back ? p.pageInfo.hasPreviousPage : p.pageInfo.hasNextPage)) return { seen, total: p.totalCount };
          cursor = back ? p.pageInfo.startCursor : p.pageInfo.endCursor;
        }
        throw new Error('no end');
      };
      const forward = await walk(false);
      const backward = await walk(true);
      expect(new Set(forward.seen).size).toBe(forward.seen.length);
      expect(forward.seen).toHaveLength(forward.total);
      expect(backward.seen).toEqual(forward.seen);
      if (whole.length) expect(forward.seen).toEqual(whole);
    }
  }, 60_000);

  it('counts exactly up to 1,000 and says when the total is capped; the exact phrase is ranked first; pages stay whole', async () => {
    expect((await searchAll(run, 'lam dong')).totalCountIsExact).toBe(true);
    // 1,200 indicators holding "zzcap" inside a longer word only (the every-word tier, not the phrase tier).
    await exec(`insert into indicator (code, name, unit, search_text)
      select 'test.cap.' || g, 'Chỉ tiêu xzzcapx ' || g, 'x', 'test cap ' || g || ' chi tieu xzzcapx ' || g from generate_series(1, 1200) g`);
    expect(await searchAll(run, 'zzcap')).toMatchObject({ totalCount: 1000, totalCountIsExact: false });
    expect(await searchAll(run, 'zzcap', ['AGENCY', 'SOURCE_DOCUMENT'])).toMatchObject({ totalCount: 0, totalCountIsExact: true });
    // The one exact word, written last (the highest id), is a candidate of the first tier: found and ranked first.
    await exec(`insert into indicator (code, name, unit, search_text) values ('test.cap.exact', 'zzcap', 'x', 'test cap exact zzcap')`);
    const capped = await searchAll(run, 'zzcap', ['INDICATOR']);
    expect(capped).toMatchObject({ totalCount: 1000, totalCountIsExact: false });
    expect(capped.edges[0].node.code).toBe('test.cap.exact');
    // Paging a capped search gives the 1,000 ranked candidates, each once.
    const seen = new Set<string>();
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const data = await run(
        `query($a: String) { search(query: "zzcap", first: 100, after: $a) { totalCountIsExact pageInfo { hasNextPage endCursor } nodes { ... on Indicator { id } } } }`,
        { a: after },
      );
      data.search.nodes.forEach((n: any) => seen.add(n.id));
      if (!data.search.pageInfo.hasNextPage) break;
      after = data.search.pageInfo.endCursor;
    }
    expect(seen.size).toBe(1000);
    // 1,000 matches exactly is still exact; 1,001 is not.
    await exec(`delete from indicator where code like 'test.cap.%' and code <> 'test.cap.exact' and substr(code, 10)::int > 999`);
    expect(await searchAll(run, 'zzcap')).toMatchObject({ totalCount: 1000, totalCountIsExact: true });
    await exec(`insert into indicator (code, name, unit, search_text) values ('test.cap.more', 'zzcap', 'x', 'zzcap')`);
    expect(await searchAll(run, 'zzcap')).toMatchObject({ totalCount: 1000, totalCountIsExact: false });
  }, 60_000);
});
