import { parse, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { EXAMPLE_OPERATIONS } from '../src/api/examples.js';
import { loadConfig } from '../src/config.js';
import { createTestDatabase } from './support/database.js';

/**
 * graphql-jit (the default executor, with its compiled serializer per document) answers byte for byte as graphql-js
 * does: two hubs on one seeded database, one with GRAPHQL_JIT=false, asked the same operations over HTTP.
 */

const examples = parse(EXAMPLE_OPERATIONS)
  .definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')
  .map((d) => ({ name: d.name!.value, query: EXAMPLE_OPERATIONS, operationName: d.name!.value, variables: {} }));

/** Shapes the examples leave out: unions, interfaces, nulls, errors beside data, custom scalars, nested pages, empty lists. */
const more: { name: string; query: string; operationName?: string; variables?: Record<string, unknown>; errors?: true }[] = [
  {
    name: 'lookup by code',
    query: 'query ($c: String!) { informationSystem(code: $c) { id code name kind status statusSince owner { code name } } }',
    variables: { c: 'NDXP' },
  },
  { name: 'a code that does not exist (null)', query: '{ informationSystem(code: "NO-SUCH") { code } }' },
  {
    name: 'nested pages with counts',
    query: `{ agencies(filter: { kinds: [PROVINCE] }, first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { code name
      systems(first: 3) { totalCount nodes { code kind connections(direction: UPSTREAM, first: 3) { totalCount edges { cursor node { key status statusSince provider { code name } via { code } } } } } } } } }`,
  },
  {
    name: 'search (a union) with Vietnamese text',
    query:
      '{ search(query: "lam dong", first: 10) { totalCount totalCountIsExact nodes { __typename ... on Agency { code name } ... on InformationSystem { code name } ... on Observation { valueText } ... on SourceDocument { title } } } }',
  },
  { name: 'node (an interface) and nodes with a missing id', query: '{ nodes(ids: ["eA==", "QWdlbmN5OjE="]) { __typename id } }', errors: true },
  {
    name: 'figures with evidence, dates and numbers',
    query:
      '{ observations(first: 20) { nodes { valueText value ratio unit asOf role level dueOn evidence { quote document { title publishedAt } } relatedSystems { code } } } }',
  },
  {
    name: 'an error beside data',
    query:
      '{ a: informationSystem(code: "NDXP") { code } b: agency(code: "01", asOf: "1900-01-01") { code } c: informationSystem(code: "LGSP-68") { neighbourhood(depth: 9) { truncated } } }',
    errors: true,
  },
  { name: 'a refused argument', query: '{ agencies(first: 1000) { totalCount } }', errors: true },
  {
    name: 'the summary with its quote',
    query:
      '{ informationSystem(code: "LGSP-68") { connectionSummary { text connected total basis computed { text } reported { text observation { evidence { quote } } } } } }',
  },
  {
    name: 'the neighbourhood',
    query:
      '{ informationSystem(code: "NDXP") { neighbourhood(depth: 2, direction: BOTH) { hops { hops systems returned } systems { hops system { code } } edges { status connection { key } } truncated } } }',
  },
  { name: 'viewer and enum lists', query: '{ viewer { role } connectionCounts(groupBy: [STATUS, PROVIDER_KIND]) { status providerKind count } }' },
];

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let jit: App;
let interpreted: App;
const urls: { jit: string; interpreted: string } = { jit: '', interpreted: '' };

beforeAll(async () => {
  db = await createTestDatabase();
  const config = (env: Record<string, string>) => loadConfig({ DATABASE_URL: db.url, NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'error', ...env });
  jit = await createApp(config({}));
  interpreted = await createApp(config({ GRAPHQL_JIT: 'false' }));
  urls.jit = await jit.listen();
  urls.interpreted = await interpreted.listen();
}, 120_000);

afterAll(async () => {
  await jit?.stop();
  await interpreted?.stop();
  await db?.drop();
});

async function answer(url: string, body: object) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('graphql-jit answers as graphql-js does', () => {
  it.each([...examples, ...more])('$name', async ({ query, operationName, variables, ...expected }) => {
    const body = { query, operationName, variables };
    // Twice: the first request compiles the document, the second runs the compiled one.
    for (let round = 0; round < 2; round++) {
      const [a, b] = await Promise.all([answer(urls.jit, body), answer(urls.interpreted, body)]);
      expect(a.status).toBe(b.status);
      expect(a.type).toBe(b.type);
      expect(a.bytes.toString('utf8')).toBe(b.bytes.toString('utf8'));
      expect(a.bytes.equals(b.bytes)).toBe(true);
      // The operation runs (a typo here would compare two identical validation errors).
      const parsed = JSON.parse(b.bytes.toString('utf8'));
      expect('errors' in expected || parsed.data).toBeTruthy();
      expect(Boolean(parsed.errors)).toBe('errors' in expected);
    }
  });
});
