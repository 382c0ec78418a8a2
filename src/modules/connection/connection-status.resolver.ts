import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { Connection } from './connection.entity.js';
import { SetConnectionStatusInput } from './connection-status.inputs.js';
import { setConnectionStatus } from './connection-status.service.js';

@Resolver()
export class ConnectionStatusResolver {
  @Mutation(() => Connection, {
    description:
      'Records a dated status of a connection with its evidence (creating the connection if new). Needs an admin key, or an editor key for the agency owning the consumer or the provider. Recording the same status on the same date again changes nothing.',
  })
  async setConnectionStatus(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SetConnectionStatusInput, { description: 'The status, its date and its evidence.' }) input: SetConnectionStatusInput,
  ) {
    return (await setConnectionStatus(ctx, input)).connection;
  }
}
