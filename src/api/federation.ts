import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { getNamedType, parse, type GraphQLSchema } from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { RequestContext } from './context.js';
import { BadUserInputError } from '../errors.js';
import { loadNode } from '../modules/node/load-node.js';
import { ENTITY_TYPES, fromGlobalId, type EntityTypeName } from '../graphql/node.js';
import { findIndicatorByCode } from '../modules/observation/observation.service.js';
import { findSystemByCode } from '../modules/system/system.service.js';

const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';

type Reference = { __typename: EntityTypeName; id?: string; code?: string };

/** Resolves an entity another subgraph refers to, by global id or (systems, indicators) by code. */
async function resolveReference(reference: Reference, ctx: RequestContext): Promise<unknown> {
  if (reference.id !== undefined) {
    const decoded = fromGlobalId(reference.id);
    if (!decoded || decoded.type !== reference.__typename) return null;
    return loadNode(ctx, decoded.type, decoded.id);
  }
  if (reference.code !== undefined) {
    const find = reference.__typename === 'InformationSystem' ? findSystemByCode : reference.__typename === 'Indicator' ? findIndicatorByCode : null;
    const found = find ? await find(ctx, reference.code) : null;
    return found ? loadNode(ctx, reference.__typename, found.dbId) : null;
  }
  return null;
}

/**
 * Turns the type-graphql schema into an Apollo Federation 2 subgraph: the same types and resolvers, entities keyed
 * by `@key(fields: "id")` (and "code" for systems and indicators), plus `_service` and `_entities`.
 */
export function toSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const payloads = mutationPayloads(schema);
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}\n${payloads.map(queryField).join('\n')}`);
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<RequestContext>;
  for (const type of payloads) resolvers[type] = { ...(resolvers[type] as object), query: () => ({}) } as never;
  for (const type of ENTITY_TYPES) {
    resolvers[type] = { ...(resolvers[type] as object), __resolveReference: resolveReference } as never;
  }
  const subgraph = buildSubgraphSchema([{ typeDefs, resolvers }]);
  guardRepresentations(subgraph);
  return subgraph;
}

/** The payload types mutations return (every one is an object type of its own, `<Name>Payload`). */
function mutationPayloads(schema: GraphQLSchema): string[] {
  return Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => getNamedType(f.type).name);
}

/**
 * Each payload's `query` field (Relay): the query root, so a client reads anything it needs after the change in the
 * same response. Added to the SDL here, since type-graphql cannot name its generated Query type as a field's type.
 */
const queryField = (type: string) => `extend type ${type} {
  """The query root: read anything after the change in the same response."""
  query: Query!
}`;

/** Each representation looked up by code costs a statement: a bound keeps one request from taking seconds. */
const MAX_REPRESENTATIONS = 1_000;

/**
 * @apollo/subgraph throws a plain Error (an internal error to the client) for a representation that is not an object
 * naming one of our entity types: such a request is the caller's mistake, so it is answered BAD_USER_INPUT.
 */
function guardRepresentations(subgraph: GraphQLSchema): void {
  const field = subgraph.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  field.resolve = (source, args: { representations?: unknown[] }, context, info) => {
    const representations = args.representations ?? [];
    if (representations.length > MAX_REPRESENTATIONS) {
      throw new BadUserInputError(
        `At most ${MAX_REPRESENTATIONS} representations per request (got ${representations.length}): split them over several requests.`,
        'representations',
      );
    }
    representations.forEach((representation, i) => {
      const typename = (representation as { __typename?: unknown } | null)?.__typename;
      if (typeof representation !== 'object' || representation === null || !(ENTITY_TYPES as readonly unknown[]).includes(typename)) {
        throw new BadUserInputError(
          `representations[${i}] must be an object whose "__typename" is one of ${ENTITY_TYPES.join(', ')}, with its "id" (or "code" for InformationSystem and Indicator).`,
          `representations[${i}]`,
        );
      }
    });
    return resolve(source, args, context, info);
  };
}
