import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

// A second, independent subgraph, as a ministry might run: security reviews of the systems it oversees,
// joined to the hub's InformationSystem by its code.
const securityTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type InformationSystem @key(fields: "code") {
    code: String!
    securityLevel: Int!
  }
  type Query { securityReviews: [InformationSystem!]! }
`);
const LEVELS: Record<string, number> = { 'CSDLQG-DC': 4, 'LGSP-68': 3, NDXP: 4 };
const securityResolvers = {
  Query: { securityReviews: () => [{ code: 'CSDLQG-DC' }, { code: 'LGSP-68' }] },
  InformationSystem: {
    __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
    securityLevel: (s: { code: string }) => LEVELS[s.code] ?? 1,
  },
};

let hub: TestApp;
let security: ApolloServer;
let gateway: ApolloServer;
let gatewayUrl: string;

beforeAll(async () => {
  hub = await startTestApp();
  const hubUrl = await hub.listen();
  security = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: securityTypeDefs, resolvers: securityResolvers as never }]) });
  const { url: securityUrl } = await startStandaloneServer(security, { listen: { port: 0 } });
  gateway = new ApolloServer({
    gateway: new ApolloGateway({
      supergraphSdl: new IntrospectAndCompose({
        subgraphs: [
          { name: 'hub', url: hubUrl },
          { name: 'security', url: securityUrl },
        ],
      }),
    }),
  });
  ({ url: gatewayUrl } = await startStandaloneServer(gateway, { listen: { port: 0 } }));
});
afterAll(async () => {
  await gateway?.stop();
  await security?.stop();
  await hub?.stop();
});

async function viaGateway(query: string): Promise<any> {
  const res = await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return res.json();
}

describe('Apollo Federation 2', () => {
  it('composes the hub with another subgraph and resolves one query across both, in both directions', async () => {
    const fromSecurity = await viaGateway(`{ securityReviews { code securityLevel name connectionSummary { text basis } } }`);
    expect(fromSecurity.errors).toBeUndefined();
    expect(fromSecurity.data.securityReviews).toEqual([
      {
        code: 'CSDLQG-DC',
        securityLevel: 4,
        name: 'Cơ sở dữ liệu quốc gia về dân cư',
        connectionSummary: expect.objectContaining({ basis: expect.any(String) }),
      },
      {
        code: 'LGSP-68',
        securityLevel: 3,
        name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Lâm Đồng',
        connectionSummary: { text: '15/23', basis: 'REPORTED' },
      },
    ]);

    const fromHub = await viaGateway(
      `{ informationSystem(code: "NDXP") { name securityLevel connections { nodes { consumer { code securityLevel } } } } }`,
    );
    expect(fromHub.errors).toBeUndefined();
    expect(fromHub.data.informationSystem.securityLevel).toBe(4);
    expect(fromHub.data.informationSystem.connections.nodes).toContainEqual({ consumer: { code: 'LGSP-68', securityLevel: 3 } });
  });

  it('resolves hub entities by global id through _entities', async () => {
    const { id } = (await hub.query(`{ informationSystem(code: "VNEID") { id } }`)).informationSystem;
    const data = await hub.query(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on InformationSystem { code name } } }`, {
      reps: [
        { __typename: 'InformationSystem', id },
        { __typename: 'InformationSystem', code: 'NDXP' },
      ],
    });
    expect(data._entities.map((e: any) => e.code)).toEqual(['VNEID', 'NDXP']);
  });
});
