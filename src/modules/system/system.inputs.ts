import { DateScalar } from '../../graphql/scalars.js';
import { Field, InputType } from 'type-graphql';
import { LifecycleStatus, SystemKind } from './system.enums.js';

@InputType({ description: 'Filters for information systems; all given filters must match.' })
export class SystemFilter {
  @Field(() => [SystemKind], { nullable: true, description: 'Only systems of these kinds.' })
  kinds?: SystemKind[] | null;

  @Field(() => [LifecycleStatus], {
    nullable: true,
    description: 'Only systems whose lifecycle status (on `asOf` when given, else today) is one of these.',
  })
  statuses?: LifecycleStatus[] | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Take the systems as they were on this date: `statuses` and `ownerCode` match the status and the owner then, and a system whose recorded lifecycle begins after it is left out (one without any lifecycle entry stays: the hub does not know when it began).',
  })
  asOf?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only systems owned by the agency with this code (any period of that code), e.g. "68" or "BCA".',
  })
  ownerCode?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only systems with one of these codes (1..100; a code no system has matches nothing), e.g. ["NDXP", "LGSP-68"].',
  })
  codes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only systems owned by an agency with one of these codes (1..100, any period of each code; on `asOf` when given, like `ownerCode`).',
  })
  ownerCodes?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only systems whose code or name contains this text, accent- and case-insensitively ("lgsp lam dong").',
  })
  text?: string | null;
}
