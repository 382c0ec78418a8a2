import { DateScalar } from '../../graphql/scalars.js';
import { Field, InputType } from 'type-graphql';
import { AgencyKind } from './agency.entity.js';

@InputType({ description: 'Filters for agencies; all given filters must match.' })
export class AgencyFilter {
  @Field(() => [AgencyKind], { nullable: true, description: 'Only agencies of these kinds, e.g. [PROVINCE, CENTRAL_CITY] for all provinces.' })
  kinds?: AgencyKind[] | null;

  @Field(() => String, { nullable: true, description: 'Only agencies with this code.' })
  code?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only agencies with one of these codes (1..100; a code no agency has matches nothing), e.g. ["68", "BCA"].',
  })
  codes?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Only agencies under the agency with this code (e.g. the communes of province "68").' })
  parentCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only agencies whose code or names contain this text, accent- and case-insensitively ("lam dong" finds "Lâm Đồng").',
  })
  text?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Only units that existed on this date (default: today). 2023-12-31 gives the 63 provinces; today gives the 34.',
  })
  validOn?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'True to list units of every period, ignoring `validOn`.' })
  allPeriods?: boolean | null;
}
