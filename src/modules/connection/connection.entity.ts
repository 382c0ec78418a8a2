import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { ConnectionStatus } from './connection.enums.js';

@Entity({ tableName: 'connection' })
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description: 'A directed data connection: the consumer system draws data from the provider system, optionally through a platform (`via`).',
})
export class Connection extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable key, "CONSUMER>PROVIDER" (with "@VIA" when routed through a platform).' })
  @Property({ unique: true })
  key!: string;

  @ManyToOne(() => InformationSystem, { fieldName: 'consumer_id' })
  consumer!: Rel<InformationSystem>;

  @ManyToOne(() => InformationSystem, { fieldName: 'provider_id' })
  provider!: Rel<InformationSystem>;

  @ManyToOne(() => InformationSystem, { nullable: true, fieldName: 'via_id' })
  via?: Rel<InformationSystem> | null;

  @Field(() => ConnectionStatus, { description: 'Current status: the latest ACTUAL entry of `history` (a PLANNED milestone never is).' })
  @Property({ type: 'text' })
  status!: ConnectionStatus;

  @Field(() => DateScalar, { nullable: true, description: 'Date the connection took its current status.' })
  @Property({ type: 'date', nullable: true })
  statusSince?: string | null;

  @Field(() => Int, {
    description: 'Row version for optimistic locking: pass it back when updating; an update based on an older version is refused with CONFLICT.',
  })
  @Property({ default: 1 })
  version!: number;
}
