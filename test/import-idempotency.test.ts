import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { ROW_TYPES, type ImportRowType } from '../src/modules/import/import-rows.js';
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

type Cell = string | number;
interface RowKind {
  /** A row with every field filled; `n` makes the record it names unique. */
  full(n: string, date: string): Record<string, Cell>;
  /** Fields that name the record (leaving one out names another record), or that every row needs. */
  required: string[];
  /** The stored record, as the row's field names (SQL, one row per record named by `name`). */
  stored: string;
  name(row: Record<string, Cell>): string;
}

const DOC = {
  documentTitle: 'Báo cáo thử nghiệm nhập lại',
  documentPublishedAt: '2024-03-01',
  documentPublisher: 'Sở thử nghiệm',
  documentUrl: 'https://example.org/bao-cao',
};
const EVIDENCE_STORED = `d.title as "documentTitle", d.published_at::text as "documentPublishedAt", d.publisher as "documentPublisher", d.url as "documentUrl", e.quote`;

/** The one table: every optional field of every row type is the full row's fields minus the required ones. */
const KINDS: Record<ImportRowType, RowKind> = {
  connectionStatus: {
    full: (_n, date) => ({
      consumer: 'TTHC-68',
      provider: 'CDVCQG',
      via: 'NDXP',
      status: 'CONNECTED',
      date,
      reason: 'kết nối lại',
      ...DOC,
      quote: 'đã kết nối lại',
    }),
    // The ends and the platform make the connection's key; status and date name the event.
    required: ['consumer', 'provider', 'via', 'status', 'date', 'documentTitle', 'documentPublishedAt', 'quote'],
    stored: `select cs.code as consumer, ps.code as provider, vs.code as via, ev.status, ev.occurred_on::text as date, ev.reason, ${EVIDENCE_STORED}
      from connection_event ev join connection c on c.id = ev.connection_id join information_system cs on cs.id = c.consumer_id
      join information_system ps on ps.id = c.provider_id left join information_system vs on vs.id = c.via_id
      join evidence e on e.id = ev.evidence_id join source_document d on d.id = e.document_id
      where c.key = ? and ev.occurred_on = ?::date`,
    name: (r) => JSON.stringify([`${r.consumer}>${r.provider}@${r.via}`, r.date]),
  },
  observation: {
    full: (n, date) => ({
      key: `t.idem.${n}`,
      indicator: 'platform.systems_connected',
      agency: '68',
      system: 'LGSP-68',
      valueText: '15/23',
      value: 15.5,
      numerator: 15,
      denominator: 23,
      qualifier: 'ABOUT',
      target: 30,
      targetQualifier: 'AT_LEAST',
      asOf: date,
      periodStart: '2024-01-01',
      periodEnd: date,
      note: 'ghi chú',
      ...DOC,
      quote: 'đã kết nối 15/23 hệ thống',
    }),
    required: ['key', 'indicator', 'asOf', 'documentTitle', 'documentPublishedAt', 'quote'],
    stored: `select o.key, i.code as indicator, a.code as agency, s.code as system, o.value_text as "valueText", o.value, o.numerator, o.denominator,
        o.qualifier, o.target, o.target_qualifier as "targetQualifier", o.as_of::text as "asOf", o.period_start::text as "periodStart",
        o.period_end::text as "periodEnd", o.note, ${EVIDENCE_STORED}
      from observation o join indicator i on i.id = o.indicator_id left join agency a on a.id = o.agency_id
      left join information_system s on s.id = o.system_id join evidence e on e.id = o.evidence_id join source_document d on d.id = e.document_id
      where o.key = ?`,
    name: (r) => JSON.stringify([r.key]),
  },
  system: {
    full: (n) => ({
      code: `T-IDEM-${n.toUpperCase()}`,
      kind: 'DATABASE',
      name: `CSDL thử nhập lại ${n}`,
      nameEn: `Re-import test database ${n}`,
      description: 'Cơ sở dữ liệu thử nghiệm',
      owner: '68',
      operator: 'VNPT',
    }),
    required: ['code', 'kind', 'name', 'owner'],
    stored: `select s.code, s.kind, s.name, s.name_en as "nameEn", s.description, ow.code as owner, op.code as operator
      from information_system s join agency ow on ow.id = s.owner_id left join agency op on op.id = s.operator_id where s.code = ?`,
    name: (r) => JSON.stringify([r.code]),
  },
};

