import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createErrorFormatter } from '../src/api/format-error.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { NODE_TYPES, toGlobalId } from '../src/graphql/node.js';
import { buildAppSchema } from '../src/api/schema.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/*
 * Bad input never becomes an internal error. A walk derived from the executable schema sends hostile values of each
 * argument's type (recursively into input objects, and into the arguments of the fields of what a lookup returns) and
 * to every import column, the other arguments valid, over HTTP with an admin key so mutations reach validation.
 * Every answer: no 5xx, no INTERNAL_SERVER_ERROR, every error with a code, under 5 s; and nothing stored changed.
 * HOSTILE_NODE_ENV=production runs the same file against a production hub (errors masked, no details).
 */

let app: TestApp;
let url: string;
let admin: string;
let schema: GraphQLSchema;
let db: pg.Client;
/** Real ids and cursors of the seed data, to send where a value of another type is expected. */
const real = { agencyId: '', agencyVersion: 0, observationId: '', observationVersion: 0, cursors: [] as string[] };

const ENV = process.env.HOSTILE_NODE_ENV ?? 'test';

beforeAll(async () => {
  app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0', NODE_ENV: ENV, LOG_LEVEL: 'silent' });
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'hostile-input admin', role: 'admin', agencyCodes: [] })).key;
  schema = await buildAppSchema();
  db = new pg.Client({ connectionString: app.databaseUrl });
  await db.connect();
  const seen = await app.query(`{
    agency(code: "68") { id version }
    observations(first: 1) { nodes { id version } endCursor: pageInfo { endCursor } }
    search(query: "lam dong", first: 1) { pageInfo { endCursor } }
    agencies(first: 1) { pageInfo { endCursor } } }`);
  Object.assign(real, {
    agencyId: seen.agency.id,
    agencyVersion: seen.agency.version,
    observationId: seen.observations.nodes[0].id,
    observationVersion: seen.observations.nodes[0].version,
    cursors: [seen.search.pageInfo.endCursor, seen.agencies.pageInfo.endCursor, seen.observations.endCursor.endCursor].filter(Boolean),
  });
}, 60_000);
afterAll(async () => {
  await db?.end();
  await app?.stop();
});

/** Every data table; rate-limit counters are bookkeeping (and off here). The audit log is data: a refusal writes none. */
async function dataTables(): Promise<string[]> {
  const { rows } = await db.query(`select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'rate_limit_window' order by 1`);
  return rows.map((r) => r.table_name);
}

/** md5 of every data table's rows, in a stable order. */
async function fingerprint(): Promise<Record<string, string>> {
  const sql = (await dataTables())
    .map((t) => `select '${t}' as t, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from "${t}" x`)
    .join(' union all ');
  const { rows } = await db.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/**
 * A cheaper change detector, for after every mutation: the row count and the sum of the rows' xmin (the id of the
 * transaction that wrote each row version) per table. A committed insert, update or delete changes it; a
 * rolled-back transaction leaves no visible row version, so it does not.
 */
async function writeMark(): Promise<Record<string, string>> {
  const sql = (await dataTables())
    .map((t) => `select '${t}' as t, count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) as h from "${t}"`)
    .join(' union all ');
  const { rows } = await db.query(sql);
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const MEGABYTE = 'x'.repeat(1_000_001);
const LONG = 'lâm đồng '.repeat(20_000); // 180,000 characters: under the body limit, so it reaches the resolvers

/** Hostile values by the named type of an argument; strings also get ids and cursors of other types. */
function hostileValues(type: GraphQLInputType, name: string, valid?: unknown): { label: string; value: unknown }[] {
  // An id of the type the argument expects is not hostile (the valid value's type, when the walk has one).
  const expected = typeof valid === 'string' ? Buffer.from(valid, 'base64url').toString('utf8').split(':')[0] : null;
  const named = getNamedType(type);
  const text = [
    { label: 'NUL', value: 'LGSP\u000068' },
    { label: 'BEL', value: 'a\u0007b' },
    { label: 'ESC sequence', value: '\u001b[2Jx' },
    { label: 'lone high surrogate', value: 'ab\ud800' },
    { label: 'lone low surrogate', value: '\udc00cd' },
    { label: 'long string (180,000 characters)', value: LONG },
  ];
  const ids = [
    ...NODE_TYPES.filter((t) => t !== expected).map((t) => ({ label: `${t} id`, value: toGlobalId(t, 1) })),
    { label: 'garbage id', value: 'not-an-id' },
    { label: 'huge id', value: b64('Agency:99999999999') },
    { label: 'negative id', value: b64('Agency:-1') },
    { label: 'id past integer range', value: b64('Observation:2147483648') },
    ...real.cursors.map((c, i) => ({ label: `cursor ${i} as id`, value: c })),
  ];
  const cursors = [
    { label: 'garbage cursor', value: 'garbage' },
    { label: 'huge cursor', value: b64('c1:9999999999') },
    { label: 'negative cursor', value: b64('c1:-5') },
    { label: 'search cursor past range', value: b64('s1:9999999') },
    { label: 'node id as cursor', value: real.agencyId },
    ...real.cursors.map((c, i) => ({ label: `cursor ${i} of another list`, value: c })),
  ];
  switch (named.name) {
    case 'String':
      return name === 'after' ? [...text, ...cursors] : text;
    case 'ID':
      return [...text, ...ids];
    case 'Int':
      return [2147483647, -2147483648, -1, 0, 2147483648, 1e15].map((v) => ({ label: `Int ${v}`, value: v }));
    case 'Float':
      return [1e308, -1e308, -1, 5e-324].map((v) => ({ label: `Float ${v}`, value: v }));
    case 'Date':
      return ['2023-02-30', '2023-02-31', '2023-02-29', '0000-01-01', '2023-13-01', '20230-01-01', '2023-2-3'].map((v) => ({
        label: `Date ${v}`,
        value: v,
      }));
    case 'DateTime':
      return ['2023-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '+275760-09-14T00:00:00Z', 'yesterday'].map((v) => ({
        label: `DateTime ${v}`,
        value: v,
      }));
    case 'Boolean':
      return [{ label: 'Boolean as text', value: 'yes' }];
    case '_Any':
      return [
        { label: 'NUL in a representation', value: { __typename: 'InformationSystem', code: 'LGSP\u000068' } },
        { label: 'unknown typename', value: { __typename: 'Nope', id: 'x' } },
        { label: 'representation of another type', value: { __typename: 'Agency', id: real.observationId } },
        { label: 'garbage representation', value: 'garbage' },
        { label: 'huge id representation', value: { __typename: 'Agency', id: b64('Agency:99999999999') } },
      ];
    default:
      if (isEnumType(named))
        return [
          { label: 'unknown enum value', value: 'NOT_A_VALUE' },
          { label: 'NUL enum value', value: 'A\u0000' },
        ];
      return [{ label: 'text for a structured value', value: 'a\u0000b' }];
  }
}

