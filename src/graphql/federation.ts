import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from './context.js';
import { fromGlobalId, type NodeTypeName } from './node.js';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

type Reference = { __typename: NodeTypeName; id?: string; code?: string };

/** Resolves an entity another subgraph refers to, by global id or (systems, indicators) by code. */
async function resolveReference(reference: Reference, ctx: RequestContext): Promise<unknown> {
  const { loaders, em } = ctx;
  if (reference.id !== undefined) {
    const decoded = fromGlobalId(reference.id);
    if (!decoded || decoded.type !== reference.__typename) return null;
    switch (decoded.type) {
      case 'Agency': return loaders.agencyById.load(decoded.id);
      case 'InformationSystem': return loaders.systemById.load(decoded.id);
      case 'Connection': return loaders.connectionById.load(decoded.id);
      case 'Observation': return loaders.observationById.load(decoded.id);
      case 'Indicator': return loaders.indicatorById.load(decoded.id);
      case 'SourceDocument': return loaders.documentById.load(decoded.id);
      case 'Evidence': return loaders.evidenceById.load(decoded.id);
    }
  }
  if (reference.code !== undefined) {
    const table = reference.__typename === 'InformationSystem' ? 'information_system' : reference.__typename === 'Indicator' ? 'indicator' : null;
    if (!table) return null;
    const [row] = await em.getConnection().execute(`select id from ${table} where code = ?`, [reference.code]);
    if (!row) return null;
    return table === 'indicator' ? loaders.indicatorById.load(Number(row.id)) : loaders.systemById.load(Number(row.id));
  }
  return null;
}

const ENTITY_TYPES: NodeTypeName[] = ['Agency', 'InformationSystem', 'Connection', 'Observation', 'Indicator', 'SourceDocument', 'Evidence'];

/**
 * Turns the type-graphql schema into an Apollo Federation 2 subgraph: the same types and resolvers, entities keyed
 * by `@key(fields: "id")` (and "code" for systems and indicators), plus `_service` and `_entities`.
 */
export function toSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<RequestContext>;
  for (const type of ENTITY_TYPES) {
    resolvers[type] = { ...(resolvers[type] as object), __resolveReference: resolveReference } as never;
  }
  return buildSubgraphSchema([{ typeDefs, resolvers }]);
}
