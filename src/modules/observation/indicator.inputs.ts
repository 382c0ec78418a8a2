import { Field, InputType } from 'type-graphql';
import { Measure } from '../plan/role.enums.js';

@InputType({ description: 'Filters for indicators; all given filters must match.' })
export class IndicatorFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Only indicators with one of these codes (1..100; a code no indicator has matches nothing).',
  })
  codes?: string[] | null;

  @Field(() => [Measure], { nullable: true, description: 'Only indicators of these measures, e.g. [CUMULATIVE].' })
  measures?: Measure[] | null;

  @Field(() => String, { nullable: true, description: 'Only indicators of this unit, exactly as `unit` reads, e.g. "%" or "systems".' })
  unit?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only indicators whose code or names contain this text, accent- and case-insensitively ("ket noi" finds "kết nối").',
  })
  text?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only indicators with at least one figure about the agency with this code (any period of the code, and the units it succeeded), e.g. "68".',
  })
  agencyCode?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: only indicators whose figures count connections (`countsConnections`); false: only the others.',
  })
  countsConnections?: boolean | null;
}
