import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { FIGURE_TEXT_PARTS } from '../src/modules/observation/observation.queries.js';
import {
  agencySearchText,
  documentSearchText,
  figureSearchText,
  indicatorSearchText,
  systemSearchText,
  type AgencyText,
  type DocumentText,
  type FigureText,
  type IndicatorText,
  type SystemText,
} from '../src/text/search-text.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
let admin: string;

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
});
afterAll(async () => {
  await app?.stop();
});

const exec = (sql: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(sql, params);

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query, variables }),
  });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/**
 * Every row of every searchable table, as stored on the server, holds the search text its kind's one function
 * derives from it. Returns the rows that do not (as `kind code`), so a failure names them.
 */
async function underived(): Promise<string[]> {
  const wrong: string[] = [];
  for (const a of await exec('select id, code, name, full_name, name_ascii, name_en, aliases, search_text from agency')) {
    if (agencySearchText(a as AgencyText) !== a.search_text) wrong.push(`agency ${a.code} (${a.id})`);
  }
  for (const s of await exec('select code, name, name_en, search_text from information_system')) {
    if (systemSearchText(s as SystemText) !== s.search_text) wrong.push(`system ${s.code}`);
  }
  for (const i of await exec('select code, name, name_en, search_text from indicator')) {
    if (indicatorSearchText(i as IndicatorText) !== i.search_text) wrong.push(`indicator ${i.code}`);
  }
  for (const d of await exec('select key, title, publisher, author, search_text from source_document')) {
    if (documentSearchText(d as DocumentText) !== d.search_text) wrong.push(`document ${d.key}`);
  }
  for (const f of await exec(FIGURE_TEXT_PARTS)) {
    if (figureSearchText(f as unknown as FigureText) !== f.search_text) wrong.push(`figure ${f.id}`);
  }
  return wrong;
}

const EVIDENCE = { document: { title: 'Báo cáo thử nghiệm tìm kiếm', publishedAt: '2024-03-01' }, quote: 'đã kết nối 7 hệ thống' };

/** Pages through a search until the agency with this id turns up (or the results end). */
async function searchFinds(query: string, agencyId: string): Promise<boolean> {
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const { search } = await gql(
      `query($q: String!, $a: String) { search(query: $q, first: 100, after: $a) {
      nodes { __typename ... on Agency { id } } pageInfo { hasNextPage endCursor } } }`,
      { q: query, a: after },
    );
    if (search.nodes.some((n: any) => n.__typename === 'Agency' && n.id === agencyId)) return true;
    if (!search.pageInfo.hasNextPage) return false;
    after = search.pageInfo.endCursor;
  }
  return false;
}

