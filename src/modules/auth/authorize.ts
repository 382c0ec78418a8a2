import type { EntityManager } from '@mikro-orm/postgresql';
import { execute } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { ForbiddenError, UnauthenticatedError } from '../../graphql/errors.js';
import type { Principal } from './principal.js';

/**
 * Agency ids an editor may change: the agencies with its codes (every period), the units they succeeded, and
 * everything under them (communes, provincial bodies), in one recursive statement.
 */
export async function editableAgencyIds(em: EntityManager, principal: Principal): Promise<Set<number>> {
  const rows = await execute(em, `with recursive scope(id) as (
      select a.id from agency a where a.code in (?)
      union
      select x.id from scope sc cross join lateral (
        select s.predecessor_id as id from agency_succession s where s.successor_id = sc.id
        union all
        select c.id from agency c where c.parent_id = sc.id
      ) x
    ) select id from scope`, [principal.agencyCodes]);
  return new Set(rows.map((r) => Number(r.id)));
}

/** Any key that may write: editors and admins. */
export function requireWriter(ctx: RequestContext): Principal {
  if (!ctx.principal) throw new UnauthenticatedError('Changes need an API key with the editor or admin role: send it as "Authorization: Bearer <key>".');
  if (ctx.principal.role === 'reader') throw new ForbiddenError('This API key has the reader role: it cannot change anything.');
  return ctx.principal;
}

export function requireAdmin(ctx: RequestContext, what: string): Principal {
  const principal = requireWriter(ctx);
  if (principal.role !== 'admin') throw new ForbiddenError(`Only an admin key can ${what}.`);
  return principal;
}

/**
 * Allows the change when the key is an admin's, or an editor's whose scope holds one of the agencies the object
 * belongs to (its owner, its subject). `what` names the object in the refusal.
 */
export async function requireScope(ctx: RequestContext, agencyIds: (number | null | undefined)[], what: string): Promise<Principal> {
  const principal = requireWriter(ctx);
  if (principal.role === 'admin') return principal;
  const scope = await ctx.editableAgencyIds();
  if (agencyIds.some((id) => id != null && scope.has(id))) return principal;
  throw new ForbiddenError(`This editor key may change only what belongs to ${principal.agencyCodes.join(', ')}; ${what} does not.`);
}
