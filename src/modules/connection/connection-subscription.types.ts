import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { Connection } from './connection.entity.js';
import { ConnectionStatus } from './connection.enums.js';

@ObjectType({
  description: 'A connection took a new current status (its status or the date it took it changed), as announced when the change was committed.',
})
export class ConnectionStatusChange {
  /** Internal id of the connection, resolved to `connection` when the change is delivered. */
  connectionId!: number;

  @Field(() => Connection, {
    description:
      "The connection, read when the change is delivered (so after a quick succession of changes it may already show a later one; `status` is this change's).",
  })
  connection!: Connection;

  @Field(() => ConnectionStatus, { description: 'The current status set by this change.' })
  status!: ConnectionStatus;

  @Field(() => ConnectionStatus, {
    nullable: true,
    description: 'The current status before this change; null when this change created the connection.',
  })
  previousStatus!: ConnectionStatus | null;

  @Field(() => DateScalar, { description: 'The date the connection took `status`.' })
  statusSince!: string;
}