/** A valid value of a type, for arguments the walk is not attacking and that have no value below. */
function validFor(type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [validFor(nullable.ofType)];
  if (isEnumType(nullable)) return nullable.getValues()[0].value;
  if (isInputObjectType(nullable)) {
    return Object.fromEntries(
      Object.values(nullable.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, validFor(f.type)]),
    );
  }
  return (
    (
      {
        String: 'LGSP-68',
        ID: real.agencyId,
        Int: 1,
        Float: 1,
        Boolean: false,
        Date: '2023-07-12',
        DateTime: '2023-07-12T00:00:00Z',
        _Any: { __typename: 'InformationSystem', code: 'LGSP-68' },
      } as Record<string, unknown>
    )[nullable.name] ?? null
  );
}

let figures = 0;
const evidence = { documentKey: 'lamdong-2023-07-12', quote: 'kết nối với nền tảng tích hợp, chia sẻ dữ liệu quốc gia' };
/** Valid arguments of the root fields that need them (a new field or argument falls back to validFor). */
const VALID: Record<string, () => Record<string, unknown>> = {
  agency: () => ({ code: '68' }),
  connectionPaths: () => ({ from: 'VNEID', to: 'GPLX' }),
  indicator: () => ({ code: 'platform.agencies_with_platform' }),
  informationSystem: () => ({ code: 'LGSP-68' }),
  node: () => ({ id: real.agencyId }),
  search: () => ({ query: 'lam dong' }),
  _entities: () => ({ representations: [{ __typename: 'InformationSystem', code: 'LGSP-68' }] }),
  createAgency: () => ({ input: { code: 'HOSTILE-A', kind: 'ENTERPRISE', name: 'Hostile test agency' } }),
  createInformationSystem: () => ({ input: { code: 'HOSTILE-S', kind: 'APPLICATION', name: 'Hostile test system', ownerCode: '68' } }),
  deleteObservation: () => ({ input: { id: real.observationId, version: real.observationVersion } }),
  importData: () => ({ input: { format: 'JSON', content: EXAMPLE_JSON, dryRun: true } }),
  recordObservation: () => ({
    input: {
      key: `hostile.figure.${++figures}`,
      indicatorCode: 'platform.systems_connected',
      agencyCode: '68',
      value: 1,
      asOf: '2023-07-12',
      evidence,
    },
  }),
  setConnectionStatus: () => ({ input: { consumerCode: 'LGSP-68', providerCode: 'NDXP', status: 'SUSPENDED', date: '2024-05-01', evidence } }),
  // Another seed connection than setConnectionStatus's, so the two never meet; retiring it again on the date changes nothing.
  retireConnection: () => ({ input: { key: 'TTHC-96>CSDLQG-DC', date: '2024-05-01', evidence } }),
  updateAgency: () => ({ input: { id: real.agencyId, version: real.agencyVersion, nameEn: 'Lam Dong province' } }),
  updateInformationSystem: () => ({ input: { code: 'LGSP-68', version: 1, nameEn: 'Lam Dong LGSP' } }),
};