describe('one rule for search text', () => {
  it('the seed loader stores what the functions derive, for every agency, system, indicator, figure and document', async () => {
    expect(await underived()).toEqual([]);
    const [hue] = await exec(`select aliases from agency where code = '46' and valid_to is not null`);
    expect(hue.aliases).toEqual(['Thừa Thiên Huế', 'Tỉnh Thừa Thiên Huế']);
  });

  it('every writer stores what the functions derive: agencies, systems, figures, new documents, import rows', async () => {
    const writes: [string, () => Promise<unknown>][] = [
      [
        'createAgency',
        () =>
          gql(`mutation { createAgency(input: { code: "SO-TK-68", kind: PROVINCIAL_BODY, name: "Sở Tìm kiếm Lâm Đồng",
        fullName: "Sở Tìm kiếm tỉnh Lâm Đồng", nameEn: "Search Department", parentCode: "68" }) { agency { id } } }`),
      ],
      [
        'createInformationSystem',
        () =>
          gql(`mutation { createInformationSystem(input: { code: "T-TK-1", kind: DATABASE, name: "CSDL tìm kiếm",
        nameEn: "Search database", ownerCode: "68" }) { informationSystem { id } } }`),
      ],
      [
        'recordObservation (new, about an agency and a system)',
        () =>
          gql(
            `mutation($e: EvidenceInput!) { recordObservation(input: { key: "t.tk.1",
        indicatorCode: "platform.systems_connected", agencyCode: "46", systemCode: "T-TK-1", value: 7, valueText: "7", asOf: "2024-02-01", evidence: $e }) { observation { id } } }`,
            { e: EVIDENCE },
          ),
      ],
      [
        'recordObservation (correction keeping the agency and system)',
        () =>
          gql(
            `mutation($e: EvidenceInput!) { recordObservation(input: { key: "t.tk.1",
        indicatorCode: "platform.systems_connected", value: 7, valueText: "kết nối 7", asOf: "2024-02-01", evidence: $e, version: 1 }) { observation { id } } }`,
            { e: EVIDENCE },
          ),
      ],
      [
        'updateInformationSystem (rename: its figures follow)',
        () =>
          gql(`mutation { updateInformationSystem(input: { code: "T-TK-1", version: 1,
        name: "CSDL tìm kiếm đổi tên", nameEn: null }) { informationSystem { id } } }`),
      ],
      [
        'updateAgency (rename of a seeded agency with aliases: its figures follow)',
        async () => {
          const { agency } = await gql(`{ agency(code: "46", asOf: "2024-01-01") { id version } }`);
          return gql(`mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id } } }`, {
            i: { id: agency.id, version: agency.version, name: 'Tỉnh Đổi Tên', fullName: 'Tỉnh Đổi Tên Thử', nameEn: 'Renamed Province' },
          });
        },
      ],
      [
        'importData (system, figure and connection rows)',
        () =>
          gql(`mutation($c: String!) { importData(input: { format: JSON, content: $c, dryRun: false }) { applied errors { message } } }`, {
            c: JSON.stringify([
              { type: 'system', code: 'T-TK-2', kind: 'INTEGRATION_PLATFORM', name: 'Nền tảng tìm kiếm', nameEn: 'Search platform', owner: '96' },
              {
                type: 'observation',
                key: 't.tk.2',
                indicator: 'platform.systems_connected',
                system: 'T-TK-2',
                value: 3,
                asOf: '2024-02-02',
                documentTitle: EVIDENCE.document.title,
                documentPublishedAt: EVIDENCE.document.publishedAt,
                quote: 'đã kết nối 3 hệ thống',
              },
              { type: 'system', code: 'T-TK-1', kind: 'DATABASE', name: 'CSDL tìm kiếm lần ba', owner: '68' },
              {
                type: 'connectionStatus',
                consumer: 'T-TK-1',
                provider: 'T-TK-2',
                status: 'CONNECTED',
                date: '2024-02-03',
                documentTitle: EVIDENCE.document.title,
                documentPublishedAt: EVIDENCE.document.publishedAt,
                quote: 'đã kết nối',
              },
            ]),
          }).then((r) => expect(r.importData).toMatchObject({ applied: true, errors: [] })),
      ],
    ];
    for (const [writer, write] of writes) {
      await write();
      expect(await underived(), `after ${writer}`).toEqual([]);
    }
    // The figures' texts really followed the renames (not only agreed with an unchanged row).
    const [figure] = await exec(`select search_text from observation where key = 't.tk.1'`);
    expect(figure.search_text).toContain('tinh doi ten');
    expect(figure.search_text).toContain('csdl tim kiem lan ba');
  });

  it('seed aliases still find an agency after a rename: "Thua Thien Hue" and "Huế" find code 46', async () => {
    const { agency } = await gql(`{ agency(code: "46", asOf: "2024-01-01") { id version name fullName nameEn } }`);
    const renamed =
      agency.name === 'Tỉnh Đổi Tên'
        ? agency
        : (
            await gql(`mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { id version name fullName nameEn } } }`, {
              i: { id: agency.id, version: agency.version, name: 'Tỉnh Đổi Tên', fullName: 'Tỉnh Đổi Tên Thử', nameEn: 'Renamed Province' },
            })
          ).updateAgency;
    // No name of the renamed unit holds "Huế" any more: only the stored aliases can find it.
    expect(`${renamed.name} ${renamed.fullName} ${renamed.nameEn}`).not.toMatch(/hu[eế]/i);
    for (const query of ['Thua Thien Hue', 'Thừa Thiên Huế', 'Huế', 'hue']) {
      expect(await searchFinds(query, renamed.id), query).toBe(true);
    }
    expect(await searchFinds('Tỉnh Đổi Tên', renamed.id)).toBe(true);
    const [row] = await exec(`select aliases from agency where code = '46' and valid_to is not null`);
    expect(row.aliases).toEqual(['Thừa Thiên Huế', 'Tỉnh Thừa Thiên Huế']);
    expect(await underived()).toEqual([]);
  });

  it('a written agency gets the abbreviations too: "ubnd" and "hdnd" find it', async () => {
    const made: Record<string, string> = {};
    for (const [code, name] of [
      ['UBND-TK-68', 'Ủy ban nhân dân xã Tìm Kiếm'],
      ['HDND-TK-68', 'Hội đồng nhân dân xã Tìm Kiếm'],
    ]) {
      const data = await gql(
        `mutation($c: String!, $n: String!) { createAgency(input: { code: $c, kind: PROVINCIAL_BODY, name: $n, parentCode: "68" }) { agency { id } } }`,
        {
          c: code,
          n: name,
        },
      );
      made[code] = data.createAgency.agency.id;
    }
    expect(await searchFinds('ubnd tim kiem', made['UBND-TK-68'])).toBe(true);
    expect(await searchFinds('UBND. xã Tìm Kiếm', made['UBND-TK-68'])).toBe(true);
    expect(await searchFinds('hdnd tim kiem', made['HDND-TK-68'])).toBe(true);
    expect(await underived()).toEqual([]);
  });
});
