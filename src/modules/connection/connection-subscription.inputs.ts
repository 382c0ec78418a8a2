import { Field, InputType } from 'type-graphql';
import { ConnectionStatus } from './connection.enums.js';

@InputType({ description: 'Which status changes to receive; all given criteria must match. Omit the filter to receive every change.' })
export class ConnectionStatusChangedFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only connections that touch this system code at either end or as the platform, e.g. "LGSP-68".',
  })
  systemCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections whose consumer has this system code.' })
  consumerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only connections whose provider has this system code, e.g. "NDXP".' })
  providerCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only connections touching a system (consumer, provider or platform) owned by the agency with this code (any period of the code), e.g. "68".',
  })
  ownerCode?: string | null;

  @Field(() => [ConnectionStatus], { nullable: true, description: 'Only changes to one of these statuses, e.g. [SUSPENDED, DISCONNECTED].' })
  statuses?: ConnectionStatus[] | null;
}