const optional = (type: ImportRowType) => Object.keys(KINDS[type].full('x', '2024-01-01')).filter((f) => !KINDS[type].required.includes(f));

interface Case {
  type: ImportRowType;
  omitted: string;
  full: Record<string, Cell>;
}

/** One case per (row type, optional field), each naming its own record; `prefix` keeps the JSON and CSV records apart. */
function cases(prefix: string, day: number): Case[] {
  return ROW_TYPES.flatMap((type) =>
    optional(type).map((omitted, i) => {
      const date = `2024-0${day}-${String(i + 1).padStart(2, '0')}`;
      return { type, omitted, full: KINDS[type].full(`${prefix}-${i}`, date) };
    }),
  );
}

const IMPORT = `mutation($format: ImportFormat!, $content: String!) {
  importData(input: { format: $format, content: $content, dryRun: false }) { applied rows unchanged changes { row action entityKey changes } errors { row field message code } } }`;

async function importData(content: string, format: 'JSON' | 'CSV') {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query: IMPORT, variables: { format, content } }),
  });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data.importData;
}

const csvCell = (v: Cell | undefined) => (v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
function toCsv(rows: Record<string, Cell>[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n');
}
const toJson = (rows: Record<string, unknown>[]) => JSON.stringify(rows);

const withType = (c: Case, fields: Record<string, unknown>) => ({ type: c.type, ...fields });
const without = (row: Record<string, Cell>, field: string) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => k !== field)) as Record<string, Cell>;

const exec = (sql: string, params: unknown[] = []) => app.orm.em.fork().getConnection().execute(sql, params);

/** Everything an import can touch, every column, versions included: equal snapshots mean nothing changed. */
async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of [
    'information_system',
    'system_lifecycle_event',
    'connection',
    'connection_event',
    'observation',
    'evidence',
    'source_document',
    'audit_log',
  ]) {
    out[table] = await exec(`select * from ${table} order by id`);
  }
  return out;
}

async function stored(c: Case): Promise<Record<string, unknown>> {
  const rows = await exec(KINDS[c.type].stored, JSON.parse(KINDS[c.type].name(c.full)));
  expect(rows, `${c.type} ${KINDS[c.type].name(c.full)}`).toHaveLength(1);
  return rows[0];
}

/** Imports the full rows, then files leaving out each optional field in the given ways; each of those changes nothing. */
async function checkLeavingOut(format: 'JSON' | 'CSV', list: Case[], variants: { label: string; row: (c: Case) => Record<string, unknown> }[]) {
  const encode = format === 'JSON' ? toJson : (rows: Record<string, unknown>[]) => toCsv(rows as Record<string, Cell>[]);
  const first = await importData(encode(list.map((c) => withType(c, c.full))), format);
  expect(first.errors).toEqual([]);
  expect(first.applied).toBe(true);
  // Every optional field holds a value, so "kept" below cannot be null == null.
  for (const c of list) expect((await stored(c))[c.omitted], `${c.type}.${c.omitted} stored`).not.toBeNull();
  const before = await snapshot();

  for (const variant of variants) {
    const content = encode(list.map(variant.row));
    for (const run of ['once', 'again']) {
      const result = await importData(content, format);
      expect(result, `${format} ${variant.label}, ${run}`).toMatchObject({
        applied: true,
        rows: list.length,
        unchanged: list.length,
        changes: [],
        errors: [],
      });
      // No version bumped, no audit record, no row rewritten.
      expect(await snapshot(), `${format} ${variant.label}, ${run}`).toEqual(before);
    }
    for (const c of list) {
      const value = (await stored(c))[c.omitted];
      expect(String(value), `${format} ${variant.label}: ${c.type}.${c.omitted} kept`).toBe(String(c.full[c.omitted]));
    }
  }
}

