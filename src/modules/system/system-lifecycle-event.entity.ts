import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Role } from '../plan/role.enums.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from './information-system.entity.js';
import { LifecycleStatus } from './system.enums.js';

@Entity({ tableName: 'system_lifecycle_event' })
@ObjectType({ implements: Node, description: 'One dated lifecycle status of a system, with the evidence for it.' })
export class SystemLifecycleEvent extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @ManyToOne(() => InformationSystem, { fieldName: 'system_id' })
  system!: Rel<InformationSystem>;

  @Field(() => LifecycleStatus, { description: 'The status the system took.' })
  @Property({ type: 'text' })
  status!: LifecycleStatus;

  @Field(() => DateScalar, { description: 'The date it took that status (for a PLANNED milestone: the date planned).' })
  @Property({ type: 'date' })
  occurredOn!: string;

  @Field(() => Role, {
    description:
      'ACTUAL: the system took this status on the date; PLANNED: a milestone planned for the date (stated on `statedOn`), never the current status.',
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

  @Field(() => String, { nullable: true, description: 'Context, e.g. that a date was announced as a plan.' })
  @Property({ nullable: true, type: 'text' })
  note?: string | null;
}
