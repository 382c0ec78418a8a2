import { relationJoins, type RelationWants } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageRequest, type PageResult } from '../../graphql/pagination.js';
import type { ConnectionPageArgs } from '../list-orders.js';
import { Connection } from './connection.entity.js';
import type { ConnectionFilter } from './connection.inputs.js';
import { CONNECTION_ORDER, connectionPage } from './connection.queries.js';

/** `relations`: many-to-one relations (consumer, provider, via) the caller will read, fetched with the page. */
export function listConnections(
  ctx: RequestContext,
  filter: ConnectionFilter | null | undefined,
  args: ConnectionPageArgs,
  relations: RelationWants = {},
): Promise<PageResult<Connection>> {
  return connectionPage(ctx.em, filter, connectionPageRequest(args), relationJoins(ctx.em, Connection, relations));
}

/** A checked page request for a list of connections (its order among the connections' sort keys). */
export function connectionPageRequest(args: ConnectionPageArgs): PageRequest {
  return pageRequest(args, CONNECTION_ORDER);
}