describe('importing the same file again changes nothing', () => {
  it('the test table covers every row type and every column the README documents', () => {
    expect(Object.keys(KINDS).sort()).toEqual([...ROW_TYPES].sort());
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
    const names = (text: string) => [...text.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    const evidence = names(readme.match(/^Evidence columns:[^]*?\n\n/m)![0]);
    for (const type of ROW_TYPES) {
      const line = readme.split('\n').find((l) => l.startsWith(`| \`${type}\` |`))!;
      const documented = [...names(line.split('|')[2]), ...(line.includes('+ evidence') ? evidence : [])].filter((f) => f !== 'documentKey');
      expect(Object.keys(KINDS[type].full('x', '2024-01-01')).sort(), type).toEqual([...new Set(documented)].sort());
    }
  });

  it('JSON: rows leaving out each optional field (absent, null or empty) change nothing, once or again', async () => {
    const list = cases('json', 1);
    expect(list.length).toBe(ROW_TYPES.reduce((n, t) => n + optional(t).length, 0));
    await checkLeavingOut('JSON', list, [
      { label: 'field absent', row: (c) => withType(c, without(c.full, c.omitted)) },
      { label: 'field null', row: (c) => withType(c, { ...c.full, [c.omitted]: null }) },
      { label: 'field ""', row: (c) => withType(c, { ...c.full, [c.omitted]: '' }) },
    ]);
  });

  it("CSV: rows with each optional field's cell empty change nothing, once or again", async () => {
    await checkLeavingOut('CSV', cases('csv', 2), [
      { label: 'empty cell', row: (c) => withType(c, { ...without(c.full, c.omitted), [c.omitted]: '' }) },
    ]);
  });

  it('CSV: a file without an optional column at all changes nothing', async () => {
    const list = cases('nocol', 3);
    for (const type of ROW_TYPES) {
      const mine = list.filter((c) => c.type === type);
      expect((await importData(toCsv(mine.map((c) => withType(c, c.full) as Record<string, Cell>)), 'CSV')).errors).toEqual([]);
      for (const field of optional(type)) {
        const before = await snapshot();
        const content = toCsv(mine.map((c) => withType(c, without(c.full, field)) as Record<string, Cell>));
        expect(content.split('\n')[0].split(',')).not.toContain(field);
        for (const run of ['once', 'again']) {
          expect(await importData(content, 'CSV'), `${type} without column ${field}, ${run}`).toMatchObject({
            unchanged: mine.length,
            changes: [],
            errors: [],
          });
        }
        expect(await snapshot()).toEqual(before);
      }
    }
  });

  it('a row that changes one field and leaves the others out changes just that field, once', async () => {
    const sys = KINDS.system.full('partial', '2024-01-01');
    const fig = KINDS.observation.full('partial', '2024-04-01');
    await importData(
      toJson([
        { type: 'system', ...sys },
        { type: 'observation', ...fig },
      ]),
      'JSON',
    );
    const versions = async () =>
      (
        await exec(`select (select version from information_system where code = ?) as s, (select version from observation where key = ?) as o`, [
          sys.code,
          fig.key,
        ])
      )[0];
    const before = await versions();
    const rows = toCsv([
      { type: 'system', code: sys.code, kind: sys.kind, name: 'Tên mới', owner: sys.owner },
      {
        type: 'observation',
        key: fig.key,
        indicator: fig.indicator,
        asOf: fig.asOf,
        note: 'ghi chú mới',
        documentTitle: DOC.documentTitle,
        documentPublishedAt: DOC.documentPublishedAt,
        quote: fig.quote,
      },
    ]);
    const first = await importData(rows, 'CSV');
    expect(first.errors).toEqual([]);
    expect(first.changes.map((c: any) => [c.action, c.changes])).toEqual([
      ['system.update', { name: { from: sys.name, to: 'Tên mới' } }],
      ['observation.update', { note: { from: 'ghi chú', to: 'ghi chú mới' } }],
    ]);
    expect(await versions()).toEqual({ s: before.s + 1, o: before.o + 1 });
    const snap = await snapshot();
    expect(await importData(rows, 'CSV')).toMatchObject({ unchanged: 2, changes: [], errors: [] });
    expect(await snapshot()).toEqual(snap);
    const kept = await stored({ type: 'system', omitted: 'nameEn', full: sys });
    expect(kept).toMatchObject({ nameEn: sys.nameEn, description: sys.description, operator: sys.operator, name: 'Tên mới' });
  });
});

describe('an update with nothing new, through the GraphQL mutations', () => {
  async function gql(query: string, variables: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as any;
  }
  const auditCount = async () => Number((await exec('select count(*)::int as n from audit_log'))[0].n);

  it('bumps no version and writes no audit record, for every update mutation; an explicit null clears, and only that', async () => {
    const created = await gql(
      `mutation($i: CreateInformationSystemInput!) { createInformationSystem(input: $i) { informationSystem { version } } }`,
      {
        i: {
          code: 'T-GQL-NOOP',
          kind: 'DATABASE',
          name: 'CSDL không đổi',
          nameEn: 'Unchanged',
          description: 'mô tả',
          ownerCode: '68',
          operatorCode: 'VNPT',
        },
      },
    );
    expect(created.errors).toBeUndefined();
    const agency = (await app.query(`{ agency(code: "68", asOf: "2024-01-01") { id version name fullName nameEn } }`)).agency;
    const figure = KINDS.observation.full('gql', '2024-05-01');
    await importData(toJson([{ type: 'observation', ...figure }]), 'JSON');
    const fig = (await exec('select version from observation where key = ?', [figure.key]))[0];
    const evidence = { document: { title: DOC.documentTitle, publishedAt: DOC.documentPublishedAt }, quote: figure.quote };

    const noops: [string, string, Record<string, unknown>][] = [
      [
        'updateInformationSystem',
        `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version nameEn } } }`,
        { code: 'T-GQL-NOOP', version: 1 },
      ],
      [
        'updateInformationSystem',
        `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version nameEn } } }`,
        { code: 'T-GQL-NOOP', version: 1, name: 'CSDL không đổi', kind: 'DATABASE', nameEn: 'Unchanged', description: 'mô tả', operatorCode: 'VNPT' },
      ],
      [
        'updateAgency',
        `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { version } } }`,
        { id: agency.id, version: agency.version },
      ],
      [
        'updateAgency',
        `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { version } } }`,
        { id: agency.id, version: agency.version, name: agency.name },
      ],
      [
        'recordObservation',
        `mutation($i: RecordObservationInput!) { recordObservation(input: $i) { observation { version note } } }`,
        { key: figure.key, indicatorCode: figure.indicator, asOf: figure.asOf, evidence, version: fig.version },
      ],
      // Based on an older version, but nothing to change: nothing is lost, so no CONFLICT either.
      [
        'updateInformationSystem',
        `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version } } }`,
        { code: 'T-GQL-NOOP', version: 0 },
      ],
    ];
    const before = await snapshot();
    const agencyBefore = await exec('select * from agency where id = (select id from agency where code = ? and valid_to is not null)', ['68']);
    for (const [name, query, input] of noops) {
      const r = await gql(query, { i: input });
      expect(r.errors, `${name} ${JSON.stringify(input)}`).toBeUndefined();
      expect(await snapshot(), `${name} ${JSON.stringify(input)}`).toEqual(before);
    }
    expect(await exec('select * from agency where id = (select id from agency where code = ? and valid_to is not null)', ['68'])).toEqual(
      agencyBefore,
    );

    // An explicit null clears that field, one version up, one audit record naming only it.
    const audits = await auditCount();
    const cleared = await gql(
      `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version nameEn description } } }`,
      {
        i: { code: 'T-GQL-NOOP', version: 1, nameEn: null },
      },
    );
    expect(cleared.data.updateInformationSystem.informationSystem).toEqual({ version: 2, nameEn: null, description: 'mô tả' });
    expect(await auditCount()).toBe(audits + 1);
    const [entry] = await exec(`select changes from audit_log order by id desc limit 1`);
    expect(entry.changes).toEqual({ name_en: { from: 'Unchanged', to: null } });
    const note = await gql(`mutation($i: RecordObservationInput!) { recordObservation(input: $i) { observation { version note value } } }`, {
      i: { key: figure.key, indicatorCode: figure.indicator, asOf: figure.asOf, evidence, version: fig.version, note: null },
    });
    expect(note.data.recordObservation.observation).toEqual({ version: fig.version + 1, note: null, value: figure.value });

    // A field that cannot be empty is refused, naming it, rather than cleared or silently kept.
    for (const [query, input, field] of [
      [
        `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version } } }`,
        { code: 'T-GQL-NOOP', version: 2, name: null },
        'input.name',
      ],
      [
        `mutation($i: UpdateInformationSystemInput!) { updateInformationSystem(input: $i) { informationSystem { version } } }`,
        { code: 'T-GQL-NOOP', version: 2, kind: null },
        'input.kind',
      ],
      [
        `mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { agency { version } } }`,
        { id: agency.id, version: agency.version, name: null },
        'input.name',
      ],
    ] as const) {
      const r = await gql(query, { i: input });
      expect(r.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field })],
      });
    }
    expect(await auditCount()).toBe(audits + 2);
  });
});
