import type { RequestContext } from '../../api/context.js';
import { rememberSortKey } from '../../db/paging.js';
import { BadUserInputError } from '../../errors.js';
import { toGlobalId, type NodeTypeName } from '../../graphql/node.js';
import { PageArgs, pageRequest, toPage } from '../../graphql/pagination.js';
import { changePage } from './audit.queries.js';
import { Change, ChangeKind } from './change-feed.types.js';

const ALL_KINDS = Object.values(ChangeKind);

/**
 * The public change feed: the audit records of statuses, figures and systems committed at or after `since`,
 * oldest first (by record id), without who made them. Open to every reader the hub lets in (ANONYMOUS_READ decides
 * about callers without a key, at the transport). A reader follows it with `after: endCursor`: a time alone can miss
 * a change committed late within the same second.
 */
export async function changeFeed(ctx: RequestContext, since: Date, kinds: ChangeKind[] | null | undefined, args: PageArgs) {
  if (Number.isNaN(since.getTime())) throw new BadUserInputError('"since" is not a time; send e.g. 2026-12-01T00:00:00Z.', 'since');
  if (kinds && kinds.length === 0) throw new BadUserInputError('"kinds" is empty; omit it for every kind of change.', 'kinds');
  const request = pageRequest(args);
  const { rows, beyondCursor, count } = await changePage(ctx.em, since, kinds ?? ALL_KINDS, request);
  const items = rows.map((r) => {
    const change = Object.assign(new Change(), {
      dbId: Number(r.id),
      at: new Date(String(r.at)),
      action: String(r.action),
      kind: r.entity_type as ChangeKind,
      entityId: toGlobalId(r.entity_type as NodeTypeName, Number(r.entity_id)),
      entityKey: r.entity_key ?? null,
      changes: r.changes,
    });
    rememberSortKey(change, r.sort__);
    return change;
  });
  return toPage({ items, request, beyondCursor, count });
}
