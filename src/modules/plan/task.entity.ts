import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { DateScalar } from '../../graphql/scalars.js';
import { Agency } from '../agency/agency.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { TaskKind, TaskStatus } from './role.enums.js';

@Entity({ tableName: 'task' })
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description:
    'A task, commitment, agreement or programme the documents assign or report: what, to whom, by when, its status as reported, with the exact quote.',
})
export class Task extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable key in seeds/tasks.json.' })
  @Property({ unique: true })
  key!: string;

  @Field(() => TaskKind, { description: 'Task, commitment, agreement or programme.' })
  @Property({ type: 'text' })
  kind!: TaskKind;

  @Field({ description: "What is to be done, in Vietnamese, close to the source's words." })
  @Property({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What is to be done, in English.' })
  @Property({ type: 'text', nullable: true })
  titleEn?: string | null;

  @Property({ type: 'integer[]' })
  assigneeIds!: number[];

  @Property({ type: 'integer[]' })
  partnerIds!: number[];

  @ManyToOne(() => Agency, { nullable: true, fieldName: 'assigned_by_id' })
  assignedBy?: Rel<Agency> | null;

  @ManyToOne(() => InformationSystem, { nullable: true, fieldName: 'system_id' })
  informationSystem?: Rel<InformationSystem> | null;

  @Field(() => DateScalar, { description: "The date the task was stated (its document's date)." })
  @Property({ type: 'date' })
  statedOn!: string;

  @Field(() => DateScalar, { nullable: true, description: 'The deadline ("trong quý I-2024" -> 2024-03-31); null when the source gives none.' })
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the period of an agreement or programme ("giai đoạn 2023-2028").' })
  @Property({ type: 'date', nullable: true })
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of that period.' })
  @Property({ type: 'date', nullable: true })
  periodEnd?: string | null;

  @Field(() => TaskStatus, { description: 'The status as reported on `statusOn`.' })
  @Property({ type: 'text' })
  status!: TaskStatus;

  @Field(() => DateScalar, { description: 'The date `status` was reported.' })
  @Property({ type: 'date' })
  statusOn!: string;

  @Field(() => Int, { nullable: true, description: 'For a group of tasks ("21/24 nhiệm vụ"): how many there are.' })
  @Property({ type: 'integer', nullable: true })
  itemCount?: number | null;

  @Field(() => Int, { nullable: true, description: 'For a group of tasks: how many were reported done.' })
  @Property({ type: 'integer', nullable: true })
  itemsDone?: number | null;

  @ManyToOne(() => Evidence, { fieldName: 'evidence_id' })
  evidence!: Rel<Evidence>;

  @Field(() => String, {
    nullable: true,
    description: 'The clause of the same document that states the deadline or period when the quote does not, verbatim.',
  })
  @Property({ type: 'text', nullable: true })
  dateQuote?: string | null;

  @Field(() => String, { nullable: true, description: 'Reading notes: how a deadline or status was read.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;
}