function baseArgs(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  const given = VALID[field.name]?.() ?? {};
  for (const arg of field.args) {
    if (given[arg.name] === undefined && isNonNullType(arg.type) && arg.defaultValue === undefined) given[arg.name] = validFor(arg.type);
  }
  return given;
}

/** Every leaf (scalar or enum) under an argument: its path, its type, and whether it sits in a list. */
function leaves(name: string, type: GraphQLInputType, depth = 0): { path: string[]; type: GraphQLInputType }[] {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return leaves(name, nullable.ofType, depth).map((l) => ({ ...l, path: [name, '0', ...l.path.slice(1)] }));
  if (isInputObjectType(nullable) && depth < 5) {
    return Object.values(nullable.getFields()).flatMap((f) => leaves(f.name, f.type, depth + 1).map((l) => ({ ...l, path: [name, ...l.path] })));
  }
  return [{ path: [name], type }];
}

const valueAt = (args: Record<string, unknown>, leafPath: string[]): unknown => leafPath.reduce<any>((v, key) => v?.[key], args);

/** A copy of `args` with `value` at `path`, creating the lists and input objects (valid otherwise) on the way. */
function withValue(args: Record<string, unknown>, arg: GraphQLArgument, leafPath: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let holder: any = copy;
  let type: GraphQLInputType = arg.type;
  for (let i = 0; i < leafPath.length - 1; i++) {
    holder[leafPath[i]] ??= validFor(type);
    holder = holder[leafPath[i]];
    const nullable = getNullableType(type);
    type = isListType(nullable) ? nullable.ofType : (nullable as GraphQLInputObjectType).getFields()[leafPath[i + 1]].type;
  }
  holder[leafPath[leafPath.length - 1]] = value;
  return copy;
}

/** A small selection that makes a field do its work (pages read their items and count). */
function selection(type: GraphQLOutputType, depth = 0): string {
  const named = getNamedType(type);
  if (isUnionType(named) || isInterfaceType(named)) return '{ __typename }';
  if (!isObjectType(named)) return '';
  const fields = named.getFields();
  const parts = ['__typename'];
  if (fields.id) parts.push('id');
  if (fields.code && !fields.code.args.length) parts.push('code');
  if (fields.totalCount) parts.push('totalCount');
  if (fields.nodes && depth < 1) parts.push(`nodes ${selection(fields.nodes.type, depth + 1)}`);
  if (fields.errors && depth < 1) parts.push(`errors ${selection(fields.errors.type, depth + 1)}`);
  return `{ ${parts.join(' ')} }`;
}

const typeString = (type: GraphQLInputType) => String(type);

interface Case {
  label: string;
  mutation: boolean;
  body: { query: string; variables: Record<string, unknown> };
}

/** The operation calling `field` with every argument as a variable; `nested` calls one argument-taking field on its result. */
function operation(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  nested?: { field: GraphQLField<unknown, unknown>; args: Record<string, unknown> },
): Case['body'] {
  const defs: string[] = [];
  const variables: Record<string, unknown> = {};
  const call = (f: GraphQLField<unknown, unknown>, values: Record<string, unknown>, prefix: string) => {
    const used = f.args.filter((a) => values[a.name] !== undefined);
    for (const a of used) {
      defs.push(`$${prefix}${a.name}: ${typeString(a.type)}`);
      variables[`${prefix}${a.name}`] = values[a.name];
    }
    return used.length ? `${f.name}(${used.map((a) => `${a.name}: $${prefix}${a.name}`).join(', ')})` : f.name;
  };
  const inner = nested ? `{ __typename ${call(nested.field, nested.args, 'n_')} ${selection(nested.field.type)} }` : selection(field.type);
  const outer = call(field, args, '');
  return { query: `${kind} Hostile${defs.length ? `(${defs.join(', ')})` : ''} { ${outer} ${inner} }`, variables };
}

