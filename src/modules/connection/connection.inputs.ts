import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { ConnectionStatus } from './connection.enums.js';

@InputType({ description: 'Filters for connections; all given filters must match.' })
export class ConnectionFilter {
  @Field(() => [ConnectionStatus], {
    nullable: true,
    description: 'Only connections whose status (on `asOf` when given, else today) is one of these.',
  })
  statuses?: ConnectionStatus[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only connections that existed on this date; `statuses` then filters on their status that day (read it with `statusOn`).',
  })
  asOf?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections whose consumer has this system code.' })
  consumerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections whose provider has this system code.' })
  providerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections routed through the platform with this system code.' })
  viaCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections that touch this system code at either end or as the platform.' })
  systemCode?: string | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Only connections that touch one of these system codes at either end or as the platform (1..100; a code no system has matches nothing).',
  })
  systemCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only connections that touch a system owned by the agency with this code (any period of the code), e.g. "68".',
  })
  ownerCode?: string | null;
}
