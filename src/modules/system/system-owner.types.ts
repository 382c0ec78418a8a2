import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';

@ObjectType({
  description:
    'A period in which an agency owned a system: moves are dated, and a successor province reaches the systems of the provinces it succeeded.',
})
export class SystemOwnerPeriod {
  @Field(() => DateScalar, { nullable: true, description: 'From (null: since the hub has known the system).' })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Until (null: the owner today).' })
  validTo!: string | null;

  ownerId!: number;
  evidenceId!: number | null;
}
