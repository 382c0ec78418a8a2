import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Agency } from '../agency/agency.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from './information-system.entity.js';
import { SystemOwnerPeriod } from './system-owner.types.js';

@Resolver(() => InformationSystem)
export class SystemOwnerHistoryResolver {
  @FieldResolver(() => [SystemOwnerPeriod], { description: "Who owned the system when, oldest first; the last period is open (today's owner)." })
  async ownerHistory(@Root() system: InformationSystem, @Ctx() ctx: RequestContext): Promise<SystemOwnerPeriod[]> {
    const rows = await ctx.loaders.ownerPeriodsBySystem.load(system.dbId);
    return rows.map((r) => ({ validFrom: r.valid_from, validTo: r.valid_to, ownerId: Number(r.owner_id), evidenceId: r.evidence_id }));
  }
}

@Resolver(() => SystemOwnerPeriod)
export class SystemOwnerPeriodResolver {
  @FieldResolver(() => Agency, { description: 'The owning agency (the unit itself, e.g. the Lâm Đồng of 2020-2025).' })
  owner(@Root() period: SystemOwnerPeriod, @Ctx() ctx: RequestContext) {
    return ctx.loaders.agencyById.load(period.ownerId);
  }

  @FieldResolver(() => Evidence, { nullable: true, description: 'The quote that shows the move, when one was given.' })
  evidence(@Root() period: SystemOwnerPeriod, @Ctx() ctx: RequestContext) {
    return period.evidenceId == null ? null : ctx.loaders.evidenceById.load(period.evidenceId);
  }
}
