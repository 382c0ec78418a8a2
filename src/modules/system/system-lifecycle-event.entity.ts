import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Field, ObjectType } from 'type-graphql';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from './information-system.entity.js';
import { LifecycleStatus } from './system.enums.js';

@Entity({ tableName: 'system_lifecycle_event' })
@ObjectType({ description: 'One dated lifecycle status of a system, with the evidence for it.' })
export class SystemLifecycleEvent {
  @PrimaryKey({ fieldName: 'id' })
  dbId!: number;

  @ManyToOne(() => InformationSystem, { fieldName: 'system_id' })
  system!: Rel<InformationSystem>;

  @Field(() => LifecycleStatus, { description: 'The status the system took.' })
  @Property({ type: 'text' })
  status!: LifecycleStatus;

  @Field(() => DateScalar, { description: 'The date it took that status (a planned date where `note` says so).' })
  @Property({ type: 'date' })
  occurredOn!: string;

  @ManyToOne(() => Evidence, { nullable: true, fieldName: 'evidence_id' })
  evidence?: Rel<Evidence> | null;

  @Field(() => String, { nullable: true, description: 'Context, e.g. that a date was announced as a plan.' })
  @Property({ nullable: true, type: 'text' })
  note?: string | null;
}
