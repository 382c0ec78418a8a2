import { DateResolver } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';

@InputType({ description: 'Filters for reported figures; all given filters must match.' })
export class ObservationFilter {
  @Field(() => String, { nullable: true, description: 'Only figures of this indicator code, e.g. "platform.systems_connected".' })
  indicatorCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only figures about the agency with this code (any period of the code), e.g. "68".' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only figures about the system with this code, e.g. "LGSP-68".' })
  systemCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only figures from the source document with this key.' })
  documentKey?: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Only figures dated on or after this date.' })
  from?: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Only figures dated on or before this date.' })
  to?: string | null;
}
