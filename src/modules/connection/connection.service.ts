import { relationJoins, type RelationWants } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { Connection } from './connection.entity.js';
import type { ConnectionFilter } from './connection.inputs.js';
import { connectionPage } from './connection.queries.js';

/** `relations`: many-to-one relations (consumer, provider, via) the caller will read, fetched with the page. */
export function listConnections(
  ctx: RequestContext,
  filter: ConnectionFilter | null | undefined,
  args: PageArgs,
  relations: RelationWants = {},
): Promise<PageResult<Connection>> {
  return connectionPage(ctx.em, filter, pageRequest(args), relationJoins(ctx.em, Connection, relations));
}
