import { composeServices } from '@apollo/composition';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A neighbour written in the same Relay style as the hub (its own Node types, connection type and PageInfo) composes
 * with it: PageInfo is @shareable on both sides, `node`/`nodes` stay the hub's alone. The neighbour, a finance
 * ministry's subgraph, gives each information system its budget, joined by the system's code.
 */
const NEIGHBOUR_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

  interface Node { id: ID! }

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type InformationSystem @key(fields: "code") {
    code: String!
    budget: Budget
  }

  type Budget implements Node {
    id: ID!
    year: Int!
    amountVnd: Float!
    system: InformationSystem!
  }

  type BudgetEdge { cursor: String! node: Budget! }
  type BudgetConnection { edges: [BudgetEdge!]! nodes: [Budget!]! pageInfo: PageInfo! totalCount: Int! }

  type Query {
    budgets(first: Int = 10, after: String): BudgetConnection!
  }
`;

const BUDGETS = [
  { id: 'budget:1', year: 2024, amountVnd: 12_500_000_000, code: 'CSDLQG-DC' },
  { id: 'budget:2', year: 2024, amountVnd: 3_200_000_000, code: 'LGSP-68' },
  { id: 'budget:3', year: 2024, amountVnd: 4_750_000_000, code: 'NDXP' },
];
type Budget = (typeof BUDGETS)[number];

/** The neighbour's resolvers: a plain cursor over the list above (the cursor is the index). */
const neighbourResolvers = {
  Query: {
    budgets: (_: unknown, { first, after }: { first: number; after?: string }) => {
      const start = after === undefined ? 0 : Number(after) + 1;
      const page = BUDGETS.slice(start, start + first);
      return {
        edges: page.map((node, i) => ({ cursor: String(start + i), node })),
        nodes: page,
        totalCount: BUDGETS.length,
        pageInfo: {
          hasNextPage: start + first < BUDGETS.length,
          hasPreviousPage: start > 0,
          startCursor: page.length ? String(start) : null,
          endCursor: page.length ? String(start + page.length - 1) : null,
        },
      };
    },
  },
  Budget: { system: (budget: Budget) => ({ code: budget.code }) },
  InformationSystem: {
    __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
    budget: (system: { code: string }) => BUDGETS.find((b) => b.code === system.code) ?? null,
  },
};

let hub: TestApp;
let hubSdl: string;
let neighbour: ApolloServer;
let gateway: ApolloServer;
let gatewayUrl: string;

beforeAll(async () => {
  hub = await startTestApp();
  const hubUrl = await hub.listen();
  hubSdl = (await hub.query('{ _service { sdl } }'))._service.sdl;
  neighbour = new ApolloServer({
    schema: buildSubgraphSchema([{ typeDefs: parse(NEIGHBOUR_SDL), resolvers: neighbourResolvers as never }]),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url: neighbourUrl } = await startStandaloneServer(neighbour, { listen: { port: 0 } });
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'hub', url: hubUrl },
          { name: 'finance', url: neighbourUrl },
        ],
      }),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0 } }));
});
afterAll(async () => {
  await gateway?.stop();
  await neighbour?.stop();
  await hub?.stop();
});

async function viaGateway(query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body: any = await res.json();
  expect(body.errors).toBeUndefined();
  return body.data;
}

const compose = (hubTypeDefs: string, neighbourTypeDefs: string) =>
  composeServices([
    { name: 'hub', typeDefs: parse(hubTypeDefs), url: 'http://hub.invalid/graphql' },
    { name: 'finance', typeDefs: parse(neighbourTypeDefs), url: 'http://finance.invalid/graphql' },
  ]);
const codes = (result: ReturnType<typeof compose>) => (result.errors ?? []).map((e) => `${e.extensions.code}: ${e.message}`);

describe('composition with a Relay-style neighbour', () => {
  it('composes now, and did not while PageInfo was not @shareable', () => {
    expect(hubSdl).toMatch(/type PageInfo @shareable/);
    expect(codes(compose(hubSdl, NEIGHBOUR_SDL))).toEqual([]);

    const before = codes(compose(hubSdl.replace(/type PageInfo @shareable/, 'type PageInfo'), NEIGHBOUR_SDL));
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((e) => e.startsWith('INVALID_FIELD_SHARING') && e.includes('"PageInfo.'))).toBe(true);
    expect(before.join('\n')).toContain('"PageInfo.hasNextPage"');
  });

  it("keeps Query.node and Query.nodes the hub's alone: a neighbour that defines them does not compose", () => {
    for (const field of ['node(id: ID!): Node', 'nodes(ids: [ID!]!): [Node]!']) {
      const name = field.slice(0, field.indexOf('('));
      const errors = codes(compose(hubSdl, NEIGHBOUR_SDL.replace('type Query {', `type Query {\n    ${field}`)));
      expect(errors, name).toEqual([expect.stringMatching(new RegExp(`^INVALID_FIELD_SHARING: Non-shareable field "Query\\.${name}"`))]);
    }
  });
});

describe('one query across the hub and its Relay-style neighbour, through the gateway', () => {
  it("reads the hub's systems with the neighbour's budgets", async () => {
    const data = await viaGateway(`{
      informationSystems(first: 100) {
        totalCount
        pageInfo { hasNextPage }
        nodes { code name budget { year amountVnd } }
      }
    }`);
    const nodes = data.informationSystems.nodes;
    expect(nodes.length).toBe(data.informationSystems.totalCount);
    const byCode = Object.fromEntries(nodes.map((s: any) => [s.code, s]));
    // Every system of the hub is there; the three with a budget carry it, the others null.
    expect(
      nodes
        .filter((s: any) => s.budget)
        .map((s: any) => s.code)
        .sort(),
    ).toEqual(['CSDLQG-DC', 'LGSP-68', 'NDXP']);
    expect(byCode['LGSP-68']).toEqual({
      code: 'LGSP-68',
      name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Lâm Đồng',
      budget: { year: 2024, amountVnd: 3_200_000_000 },
    });
    expect(byCode['CSDLQG-DC'].budget).toEqual({ year: 2024, amountVnd: 12_500_000_000 });
    expect(byCode.VNEID.budget).toBeNull();
    expect(data.informationSystems.pageInfo).toEqual({ hasNextPage: false });
  });

  it("pages the neighbour's budgets with its own PageInfo, each with the hub's system", async () => {
    const first = await viaGateway(`{
      budgets(first: 2) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage endCursor }
        nodes { year amountVnd system { code name connectionSummary { text basis } } }
      }
    }`);
    expect(first.budgets.totalCount).toBe(3);
    expect(first.budgets.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, endCursor: '1' });
    expect(first.budgets.nodes.map((b: any) => b.system.code)).toEqual(['CSDLQG-DC', 'LGSP-68']);
    expect(first.budgets.nodes[1].system).toEqual({
      code: 'LGSP-68',
      name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Lâm Đồng',
      connectionSummary: { text: '15/23', basis: 'REPORTED' },
    });
    const next = await viaGateway(
      `query ($after: String) { budgets(first: 2, after: $after) { pageInfo { hasNextPage hasPreviousPage } nodes { system { code name } } } }`,
      {
        after: first.budgets.pageInfo.endCursor,
      },
    );
    expect(next.budgets.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    expect(next.budgets.nodes).toEqual([{ system: { code: 'NDXP', name: expect.any(String) } }]);
  });

  it("refetches a hub system by global id through the hub's node, with its budget from the neighbour", async () => {
    const { id } = (await hub.query(`{ informationSystem(code: "NDXP") { id } }`)).informationSystem;
    const data = await viaGateway(`query ($id: ID!) { node(id: $id) { id ... on InformationSystem { code budget { amountVnd } } } }`, { id });
    expect(data.node).toEqual({ id, code: 'NDXP', budget: { amountVnd: 4_750_000_000 } });
  });
});