/** Every hostile case of every argument of a field (and of its result's fields, for lookups with valid arguments). */
function casesOf(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Case[] {
  const base = baseArgs(field);
  const out: Case[] = [];
  let megabyteSent = false;
  for (const arg of field.args) {
    for (const leaf of leaves(arg.name, arg.type)) {
      const values = hostileValues(leaf.type, leaf.path[leaf.path.length - 1], valueAt(base, leaf.path));
      // The body limit refuses a 1 MB value before any argument is read: once per field is enough to prove it.
      if (!megabyteSent && getNamedType(leaf.type).name === 'String') {
        values.push({ label: '1 MB string', value: MEGABYTE });
        megabyteSent = true;
      }
      for (const { label, value } of values) {
        out.push({
          label: `${field.name}(${leaf.path.join('.')}): ${label}`,
          mutation: kind === 'mutation',
          body: operation(kind, field, withValue(base, arg, leaf.path, value)),
        });
      }
      // A list of scalars or enums: 5,000 valid items (e.g. 5,000 agency codes in a filter).
      if (leaf.path[leaf.path.length - 1] === '0') {
        const many = Array.from({ length: 5_000 }, () => validFor(leaf.type));
        out.push({
          label: `${field.name}(${leaf.path.slice(0, -1).join('.')}): 5,000 items`,
          mutation: kind === 'mutation',
          body: operation(kind, field, withValue(base, arg, leaf.path.slice(0, -1), many)),
        });
      }
    }
  }
  // Arguments of the fields of what the lookup returns (statusOn(date), neighbourhood(depth), connections(after), ...).
  const returned = getNamedType(field.type);
  if (kind === 'query' && VALID[field.name] && isObjectType(returned)) {
    for (const sub of Object.values(returned.getFields()).filter((f) => f.args.length)) {
      const subBase = baseArgs(sub);
      for (const arg of sub.args) {
        for (const leaf of leaves(arg.name, arg.type)) {
          for (const { label, value } of hostileValues(leaf.type, leaf.path[leaf.path.length - 1], valueAt(subBase, leaf.path))) {
            out.push({
              label: `${field.name} { ${sub.name}(${leaf.path.join('.')}) }: ${label}`,
              mutation: false,
              body: operation(kind, field, base, { field: sub, args: withValue(subBase, arg, leaf.path, value) }),
            });
          }
        }
      }
    }
  }
  return out;
}

interface Outcome {
  status: number;
  ms: number;
  body: any;
}
const timings: { label: string; ms: number }[] = [];

async function send(body: unknown): Promise<Outcome> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  let parsed: any = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { unparsable: text.slice(0, 200) };
  }
  return { status: res.status, ms: performance.now() - started, body: parsed };
}

/** What is wrong with an answer to a hostile request; empty when it is a proper refusal or answer. */
function problems(outcome: Outcome): string[] {
  const found: string[] = [];
  if (outcome.status >= 500) found.push(`HTTP ${outcome.status}`);
  if (outcome.ms > 5_000) found.push(`took ${Math.round(outcome.ms)} ms`);
  if (outcome.body?.unparsable !== undefined) found.push(`not JSON: ${outcome.body.unparsable}`);
  for (const error of outcome.body?.errors ?? []) {
    if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') found.push(`INTERNAL_SERVER_ERROR: ${error.message}`);
    if (!error.extensions?.code) found.push(`error without a code: ${error.message}`);
  }
  return found;
}

const refused = (outcome: Outcome) =>
  outcome.status >= 400 || (outcome.body?.errors?.length ?? 0) > 0 || (outcome.body?.data?.importData?.errors?.length ?? 0) > 0;

async function inPool<T>(items: T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

const EXAMPLE_JSON = fs.readFileSync(path.resolve(import.meta.dirname, '../examples/import-example.json'), 'utf8');
const EXAMPLE_CSV = fs.readFileSync(path.resolve(import.meta.dirname, '../examples/import-example.csv'), 'utf8');

describe(`hostile input (NODE_ENV=${ENV})`, () => {
  it('walks every argument of every query and mutation: no 5xx, no internal error, under 5 s, and a refused call changes nothing', async () => {
    const rootFields = (kind: 'query' | 'mutation') =>
      Object.values((kind === 'query' ? schema.getQueryType() : schema.getMutationType())!.getFields()).filter((f) => f.args.length || VALID[f.name]);
    const queries = rootFields('query').flatMap((f) => casesOf('query', f));
    const mutations = rootFields('mutation').flatMap((f) => casesOf('mutation', f));
    const failures: string[] = [];
    const accepted: string[] = [];

    const started = performance.now();
    const before = await fingerprint();
    const fingerprintMs = performance.now() - started;
    await inPool(queries, 4, async (c) => {
      const outcome = await send(c.body);
      timings.push({ label: c.label, ms: outcome.ms });
      for (const p of problems(outcome)) failures.push(`${c.label}: ${p}`);
    });
    expect(await fingerprint(), 'queries changed stored data').toEqual(before);

    const queriesMs = performance.now() - started;
    // Mutations one at a time, with a write mark after each: a refused one must leave every table as it was.
    let current = await writeMark();
    for (const c of mutations) {
      const outcome = await send(c.body);
      timings.push({ label: c.label, ms: outcome.ms });
      for (const p of problems(outcome)) failures.push(`${c.label}: ${p}`);
      const after = await writeMark();
      if (refused(outcome)) {
        const changed = Object.keys(after).filter((t) => after[t] !== current[t]);
        if (changed.length)
          failures.push(`${c.label}: refused (${outcome.body?.errors?.[0]?.extensions?.code ?? outcome.status}) but changed ${changed.join(', ')}`);
      } else {
        accepted.push(c.label);
      }
      current = after;
    }
    console.info(
      `${queries.length} query cases in ${Math.round(queriesMs)} ms, ${mutations.length} mutation cases in ${Math.round(performance.now() - started - queriesMs)} ms` +
        ` (fingerprint ${Math.round(fingerprintMs)} ms); accepted: ${accepted.join('; ') || 'none'}; slowest: ` +
        timings
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 8)
          .map((t) => `${t.label} ${Math.round(t.ms)} ms`)
          .join('; '),
    );
    expect(failures).toEqual([]);
    // The one kind of hostile value the contract accepts: a finite figure value (PostgreSQL double precision holds it).
    expect(accepted.filter((label) => !/^recordObservation\(input\.\w+\): Float /.test(label))).toEqual([]);
    expect(queries.length + mutations.length).toBeGreaterThan(500);
  }, 240_000);

  it("started the walk from valid arguments: each mutation's valid arguments are accepted", async () => {
    for (const field of Object.values(schema.getMutationType()!.getFields())) {
      const outcome = await send(operation('mutation', field, baseArgs(field)));
      expect(outcome.body.errors, field.name).toBeUndefined();
      if (field.name === 'importData') expect(outcome.body.data.importData.errors).toEqual([]);
    }
  });
});

