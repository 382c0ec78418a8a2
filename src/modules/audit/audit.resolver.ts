import { Arg, Args, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { AuditPageArgs } from '../list-orders.js';
import { auditLog } from './audit-query.service.js';
import { AuditEntryConnection, AuditFilter } from './audit.types.js';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEntryConnection, {
    description: 'Every change made through the API or an import, newest first. Admin keys read all; editor keys read their own changes.',
  })
  auditLog(
    @Ctx() ctx: RequestContext,
    @Args(() => AuditPageArgs) page: AuditPageArgs,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Narrow the log; omit for all of it.' }) filter?: AuditFilter | null,
  ) {
    return auditLog(ctx, filter, page);
  }
}
