import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';

@ObjectType({
  description: 'A link between an administrative unit and the one that took over from it (the 2025 mergers of provinces and ministries).',
})
export class AgencySuccession {
  @Field(() => DateScalar, { description: 'The day the successor took over.' })
  effectiveOn!: string;
}