/** Import columns as the README documents them (the contract): each row type's, and the evidence columns. */
function documentedColumns(): Record<string, string[]> {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
  const names = (text: string) => [...text.matchAll(/`([a-z][a-zA-Z]*)`/g)].map((m) => m[1]);
  const evidenceColumns = names(/^Evidence columns:.*\n.*/m.exec(readme)![0]);
  const columns: Record<string, string[]> = {};
  for (const type of ['connectionStatus', 'observation', 'system']) {
    const line = new RegExp(`^\\| \`${type}\` \\|(.*)\\|$`, 'm').exec(readme)![1];
    columns[type] = [...new Set([...names(line), ...(line.includes('+ evidence') ? evidenceColumns : [])])];
  }
  return columns;
}

/** A valid row of each type (the example files' rows), the walk's starting point. */
const VALID_ROWS: Record<string, Record<string, unknown>> = {
  connectionStatus: JSON.parse(EXAMPLE_JSON)[0],
  observation: JSON.parse(EXAMPLE_JSON)[1],
  system: { type: 'system', code: 'IOC-96', kind: 'OPERATIONS_CENTRE', name: 'Trung tâm giám sát điều hành thông minh tỉnh Cà Mau', owner: '96' },
};

const IMPORT = `mutation($format: ImportFormat!, $content: String!, $dryRun: Boolean!) {
  importData(input: { format: $format, content: $content, dryRun: $dryRun }) { applied rows errors { row field message code } } }`;

const csvCell = (value: unknown) => {
  const text = value == null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};
function toCsv(row: Record<string, unknown>): string {
  const keys = Object.keys(row);
  return `${keys.join(',')}\n${keys.map((k) => csvCell(row[k])).join(',')}\n`;
}

const IMPORT_HOSTILE: { label: string; value: unknown }[] = [
  { label: 'NUL', value: 'LGSP\u000068' },
  { label: 'BEL', value: 'a\u0007b' },
  { label: 'lone surrogate', value: 'ab\ud800' },
  { label: 'long text (20,000 characters)', value: 'lâm đồng '.repeat(2_000) },
  ...['2023-02-30', '2023-02-31', '0000-01-01'].map((d) => ({ label: `date ${d}`, value: d })),
  ...[1e308, -1].map((n) => ({ label: `number ${n}`, value: n })),
  { label: 'number 1e999', value: '1e999' },
  { label: 'object', value: { a: 1 } },
  { label: 'list', value: ['x'] },
];

