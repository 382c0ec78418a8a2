import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Role } from '../plan/role.enums.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { Connection } from './connection.entity.js';
import { ConnectionStatus } from './connection.enums.js';

@Entity({ tableName: 'connection_event' })
@ObjectType({ implements: Node, description: 'One dated status of a connection, with the evidence for it.' })
export class ConnectionEvent extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @ManyToOne(() => Connection, { fieldName: 'connection_id' })
  connection!: Rel<Connection>;

  @Field(() => ConnectionStatus, { description: 'The status the connection took.' })
  @Property({ type: 'text' })
  status!: ConnectionStatus;

  @Field(() => DateScalar, { description: 'The date it took that status.' })
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field(() => Role, {
    description:
      'ACTUAL: the connection took this status on the date; PLANNED: a milestone planned for the date (stated on `statedOn`), never the current status.',
  })
  @Property({ type: 'text', default: 'ACTUAL' })
  role!: Role;

  @Field(() => DateScalar, {
    nullable: true,
    description: "For a PLANNED milestone: the date the plan was stated (its document's date); null for actuals.",
  })
  @Property({ type: 'date', nullable: true })
  statedOn?: string | null;

  @ManyToOne(() => Evidence, { nullable: true, fieldName: 'evidence_id' })
  evidence?: Rel<Evidence> | null;

  @Field(() => String, { nullable: true, description: 'Why the status changed, when stated.' })
  @Property({ nullable: true, type: 'text' })
  reason?: string | null;
}
