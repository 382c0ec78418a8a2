import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestContext } from '../../api/context.js';
import { AppError, ErrorCode, ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { agencyCodesOf, agencyScopeIds } from '../agency/agency.queries.js';
import type { Principal } from './principal.js';

/**
 * Agency ids an editor may change: the agencies with its codes (every period), the units they succeeded, and
 * everything under them (communes, provincial bodies), in one recursive statement.
 */
export function editableAgencyIds(em: EntityManager, principal: Principal): Promise<Set<number>> {
  return agencyScopeIds(em, principal.agencyCodes);
}

/** Any key that may write: editors and admins. */
export function requireWriter(ctx: RequestContext): Principal {
  if (!ctx.principal)
    throw new UnauthenticatedError('Changes need an API key with the editor or admin role: send it as "Authorization: Bearer <key>".');
  if (ctx.principal.role === 'reader') throw new ForbiddenError('This API key has the reader role: it cannot change anything.');
  return ctx.principal;
}

export function requireAdmin(ctx: RequestContext, what: string): Principal {
  const principal = requireWriter(ctx);
  if (principal.role !== 'admin') throw new ForbiddenError(`Only an admin key can ${what}.`);
  return principal;
}

/**
 * The agencies a record belongs to: an editor whose scope holds any one of them may write it (a connection belongs to
 * the owners of both its ends). An empty list means no agency owns it, so only an admin may write it.
 */
export type Owners = (number | null | undefined)[];

/** A record's owners as it is stored now (`before`, null if it does not exist yet) and after the change (`after`, null if deleted). */
export interface OwnershipChange {
  before: Owners | null;
  after: Owners | null;
}

/** Refusal of an editor whose scope misses one side of a change; `extensions.side` says which. */
export class OutOfScopeError extends AppError {
  constructor(message: string, side: 'before' | 'after') {
    super(message, ErrorCode.FORBIDDEN, { side });
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

async function ownerCodes(ctx: RequestContext, ids: number[]): Promise<string> {
  return (await agencyCodesOf(ctx.em, ids)).join(', ');
}

/**
 * The one authorization rule for every change: admins may write anything; an editor only a record whose owners, as
 * stored now AND as they will be after the change, are each in its scope (editableAgencyIds). So an editor can neither
 * change another agency's record nor move one of its own out of its scope, whatever agencies the input names.
 * `what` names the record in the refusal.
 */
export async function requireWriteAccess(ctx: RequestContext, change: OwnershipChange, what: string): Promise<Principal> {
  const principal = requireWriter(ctx);
  if (principal.role === 'admin') return principal;
  const scope = await ctx.editableAgencyIds();
  const mine = principal.agencyCodes.join(', ');
  for (const side of ['before', 'after'] as const) {
    const owners = change[side];
    if (owners === null) continue;
    const ids = owners.filter((id): id is number => id != null);
    if (ids.some((id) => scope.has(id))) continue;
    if (!ids.length)
      throw new OutOfScopeError(
        `${capitalized(what)} belongs to no agency ${side === 'before' ? 'as stored now' : 'after this change'}: only an admin key can change it.`,
        side,
      );
    const theirs = await ownerCodes(ctx, ids);
    if (side === 'before') {
      throw new OutOfScopeError(
        `This editor key may change only what belongs to ${mine}; ${what} belongs to ${theirs} as stored now. ` +
          `Use a key of ${theirs} or an admin key.`,
        side,
      );
    }
    throw new OutOfScopeError(
      `This editor key may change only what belongs to ${mine}; after this change ${what} would belong to ${theirs}. ` +
        (change.before
          ? `Moving it out of your scope needs an admin key or a key scoped to both ${mine} and ${theirs}.`
          : `Use a key of ${theirs} or an admin key.`),
      side,
    );
  }
  return principal;
}
