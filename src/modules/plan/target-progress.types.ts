import { Field, Float, ObjectType } from 'type-graphql';
import { Observation } from '../observation/observation.entity.js';
import { TargetStatus } from './role.enums.js';

@ObjectType({ description: 'A target in force against the latest actual: the gap, and whether it is on track for its due date.' })
export class TargetProgress {
  @Field(() => Observation, { description: 'The TARGET figure (its `level`, `dueOn`, quote).' })
  target!: Observation;

  @Field(() => Observation, {
    nullable: true,
    description: "The latest ACTUAL figure on the date asked (same indicator and agency; the target's level or all levels); null when none.",
  })
  actual?: Observation | null;

  @Field(() => Float, {
    nullable: true,
    description: "Target minus actual, in the indicator's unit: what is still missing; zero or below once reached. Null without an actual.",
  })
  gap?: number | null;

  @Field(() => TargetStatus, { description: 'MET, OPEN, MISSED or UNREPORTED on the date asked.' })
  status!: TargetStatus;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True once met; false once due and not met; before the due date, whether the line through the last two actuals reaches the target by then. Null when that cannot be told (a single actual, or no due date).',
  })
  onTrack?: boolean | null;
}
