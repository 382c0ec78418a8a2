import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Rel } from '@mikro-orm/core';
import { DateScalar } from '../../graphql/scalars.js';
import { Directive, Field, Int, Float, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node.js';
import { Agency } from '../agency/agency.entity.js';
import { Evidence } from '../evidence/evidence.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { Indicator } from './indicator.entity.js';
import { Basis, Qualifier } from './observation.enums.js';
import { AdminLevel, Role } from '../plan/role.enums.js';

@Entity({ tableName: 'observation' })
@Directive('@key(fields: "id")')
@ObjectType({
  implements: Node,
  description:
    "A reported figure: an indicator's value (or numerator/denominator) for an agency and/or a system at a date, with the exact quote it comes from.",
})
export class Observation extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable key in the seed files.' })
  @Property({ unique: true })
  key!: string;

  @ManyToOne(() => Indicator, { fieldName: 'indicator_id' })
  indicator!: Rel<Indicator>;

  @ManyToOne(() => Agency, { nullable: true, fieldName: 'agency_id' })
  agency?: Rel<Agency> | null;

  @ManyToOne(() => InformationSystem, { nullable: true, fieldName: 'system_id' })
  informationSystem?: Rel<InformationSystem> | null;

  @Field(() => String, { nullable: true, description: 'The figure exactly as written in the source, e.g. "68,45%" or "15/23".' })
  @Property({ nullable: true })
  valueText?: string | null;

  @Field(() => Role, {
    description:
      'ACTUAL: reported as done or as the state on `asOf`; TARGET: a figure aimed at, due on `dueOn` or for the period. A target is never served as an actual.',
  })
  @Property({ type: 'text', default: 'ACTUAL' })
  role!: Role;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'For a TARGET: the date by which it is to be reached ("trong năm 2023" -> 2023-12-31); null when the source gives none.',
  })
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Field(() => AdminLevel, {
    nullable: true,
    description: 'The administrative level the figure covers ("60% cấp tỉnh" -> PROVINCE); null when it covers all levels.',
  })
  @Property({ type: 'text', nullable: true })
  level?: AdminLevel | null;

  @Field(() => String, {
    nullable: true,
    description: "The clause of the same document that states the figure's date or period when its own quote does not, verbatim.",
  })
  @Property({ type: 'text', nullable: true })
  dateQuote?: string | null;

  @Property({ type: 'integer[]', default: [] })
  relatedSystemIds!: number[];

  @Field(() => Float, { nullable: true, description: 'The value in plain notation ("68,45%" -> 68.45), when the figure is a single value.' })
  @Property({ type: 'double', nullable: true })
  value?: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator of a count such as 15/23.' })
  @Property({ type: 'double', nullable: true })
  numerator?: number | null;

  @Field(() => Float, { nullable: true, description: 'Denominator of a count such as 15/23.' })
  @Property({ type: 'double', nullable: true })
  denominator?: number | null;

  @Field(() => Qualifier, { description: 'How the source qualifies the figure ("hơn", "khoảng", ...).' })
  @Property({ type: 'text' })
  qualifier!: Qualifier;

  @Field(() => Float, {
    nullable: true,
    description:
      "Legacy: a target stated with the figure, in the same unit. The documents' targets are separate TARGET figures (see `role`, `targets`).",
  })
  @Property({ type: 'double', nullable: true })
  target?: number | null;

  @Field(() => Qualifier, { nullable: true, description: 'How the target is qualified ("tối thiểu 60%" -> AT_LEAST).' })
  @Property({ type: 'text', nullable: true })
  targetQualifier?: Qualifier | null;

  @Field(() => DateScalar, { description: 'The date the figure describes (end of its period when it has one).' })
  @Property({ type: 'date' })
  asOf!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the period the figure covers, when it covers one.' })
  @Property({ type: 'date', nullable: true })
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of the period the figure covers, when it covers one.' })
  @Property({ type: 'date', nullable: true })
  periodEnd?: string | null;

  @ManyToOne(() => Agency, { nullable: true, fieldName: 'reported_by_id' })
  reportedBy?: Rel<Agency> | null;

  @ManyToOne(() => Evidence, { fieldName: 'evidence_id' })
  evidence!: Rel<Evidence>;

  @Field(() => Basis, { description: 'REPORTED for figures taken from documents.' })
  @Property({ type: 'text' })
  basis!: Basis;

  @Field(() => String, { nullable: true, description: 'Reading notes: how the figure was interpreted.' })
  @Property({ nullable: true, type: 'text' })
  note?: string | null;

  @Field(() => Int, {
    description: 'Row version for optimistic locking: pass it back when updating; an update based on an older version is refused with CONFLICT.',
  })
  @Property({ default: 1 })
  version!: number;
}
