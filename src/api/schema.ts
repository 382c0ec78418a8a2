import 'reflect-metadata';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { defaultFieldResolver, lexicographicSortSchema, type GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { enterMutationField } from '../db/commit.js';
import { toSubgraphSchema } from './federation.js';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { ENTITIES } from '../modules/entities.js';
import { resolveNodeType } from '../graphql/node.js';
import { AgencyResolver, AgencySuccessionResolver } from '../modules/agency/agency.resolver.js';
import { ConnectionEventResolver, ConnectionResolver } from '../modules/connection/connection.resolver.js';
import { ConnectionStatusResolver } from '../modules/connection/connection-status.resolver.js';
import { ConnectionSubscriptionResolver } from '../modules/connection/connection-subscription.resolver.js';
import { NO_IN_PROCESS_PUBSUB } from '../subscriptions/context.js';
import { EvidenceResolver } from '../modules/evidence/evidence.resolver.js';
import { SourceDocumentResolver } from '../modules/evidence/source-document.resolver.js';
import { NodeResolver } from '../modules/node/node.resolver.js';
import { ViewerResolver } from '../modules/auth/viewer.resolver.js';
import { AgencyWriteResolver } from '../modules/agency/agency-write.resolver.js';
import { AuditResolver } from '../modules/audit/audit.resolver.js';
import { ChangeFeedResolver } from '../modules/audit/change-feed.resolver.js';
import {
  AgencyRollupFieldsResolver,
  AgencyRollupResolver,
  ConnectionGroupCountResolver,
  DashboardResolver,
  IntegrationMatrixCellResolver,
  SystemGroupCountResolver,
} from '../modules/dashboard/dashboard.resolver.js';
import { ImportResolver } from '../modules/import/import.resolver.js';
import { ObservationWriteResolver } from '../modules/observation/observation-write.resolver.js';
import { SystemWriteResolver } from '../modules/system/system-write.resolver.js';
import { SystemOwnerHistoryResolver, SystemOwnerPeriodResolver } from '../modules/system/system-owner.resolver.js';
import { IndicatorResolver, ObservationResolver } from '../modules/observation/observation.resolver.js';
import { SearchResolver } from '../modules/search/search.resolver.js';
import { SystemLifecycleEventResolver, SystemResolver } from '../modules/system/system.resolver.js';
import { IndicatorProgressResolver, TargetResolver, TaskResolver } from '../modules/plan/plan.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

async function build(): Promise<GraphQLSchema> {
  // An entity's field without a resolver of its own is read as the property it names (graphql's default) instead of
  // through type-graphql's per-field wrapper, which only runs middlewares and auth checks (the hub has none):
  // graphql-jit then reads such fields inline. Entities only: their properties are plain values, where other types
  // (pages) hold promises in plain fields, which an inlined read would not wait for.
  const entities = new Set<unknown>(ENTITIES);
  for (const type of getMetadataStorage().objectTypes) if (entities.has(type.target)) type.simpleResolvers ??= true;
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      ViewerResolver,
      AgencyResolver,
      AgencySuccessionResolver,
      SystemResolver,
      SystemLifecycleEventResolver,
      ConnectionResolver,
      ConnectionEventResolver,
      ConnectionStatusResolver,
      ConnectionSubscriptionResolver,
      ObservationResolver,
      IndicatorResolver,
      EvidenceResolver,
      SourceDocumentResolver,
      SearchResolver,
      TaskResolver,
      TargetResolver,
      IndicatorProgressResolver,
      AgencyWriteResolver,
      SystemWriteResolver,
      ObservationWriteResolver,
      AuditResolver,
      ChangeFeedResolver,
      ImportResolver,
      SystemOwnerHistoryResolver,
      SystemOwnerPeriodResolver,
      DashboardResolver,
      IntegrationMatrixCellResolver,
      ConnectionGroupCountResolver,
      SystemGroupCountResolver,
      AgencyRollupResolver,
      AgencyRollupFieldsResolver,
    ],
    validate: false,
    // Subscriptions use their own `subscribe` fed by PostgreSQL LISTEN; type-graphql still requires a PubSub.
    pubSub: NO_IN_PROCESS_PUBSUB,
  });
  schema.getQueryType()!.description =
    "Lien Thong: the metadata of Vietnam's national digital government: agencies, information systems, the connections between them and the figures reported on them, each with its evidence.";
  schema.getMutationType()!.description =
    'Changes: each needs an API key whose role and agency scope allow it, is validated field by field, is based on the current version of what it changes, and is written to the audit log.';
  schema.getSubscriptionType()!.description =
    'Live updates over WebSocket at /graphql (graphql-transport-ws protocol): every hub process serving the database sees every change, through PostgreSQL LISTEN/NOTIFY.';
  const subgraph = toSubgraphSchema(schema);
  // type-graphql wraps resolveType in an async function; graphql-jit (jit-executor.ts) needs the type at once.
  (subgraph.getType('Node') as GraphQLInterfaceType).resolveType = resolveNodeType;
  creditCommitsToMutationFields(subgraph);
  return subgraph;
}

/**
 * Each root field of a mutation says when it starts (src/db/commit.ts), so what a request commits is credited to the
 * field that committed it (src/server/outage-status.ts); root fields of a mutation run one after another. Wrapping
 * these few resolvers keeps it out of a plugin's willResolveField hook, which would wrap every resolver of the schema.
 */
function creditCommitsToMutationFields(schema: GraphQLSchema): void {
  for (const field of Object.values(schema.getMutationType()!.getFields())) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, ctx: object, info) => {
      enterMutationField(ctx, String(info.path.key));
      return resolve(source, args, ctx, info);
    };
  }
}

/** Builds the executable schema from the resolvers (once per process; type-graphql metadata is global). */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= build();
  return built;
}

/**
 * The SDL as committed in schema/schema.graphql: sorted, so diffs show real changes only, with the federation
 * directives (`@key`, `@link`) that other subgraphs and the gateway rely on.
 */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
