import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { AgencyKind } from './agency.entity.js';
import { CLIENT_MUTATION_ID } from '../../graphql/payload.js';

@InputType({ description: 'A new agency (ministry, provincial body, enterprise, ...).' })
export class CreateAgencyInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field({ description: 'Code: letters, digits and hyphens, e.g. "SKHCN-48".' })
  code!: string;

  @Field(() => AgencyKind, { description: 'What sort of body it is.' })
  kind!: AgencyKind;

  @Field({ description: 'Vietnamese name with diacritics.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Vietnamese full name.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'English name.' })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the agency it belongs to (the unit valid on `validFrom`, or today).' })
  parentCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day it exists in this form.' })
  validFrom?: string | null;
}

@InputType({ description: "Changes to an agency's names; omitted fields stay as they are." })
export class UpdateAgencyInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field(() => ID, { description: 'Global id of the agency.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` your change is based on.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New Vietnamese name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New Vietnamese full name.' })
  fullName?: string | null;

  @Field(() => String, { nullable: true, description: 'New English name.' })
  nameEn?: string | null;
}
