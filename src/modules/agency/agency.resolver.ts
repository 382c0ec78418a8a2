import { DateResolver } from 'graphql-scalars';
import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../graphql/context.js';
import { refId } from '../../graphql/loader-utils.js';
import { PageArgs, pageRequest, toPage } from '../../graphql/pagination.js';
import { AgencyConnection, InformationSystemConnection, ObservationConnection } from '../../graphql/connection-types.js';
import { Agency } from './agency.entity.js';
import { AgencyFilter } from './agency.inputs.js';
import { findAgencyByCode, listAgencies } from './agency.service.js';

@Resolver(() => Agency)
export class AgencyResolver {
  @Query(() => Agency, { nullable: true, description: 'The agency with this code that existed on `asOf` (default today). Codes of units that no longer exist still answer with their last unit.' })
  agency(
    @Ctx() ctx: RequestContext,
    @Arg('code', { description: 'Agency code, e.g. "68" (Lâm Đồng), "BCA" (Ministry of Public Security), "VNPT".' }) code: string,
    @Arg('asOf', () => DateResolver, { nullable: true, description: 'Pick the unit that existed on this date, e.g. 2023-07-12 for the pre-2025 Lâm Đồng.' }) asOf?: string | null,
  ) {
    return findAgencyByCode(ctx, code, asOf ?? null);
  }

  @Query(() => AgencyConnection, { description: 'Agencies, filtered, in a stable order, a page at a time. By default only units that exist today.' })
  async agencies(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => AgencyFilter, { nullable: true, description: 'Narrow the list; omit to list all agencies.' }) filter?: AgencyFilter | null,
  ) {
    return toPage(await listAgencies(ctx, filter, page));
  }

  @FieldResolver(() => Agency, { nullable: true, description: 'The agency this one belongs to (a commune\'s province, a provincial body\'s province).' })
  parent(@Root() agency: Agency, @Ctx() ctx: RequestContext) {
    const id = refId(agency.parent);
    return id ? ctx.loaders.agencyById.load(id) : null;
  }

  @FieldResolver(() => InformationSystemConnection, { description: 'Information systems this agency owns.' })
  async systems(@Root() agency: Agency, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const request = pageRequest(page);
    const items = await ctx.loaders.systemsByOwner.for(request).load(agency.dbId);
    return toPage({ items, request, count: () => ctx.loaders.systemCountByOwner.load(agency.dbId) });
  }

  @FieldResolver(() => ObservationConnection, { description: 'Figures reported for this agency.' })
  async observations(@Root() agency: Agency, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const request = pageRequest(page);
    const items = await ctx.loaders.observationsByAgency.for(request).load(agency.dbId);
    return toPage({ items, request, count: () => ctx.loaders.observationCountByAgency.load(agency.dbId) });
  }
}
