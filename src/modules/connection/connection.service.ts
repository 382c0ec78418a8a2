import { relationJoins, type RelationWants } from '../../db/relations.js';
import { tablePage, Where } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { pageRequest, type PageArgs, type PageResult } from '../../graphql/pagination.js';
import { Connection } from './connection.entity.js';
import type { ConnectionFilter } from './connection.inputs.js';
import { STATUS_ON } from './connection.loaders.js';

const SYSTEM_ID = '(select s.id from information_system s where s.code = ?)';

/** `relations`: many-to-one relations (consumer, provider, via) the caller will read, fetched with the page. */
export function listConnections(
  ctx: RequestContext, filter: ConnectionFilter | null | undefined, args: PageArgs, relations: RelationWants = {},
): Promise<PageResult<Connection>> {
  const request = pageRequest(args);
  const where = new Where();
  if (filter?.asOf) {
    const statusOn = STATUS_ON.replace('c.id', 't.id');
    where.add(`${statusOn} is not null`, filter.asOf);
    if (filter.statuses?.length) where.add(`${statusOn} in (?)`, filter.asOf, filter.statuses);
  } else if (filter?.statuses?.length) {
    where.add('t.status in (?)', filter.statuses);
  }
  if (filter?.consumerCode) where.add(`t.consumer_id = ${SYSTEM_ID}`, filter.consumerCode);
  if (filter?.providerCode) where.add(`t.provider_id = ${SYSTEM_ID}`, filter.providerCode);
  if (filter?.viaCode) where.add(`t.via_id = ${SYSTEM_ID}`, filter.viaCode);
  if (filter?.systemCode) {
    where.add(`${SYSTEM_ID} in (t.consumer_id, t.provider_id, t.via_id)`, filter.systemCode);
  }
  if (filter?.ownerCode) {
    where.add(`exists (select 1 from information_system s join agency a on a.id = s.owner_id
      where a.code = ? and s.id in (t.consumer_id, t.provider_id, t.via_id))`, filter.ownerCode);
  }
  return tablePage(ctx.em, Connection, 'connection', where, request, relationJoins(ctx.em, Connection, relations));
}
