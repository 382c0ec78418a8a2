import type { GraphQLResolveInfo } from 'graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { refId } from '../../graphql/loader-utils.js';
import { wantedRelations } from '../../db/relations.js';
import { pageItemFields } from '../../graphql/selection.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { noItems, selectsItems, toPage } from '../../graphql/pagination.js';
import { AgencyPageArgs, ObservationPageArgs, SystemPageArgs } from '../list-orders.js';
import { systemPageRequest } from '../system/system.service.js';
import { observationPageRequest } from '../observation/observation.service.js';
import type { Observation } from '../observation/observation.entity.js';
import { AgencyConnection, InformationSystemConnection, ObservationConnection } from '../entity-pages.js';
import { Agency } from './agency.entity.js';
import { AgencyFilter } from './agency.inputs.js';
import { findAgencyByCode, listAgencies } from './agency.service.js';
import type { SuccessionLink } from './agency.loaders.js';
import { AgencySuccession } from './agency-succession.types.js';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => Agency, {
    nullable: true,
    description:
      'The agency with this code that existed on `asOf` (default today). Codes of units that no longer exist still answer with their last unit.',
  })
  agency(
    @Ctx() ctx: RequestContext,
    @Arg('code', { description: 'Agency code, e.g. "68" (Lâm Đồng), "BCA" (Ministry of Public Security), "VNPT".' }) code: string,
    @Arg('asOf', () => DateScalar, {
      nullable: true,
      description: 'Pick the unit that existed on this date, e.g. 2023-07-12 for the pre-2025 Lâm Đồng.',
    })
    asOf?: string | null,
  ) {
    return findAgencyByCode(ctx, code, asOf ?? null);
  }

  @Query(() => AgencyConnection, { description: 'Agencies, filtered, in a stable order, a page at a time. By default only units that exist today.' })
  async agencies(
    @Ctx() ctx: RequestContext,
    @Args(() => AgencyPageArgs) page: AgencyPageArgs,
    @Arg('filter', () => AgencyFilter, { nullable: true, description: 'Narrow the list; omit to list all agencies.' }) filter?: AgencyFilter | null,
  ) {
    return toPage(await listAgencies(ctx, filter, page));
  }

  @FieldResolver(() => Agency, {
    nullable: true,
    description: "The agency this one belongs to (a commune's province, a provincial body's province).",
  })
  parent(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    const id = refId(agency.parent);
    return id ? ctx.loaders.agencyById.load(id) : null;
  }

  @FieldResolver(() => InformationSystemConnection, { description: 'Information systems this agency owns.' })
  async systems(
    @Root() agency: Agency,
    @Ctx() ctx: RequestContext,
    @Args(() => SystemPageArgs) page: SystemPageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const request = systemPageRequest(page);
    const relations = wantedRelations(ctx.em, InformationSystem, pageItemFields(info));
    const found = selectsItems(info) ? await ctx.loaders.systemsByOwner.for({ request, relations }).load(agency.dbId) : noItems<InformationSystem>();
    return toPage({ ...found, request, count: () => ctx.loaders.systemCountByOwner.load(agency.dbId) });
  }

  @FieldResolver(() => ObservationConnection, {
    description:
      "Figures reported for this agency and, by default, for the units it succeeded (a 2023 figure of the old Lâm Đồng is reachable from today's). Each figure appears once and keeps its own `agency`.",
  })
  async observations(
    @Root() agency: Agency,
    @Ctx() ctx: RequestContext,
    @Args(() => ObservationPageArgs) page: ObservationPageArgs,
    @Info() info: GraphQLResolveInfo,
    @Arg('includePredecessors', { defaultValue: true, description: 'Include figures of the units this one succeeded, through any chain of mergers.' })
    includePredecessors: boolean,
  ) {
    const request = observationPageRequest(page);
    const { loaders } = ctx;
    const [pages, counts] = includePredecessors
      ? [loaders.observationsByAgencyLineage, loaders.observationCountByAgencyLineage]
      : [loaders.observationsByAgency, loaders.observationCountByAgency];
    const found = selectsItems(info) ? await pages.for(request).load(agency.dbId) : noItems<Observation>();
    return toPage({ ...found, request, count: () => counts.load(agency.dbId) });
  }

  @FieldResolver(() => [AgencySuccession], { description: "The units this one succeeded, e.g. the three provinces merged into today's Lâm Đồng." })
  predecessors(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    return ctx.loaders.predecessorsOf.load(agency.dbId);
  }

  @FieldResolver(() => [AgencySuccession], { description: "The units that took over from this one, e.g. today's Lâm Đồng for Đắk Nông." })
  successors(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    return ctx.loaders.successorsOf.load(agency.dbId);
  }
}

@Resolver(() => AgencySuccession)
export class AgencySuccessionResolver {
  @FieldResolver(() => Agency, { description: 'The agency on the other side of the link.' })
  agency(@Root() link: SuccessionLink, @Ctx() ctx: RequestContext) {
    return ctx.loaders.agencyById.load(link.agencyId);
  }
}
