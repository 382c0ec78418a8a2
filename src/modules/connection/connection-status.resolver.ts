import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Connection } from './connection.entity.js';
import { SetConnectionStatusInput } from './connection-status.inputs.js';
import { setConnectionStatus } from './connection-status.service.js';
import { inputErrors, MutationPayload, payload } from '../../graphql/payload.js';

const SetConnectionStatusPayload = MutationPayload('SetConnectionStatus', 'connection', () => Connection, 'The connection with its new status.');

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
}
