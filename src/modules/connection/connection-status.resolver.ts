import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Connection } from './connection.entity.js';
import { RetireConnectionInput, SetConnectionStatusInput } from './connection-status.inputs.js';
import { retireConnection } from './connection-retire.service.js';
import { setConnectionStatus } from './connection-status.service.js';
import { inputErrors, MutationPayload, payload } from '../../graphql/payload.js';

const SetConnectionStatusPayload = MutationPayload('SetConnectionStatus', 'connection', () => Connection, 'The connection with its new status.');
const RetireConnectionPayload = MutationPayload(
  'RetireConnection',
  'connection',
  () => Connection,
  'The retired connection (status DISCONNECTED), its history kept.',
);

@Resolver()
export class ConnectionStatusResolver {
  @Mutation(() => SetConnectionStatusPayload, {
    description:
      'Records a dated status of a connection with its evidence (creating the connection if new). Needs an admin key, or an editor key for the agency owning the consumer or the provider. Recording the same status on the same date again changes nothing.',
  })
  async setConnectionStatus(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetConnectionStatusInput, { description: 'The status, its date and its evidence.' }) input: SetConnectionStatusInput,
  ) {
    return payload('connection', (await inputErrors(() => setConnectionStatus(ctx, input))).connection, input);
  }

  @Mutation(() => RetireConnectionPayload, {
    description:
      'Retires a connection: records that it ended (DISCONNECTED) on a date, with its evidence; nothing is deleted and its history stays. Needs the rights of setConnectionStatus. The connection must exist; retiring it again on the same date changes nothing.',
  })
  async retireConnection(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RetireConnectionInput, { description: 'Which connection, the date it ended and the evidence.' }) input: RetireConnectionInput,
  ) {
    return payload('connection', (await inputErrors(() => retireConnection(ctx, input))).connection, input);
  }
}
