import { DateScalar } from '../../graphql/scalars.js';
import { Field, InputType } from 'type-graphql';
import { Role } from '../plan/role.enums.js';

@InputType({ description: 'Filters for reported figures; all given filters must match.' })
export class ObservationFilter {
  @Field(() => String, { nullable: true, description: 'Only figures of this indicator code, e.g. "platform.systems_connected".' })
  indicatorCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only figures about the agency with this code (any period of the code), e.g. "68".' })
  agencyCode?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only figures about agencies with these codes; with `includePredecessors`, a roll-up in which each figure counts once.',
  })
  agencyCodes?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'With `agencyCode(s)`: also the figures of the units they succeeded (the pre-2025 provinces merged into a 2025 one).',
  })
  includePredecessors?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only figures about the system with this code, e.g. "LGSP-68".' })
  systemCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only figures from the source document with this key.' })
  documentKey?: string | null;

  @Field(() => Role, { nullable: true, description: 'Only figures of this role: ACTUAL (reported as done) or TARGET (aimed at).' })
  role?: Role | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only figures dated on or after this date.' })
  from?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Only figures dated on or before this date.' })
  to?: string | null;
}
