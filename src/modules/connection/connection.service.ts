import { relationJoins, type RelationWants } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { codeList } from '../../graphql/code-list.js';
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
  const checked = filter && { ...filter, systemCodes: codeList(filter.systemCodes, 'filter.systemCodes') };
  return connectionPage(ctx.em, checked, connectionPageRequest(args), relationJoins(ctx.em, Connection, relations));
}

/** A checked page request for a list of connections (its order among the connections' sort keys). */
export function connectionPageRequest(args: ConnectionPageArgs): PageRequest {
  return pageRequest(args, CONNECTION_ORDER);
}