describe(`hostile import columns (NODE_ENV=${ENV})`, () => {
  it('walks every documented column of every row type, in JSON and CSV: no internal error, under 5 s, nothing stored', async () => {
    const columns = documentedColumns();
    expect(Object.values(columns).flat().length).toBeGreaterThan(30);
    // The valid rows import cleanly, so a refusal below is the hostile value's doing.
    for (const row of Object.values(VALID_ROWS)) {
      for (const format of ['JSON', 'CSV'] as const) {
        const outcome = await send({
          query: IMPORT,
          variables: { format, content: format === 'JSON' ? JSON.stringify([row]) : toCsv(row), dryRun: true },
        });
        expect(outcome.body.data?.importData.errors, `${format} ${row.type}`).toEqual([]);
      }
    }
    const cases: Case[] = [];
    for (const [type, names] of Object.entries(columns)) {
      for (const column of names) {
        for (const { label, value } of IMPORT_HOSTILE) {
          const row = { ...VALID_ROWS[type], [column]: value };
          cases.push({
            label: `JSON ${type}.${column}: ${label}`,
            mutation: true,
            body: { query: IMPORT, variables: { format: 'JSON', content: JSON.stringify([row]), dryRun: true } },
          });
          if (typeof value !== 'object' && typeof value !== 'boolean') {
            cases.push({
              label: `CSV ${type}.${column}: ${label}`,
              mutation: true,
              body: { query: IMPORT, variables: { format: 'CSV', content: toCsv(row), dryRun: true } },
            });
          }
        }
      }
    }
    const before = await fingerprint();
    const failures: string[] = [];
    await inPool(cases, 4, async (c) => {
      const outcome = await send(c.body);
      for (const p of problems(outcome)) failures.push(`${c.label}: ${p}`);
      for (const e of outcome.body?.data?.importData?.errors ?? [])
        if (!e.code || e.code === 'INTERNAL_SERVER_ERROR') failures.push(`${c.label}: row error ${JSON.stringify(e)}`);
    });
    expect(failures).toEqual([]);
    expect(await fingerprint()).toEqual(before);
    console.info(`${cases.length} import cases`);
  }, 120_000);
});

/** Every argument-taking field the walk reaches with valid arguments: root fields, and the fields of what lookups return. */
function reachableFields(): { root: GraphQLField<unknown, unknown>; nested?: GraphQLField<unknown, unknown> }[] {
  const out: { root: GraphQLField<unknown, unknown>; nested?: GraphQLField<unknown, unknown> }[] = [];
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    if (root.args.length) out.push({ root });
    const returned = getNamedType(root.type);
    if (VALID[root.name] && isObjectType(returned)) {
      for (const nested of Object.values(returned.getFields()).filter((f) => f.args.length)) out.push({ root, nested });
    }
  }
  return out;
}

