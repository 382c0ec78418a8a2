import { Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Viewer, ViewerRole } from './viewer.types.js';

const ROLE: Record<string, ViewerRole> = { reader: ViewerRole.READER, editor: ViewerRole.EDITOR, admin: ViewerRole.ADMIN };

@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, {
    description: 'Who is calling (anonymous or the API key), its role and agency scope, and what is left of the rate limit and query cost.',
  })
  viewer(@Ctx() ctx: RequestContext): Viewer {
    const { principal, usage } = ctx;
    const rateLimit = usage?.rateLimit ?? null;
    const cost = usage?.cost ?? null;
    return {
      name: principal?.name ?? null,
      keyId: principal?.keyId ?? null,
      role: principal ? ROLE[principal.role] : ViewerRole.ANONYMOUS,
      agencyCodes: principal?.role === 'editor' ? [...principal.agencyCodes] : [],
      rateLimit: rateLimit && { ...rateLimit, countedBy: principal?.keyId != null ? 'key' : 'address' },
      queryCost: usage && cost !== null ? { cost, limit: usage.maxCost, remaining: usage.maxCost - cost } : null,
    };
  }
}
