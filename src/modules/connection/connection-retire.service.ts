import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { requireWriter } from '../auth/authorize.js';
import type { Connection } from './connection.entity.js';
import { ConnectionStatus } from './connection.enums.js';
import type { RetireConnectionInput } from './connection-status.inputs.js';
import { setConnectionStatus } from './connection-status.service.js';
import { connectionEndsByKey } from './connection.queries.js';

/**
 * Retires a connection: a DISCONNECTED event on its date, through the same write path as every status (scope,
 * version check, evidence, audit, notify), so nothing is deleted and `history` keeps every earlier status. Only an
 * existing connection can be retired (setConnectionStatus would create one); retiring it again on the same date
 * with the same evidence changes nothing, on another date is refused (it ended once).
 */
export async function retireConnection(ctx: RequestContext, input: RetireConnectionInput): Promise<{ connection: Connection; changed: boolean }> {
  requireWriter(ctx);
  const ends = await connectionEndsByKey(ctx.em, input.key);
  if (!ends) throw new NotFoundError(`No connection has the key "${input.key}"; read the keys with connections { nodes { key } }.`);
  if (ends.status === ConnectionStatus.DISCONNECTED && ends.status_since !== input.date) {
    throw new BadUserInputError(`The connection ${input.key} was retired on ${ends.status_since} already.`, 'date');
  }
  if (input.date < ends.status_since) {
    throw new BadUserInputError(
      `The connection ${input.key} has been ${ends.status} since ${ends.status_since}; it cannot have ended before that (${input.date}).`,
      'date',
    );
  }
  return setConnectionStatus(ctx, {
    clientMutationId: input.clientMutationId,
    consumerCode: ends.consumer_code,
    providerCode: ends.provider_code,
    viaCode: ends.via_code,
    status: ConnectionStatus.DISCONNECTED,
    date: input.date,
    reason: input.reason,
    evidence: input.evidence,
    expectedVersion: input.expectedVersion,
  });
}