describe(`the findings of issue 9 (NODE_ENV=${ENV})`, () => {
  const codeOf = (outcome: Outcome) => outcome.body.errors?.[0]?.extensions?.code;
  const fieldOf = (outcome: Outcome) => outcome.body.errors?.[0]?.extensions?.field;

  it('refuses NUL, control characters, lone surrogates and over-long text wherever they are, naming the argument path (400, nothing changed)', async () => {
    const before = await fingerprint();
    const cases: [string, unknown, string][] = [
      ['search text (variable)', { query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: 'lam\u0000dong' } }, 'query'],
      ['a code (literal escape)', { query: '{ informationSystem(code: "LGSP\\u000068") { code } }' }, 'code'],
      ['a filter', { query: '{ informationSystems(filter: { text: "a\\u001bb" }) { totalCount } }' }, 'filter.text'],
      [
        'a list item in a filter',
        { query: 'query($c: [String!]) { observations(filter: { agencyCodes: $c }) { totalCount } }', variables: { c: ['68', 'x\u0007'] } },
        'filter.agencyCodes[1]',
      ],
      ['a nested field argument', { query: '{ informationSystem(code: "LGSP-68") { connections(after: "\\u0000") { totalCount } } }' }, 'after'],
      [
        'a nested mutation input',
        {
          query: `mutation($i: SetConnectionStatusInput!) { setConnectionStatus(input: $i) { connection { key } } }`,
          variables: {
            i: {
              consumerCode: 'LGSP-68',
              providerCode: 'NDXP',
              status: 'SUSPENDED',
              date: '2024-05-01',
              evidence: { ...evidence, quote: 'kết nối\u0000' },
            },
          },
        },
        'input.evidence.quote',
      ],
      [
        'a lone surrogate in a name',
        {
          query: 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { code } } }',
          variables: { i: { code: 'HOSTILE-B', kind: 'ENTERPRISE', name: 'Tên \ud83d' } },
        },
        'input.name',
      ],
      [
        'over-long text',
        {
          query: 'mutation($i: CreateAgencyInput!) { createAgency(input: $i) { agency { code } } }',
          variables: { i: { code: 'HOSTILE-C', kind: 'ENTERPRISE', name: 'Tên', fullName: 'x'.repeat(10_001) } },
        },
        'input.fullName',
      ],
      [
        'import content',
        { query: IMPORT, variables: { format: 'CSV', content: toCsv({ ...VALID_ROWS.system, name: 'a\u0000b' }), dryRun: false } },
        'input.content',
      ],
    ];
    for (const [what, body, field] of cases) {
      const outcome = await send(body);
      expect([what, outcome.status, codeOf(outcome), fieldOf(outcome)]).toEqual([what, 400, 'BAD_USER_INPUT', field]);
      expect(outcome.body.errors[0].message).toContain(`"${field}"`);
    }
    // Tab, line feed and carriage return are text.
    const fine = await send({ query: 'query($q: String!) { search(query: $q) { totalCount } }', variables: { q: 'lam\tdong\r\n' } });
    expect([fine.status, fine.body.errors, fine.body.data.search.totalCount > 0]).toEqual([200, undefined, true]);
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses an import whose rows hold NUL or impossible dates, naming the row and column, and writes nothing', async () => {
    const before = await fingerprint();
    const [status, observation] = [VALID_ROWS.connectionStatus, VALID_ROWS.observation];
    const nul = await send({
      query: IMPORT,
      variables: { format: 'JSON', content: JSON.stringify([status, { ...observation, quote: 'CaMau-G\u0000' }]), dryRun: false },
    });
    expect([codeOf(nul), fieldOf(nul)]).toEqual(['BAD_USER_INPUT', 'input.content']);
    expect(nul.body.errors[0].message).toMatch(/row 2, "quote": contains a NUL character/);
    for (const format of ['JSON', 'CSV'] as const) {
      const rows = [
        { ...status, date: '2023-02-30' },
        { ...observation, asOf: '2023-02-31', documentPublishedAt: '2023-02-30' },
        { ...observation, key: 'x.y.z', asOf: '0000-01-01' },
      ];
      // A CSV file has one header: its one row is the status change.
      const content = format === 'JSON' ? JSON.stringify(rows) : toCsv(rows[0]);
      const outcome = await send({ query: IMPORT, variables: { format, content, dryRun: false } });
      expect(outcome.body.data.importData.applied).toBe(false);
      expect(outcome.body.data.importData.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            row: 1,
            field: 'date',
            code: 'BAD_USER_INPUT',
            message: expect.stringMatching(/real calendar date.*2023-02-30/),
          }),
        ]),
      );
      if (format === 'JSON') {
        expect(outcome.body.data.importData.errors.map((e: any) => [e.row, e.field])).toEqual(
          expect.arrayContaining([
            [2, 'asOf'],
            [2, 'documentPublishedAt'],
            [3, 'asOf'],
          ]),
        );
      }
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('refuses impossible dates in the Date scalar, as variables and as literals', async () => {
    for (const date of ['2023-02-30', '2023-02-31', '2023-02-29', '0000-01-01']) {
      const variable = await send({ query: 'query($d: Date) { agency(code: "68", asOf: $d) { code } }', variables: { d: date } });
      expect([date, variable.status, codeOf(variable)]).toEqual([date, 400, 'BAD_USER_INPUT']);
      const literal = await send({ query: `{ agency(code: "68", asOf: "${date}") { code } }` });
      expect([date, literal.status, codeOf(literal)]).toEqual([date, 400, 'GRAPHQL_VALIDATION_FAILED']);
    }
    const leap = await send({ query: '{ agency(code: "68", asOf: "2024-02-29") { code } }' });
    expect(leap.body).toEqual({ data: { agency: { code: '68' } } });
  });

  it('answers an automatic persisted query whose hash does not match with 400 BAD_REQUEST, and serves a matching one', async () => {
    const query = '{ indicator(code: "platform.agencies_with_platform") { code } }';
    const sha256Hash = crypto.createHash('sha256').update(query).digest('hex');
    const wrong = await send({
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hash.replace(/^./, (c) => (c === '0' ? '1' : '0')) } },
    });
    expect([wrong.status, codeOf(wrong)]).toEqual([400, 'BAD_REQUEST']);
    expect(wrong.body.errors[0].message).toMatch(/sha256Hash is not the SHA-256 of the query/);
    const version = await send({ query, extensions: { persistedQuery: { version: 2, sha256Hash } } });
    expect([version.status, codeOf(version)]).toEqual([400, 'BAD_REQUEST']);
    const registered = await send({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(registered.body).toEqual({ data: { indicator: { code: 'platform.agencies_with_platform' } } });
    const byHash = await send({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(byHash.body).toEqual(registered.body);
  });

  it('answers a chunked body over the limit with 413 on a raw socket, and the connection stays usable', async () => {
    const { port } = new URL(url);
    const socket = net.connect(Number(port), '127.0.0.1');
    let received = '';
    let failed: Error | null = null;
    socket.on('data', (d) => {
      received += d.toString('utf8');
    });
    socket.on('error', (error) => {
      failed = error;
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
    const chunk = `{"query":"${'x'.repeat(64 * 1024)}`;
    for (let sent = 0; sent < 1_200_000; sent += chunk.length) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    socket.write('0\r\n\r\n');
    // The same connection then carries a normal request: nothing was reset.
    const small = JSON.stringify({ query: '{ __typename }' });
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(small)}\r\nconnection: close\r\n\r\n${small}`,
    );
    await new Promise((resolve) => socket.once('close', resolve));
    expect(failed).toBeNull();
    expect(received).toMatch(/^HTTP\/1\.1 413 Payload Too Large/);
    expect(received).toContain('"code":"PAYLOAD_TOO_LARGE"');
    expect(received).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"__typename":"Query"/);
  });

  it('maps real PostgreSQL data exceptions (SQLSTATE class 22) to BAD_USER_INPUT, and only those', async () => {
    let logged = 0;
    const format = createErrorFormatter(() => logged++, false);
    const conn = app.orm.em.fork().getConnection();
    const failure = async (sql: string, params: unknown[] = []) =>
      conn.execute(sql, params).then(
        () => {
          throw new Error(`${sql} succeeded`);
        },
        (e) => e,
      );
    const cases: [string, unknown[], string, RegExp][] = [
      // NUL in a parameter: PostgreSQL refuses the protocol message (08P01) before any type sees it.
      ['select ?::text as t', ['a\u0000b'], '08P01', /character the database cannot store/],
      ["select '2023-02-30'::date as d", [], '22008', /not a real one/],
      ['select 99999999999::int as n', [], '22003', /out of the range/],
      ["select 'abc'::int as n", [], '22P02', /could not be read as the type/],
      ['select 1 / 0 as n', [], '22012', /not valid for the database/],
    ];
    for (const [sql, params, sqlState, hint] of cases) {
      const error = await failure(sql, params);
      const wrapped = new GraphQLError(String(error.message), { originalError: error, path: ['x'] });
      const answer = format({ message: wrapped.message, path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
      expect([sql, answer.extensions?.code]).toEqual([sql, 'BAD_USER_INPUT']);
      expect(answer.message).toMatch(hint);
      expect(answer.message).toContain(`PostgreSQL ${sqlState}`);
    }
    expect(logged).toBe(0);
    // Not a data exception (undefined table, 42P01): still an internal error, logged.
    const other = await failure('select * from no_such_table');
    expect(format({ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, other).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged).toBe(1);
  });

  it('refuses cursors and node ids of other types, garbage or out of range with BAD_USER_INPUT or NOT_FOUND, changing nothing', async () => {
    const before = await fingerprint();
    const agencyCursor = real.cursors[1];
    const cases: [string, unknown, string[]][] = [
      ['garbage id', { query: '{ node(id: "garbage") { id } }' }, ['id']],
      ['id past the integer range', { query: `{ node(id: "${b64('Agency:99999999999')}") { id } }` }, ['id']],
      ['negative id', { query: `{ node(id: "${b64('Agency:-1')}") { id } }` }, ['id']],
      ['a search cursor on agencies', { query: `{ agencies(after: "${real.cursors[0]}") { totalCount } }` }, ['after']],
      ['a page cursor on search', { query: `{ search(query: "lam dong", after: "${agencyCursor}") { totalCount } }` }, ['after']],
      ['a node id as a cursor', { query: `{ informationSystems(after: "${real.agencyId}") { nodes { code } } }` }, ['after']],
      ['a cursor past the integer range', { query: `{ connections(after: "${b64('c1:9999999999')}") { nodes { key } } }` }, ['after']],
      [
        'an agency id to delete a figure',
        { query: `mutation { deleteObservation(input: { id: "${real.agencyId}", version: 1 }) { deletedObservationId } }` },
        ['id', 'input.id'],
      ],
      [
        'a figure id to rename an agency',
        { query: `mutation { updateAgency(input: { id: "${real.observationId}", version: 1, nameEn: "x" }) { agency { code } } }` },
        ['id', 'input.id'],
      ],
    ];
    for (const [what, body, fields] of cases) {
      const outcome = await send(body);
      expect([what, ['BAD_USER_INPUT', 'NOT_FOUND'].includes(codeOf(outcome))]).toEqual([what, true]);
      if (codeOf(outcome) === 'BAD_USER_INPUT') expect([what, fields.includes(fieldOf(outcome))]).toEqual([what, true]);
    }
    expect(await fingerprint()).toEqual(before);
  });

  it('gives a range error naming the argument for huge and negative numbers, for every argument documented with a range', async () => {
    let checked = 0;
    for (const { root, nested } of reachableFields()) {
      const target = nested ?? root;
      for (const arg of target.args) {
        const range = /(\d+)\.\.(\d+)/.exec(arg.description ?? '');
        if (getNamedType(arg.type).name !== 'Int' || !range) continue;
        for (const value of [-1, 0, Number(range[2]) + 1, 2147483647]) {
          if (value >= Number(range[1]) && value <= Number(range[2])) continue;
          const args = { ...baseArgs(target), [arg.name]: value };
          const body = nested ? operation('query', root, baseArgs(root), { field: nested, args }) : operation('query', root, args);
          const outcome = await send(body);
          expect([`${target.name}(${arg.name}: ${value})`, codeOf(outcome), fieldOf(outcome)]).toEqual([
            `${target.name}(${arg.name}: ${value})`,
            'BAD_USER_INPUT',
            arg.name,
          ]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
