import { Field, InputType } from 'type-graphql';
import { LifecycleStatus, SystemKind } from './system.enums.js';

@InputType({ description: 'Filters for information systems; all given filters must match.' })
export class SystemFilter {
  @Field(() => [SystemKind], { nullable: true, description: 'Only systems of these kinds.' })
  kinds?: SystemKind[] | null;

  @Field(() => [LifecycleStatus], { nullable: true, description: 'Only systems whose current lifecycle status is one of these.' })
  statuses?: LifecycleStatus[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only systems owned by the agency with this code (any period of that code), e.g. "68" or "BCA".',
  })
  ownerCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only systems whose code or name contains this text, accent- and case-insensitively ("lgsp lam dong").',
  })
  text?: string | null;
}
