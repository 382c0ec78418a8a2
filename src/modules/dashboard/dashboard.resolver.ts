import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { DateScalar } from '../../graphql/scalars.js';
import { Agency, AgencyKind } from '../agency/agency.entity.js';
import { Connection } from '../connection/connection.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { ConnectionGroupField, SystemGroupField } from './dashboard.enums.js';
import { agencyRollup, connectionCounts, integrationMatrix, MAX_MATRIX_SYSTEMS, systemCounts } from './dashboard.service.js';
import { AgencyRollup, ConnectionGroupCount, IntegrationMatrix, IntegrationMatrixCell, SystemGroupCount } from './dashboard.types.js';

const byId = <T>(loader: { load(id: number): Promise<T | null> }, id: number | null) => (id == null ? null : loader.load(id));

@Resolver()
export class DashboardResolver {
  @Query(() => IntegrationMatrix, {
    description: `Which agencies are connected to which systems on a date ("63/63 localities connected to the population database"): every agency valid on the date (by default the provinces and centrally-run cities) x up to ${MAX_MATRIX_SYSTEMS} systems, each pair's best connection status with its evidence, and each row's and column's count, beside the latest count reported for each system. Computed in one statement.`,
  })
  integrationMatrix(
    @Ctx() ctx: RequestContext,
    @Arg('systemCodes', () => [String], { description: 'The columns: system codes, e.g. ["CSDLQG-DC", "NDXP"].' }) systemCodes: string[],
    @Arg('agencyKinds', () => [AgencyKind], {
      nullable: true,
      description: 'The rows: agencies of these kinds valid on the date (default PROVINCE and CENTRAL_CITY; none with agencyCodes).',
    })
    agencyKinds: AgencyKind[] | null,
    @Arg('agencyCodes', () => [String], { nullable: true, description: 'The rows: only these agencies (valid on the date).' })
    agencyCodes: string[] | null,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date (default today).' }) asOf: string | null,
  ) {
    return integrationMatrix(ctx, { systemCodes, agencyKinds, agencyCodes, asOf });
  }

  @Query(() => [ConnectionGroupCount], {
    description: 'Connections existing on a date, counted per group (largest first). An empty groupBy counts them all.',
  })
  connectionCounts(
    @Ctx() ctx: RequestContext,
    @Arg('groupBy', () => [ConnectionGroupField], { description: 'The fields to group by.' }) groupBy: ConnectionGroupField[],
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date (default today).' }) asOf: string | null,
  ) {
    return connectionCounts(ctx, groupBy, asOf);
  }

  @Query(() => [SystemGroupCount], { description: 'Systems counted per group, with their lifecycle status on a date (largest first).' })
  systemCounts(
    @Ctx() ctx: RequestContext,
    @Arg('groupBy', () => [SystemGroupField], { description: 'The fields to group by.' }) groupBy: SystemGroupField[],
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date (default today).' }) asOf: string | null,
  ) {
    return systemCounts(ctx, groupBy, asOf);
  }
}

@Resolver(() => IntegrationMatrixCell)
export class IntegrationMatrixCellResolver {
  @FieldResolver(() => Connection, { nullable: true, description: 'The connection whose status the cell shows.' })
  connection(@Root() cell: IntegrationMatrixCell, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.connectionById, cell.connectionId);
  }

  @FieldResolver(() => InformationSystem, { nullable: true, description: "The agency's system at the other end of that connection." })
  through(@Root() cell: IntegrationMatrixCell, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.systemById, cell.throughId);
  }

  @FieldResolver(() => Evidence, { nullable: true, description: 'The quote behind that status.' })
  evidence(@Root() cell: IntegrationMatrixCell, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.evidenceById, cell.evidenceId);
  }
}

@Resolver(() => ConnectionGroupCount)
export class ConnectionGroupCountResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'Owner of the consuming system (when grouped by it).' })
  consumerOwner(@Root() group: ConnectionGroupCount, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.agencyById, group.consumerOwnerId);
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'Owner of the providing system (when grouped by it).' })
  providerOwner(@Root() group: ConnectionGroupCount, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.agencyById, group.providerOwnerId);
  }
}

@Resolver(() => SystemGroupCount)
export class SystemGroupCountResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The owner (when grouped by it).' })
  owner(@Root() group: SystemGroupCount, @Ctx() ctx: RequestContext) {
    return byId(ctx.loaders.agencyById, group.ownerId);
  }
}

@Resolver(() => Agency)
export class AgencyRollupResolver {
  @FieldResolver(() => AgencyRollup, {
    description:
      "The agency's systems and their connections on a date, rolled up over the bodies under it and the units it succeeded; batched over a page of agencies.",
  })
  rollup(
    @Root() agency: Agency,
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'The date (default today).' }) asOf: string | null,
  ) {
    return agencyRollup(ctx, agency, asOf);
  }
}

@Resolver(() => AgencyRollup)
export class AgencyRollupFieldsResolver {
  @FieldResolver(() => [Agency], { description: 'The units this agency succeeded by then (directly or through a chain).' })
  async succeeded(@Root() rollup: AgencyRollup, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.agencyById.loadMany(rollup.succeededIds)).filter((a): a is Agency => a instanceof Agency);
  }
}
