import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { EvidenceInput } from '../evidence/evidence.inputs.js';
import { Qualifier } from './observation.enums.js';
import { CLIENT_MUTATION_ID } from '../../graphql/payload.js';

@InputType({
  description:
    'A reported figure with its evidence. With a `key` that exists already, it corrects that figure (pass its `version`); the same figure again changes nothing.',
})
export class RecordObservationInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Stable key of the figure (lower case, dots and hyphens); generated when omitted.' })
  key?: string | null;

  @Field({ description: 'Code of the indicator measured, e.g. "platform.systems_connected".' })
  indicatorCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the agency the figure is about; a province code names the unit valid on `asOf`.' })
  agencyCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Code of the system the figure is about.' })
  systemCode?: string | null;

  @Field(() => String, { nullable: true, description: 'The figure exactly as written in the source, e.g. "15/23"; must occur in the quote.' })
  valueText?: string | null;

  @Field(() => Float, { nullable: true, description: 'A single value.' })
  value?: number | null;

  @Field(() => Float, { nullable: true, description: 'Numerator of a count (with denominator).' })
  numerator?: number | null;

  @Field(() => Float, { nullable: true, description: 'Denominator of a count (with numerator), positive.' })
  denominator?: number | null;

  @Field(() => Qualifier, { nullable: true, description: 'How the source qualifies it (default EXACT).' })
  qualifier?: Qualifier | null;

  @Field(() => Float, { nullable: true, description: 'A target stated with it.' })
  target?: number | null;

  @Field(() => Qualifier, { nullable: true, description: 'How the target is qualified.' })
  targetQualifier?: Qualifier | null;

  @Field(() => DateScalar, { description: 'The date the figure describes.' })
  asOf!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Start of the period it covers.' })
  periodStart?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'End of the period it covers.' })
  periodEnd?: string | null;

  @Field(() => String, { nullable: true, description: 'Reading notes.' })
  note?: string | null;

  @Field(() => EvidenceInput, { description: 'The quote and document the figure comes from.' })
  evidence!: EvidenceInput;

  @Field(() => Int, { nullable: true, description: 'When correcting an existing figure: the `version` the correction is based on.' })
  version?: number | null;
}

@InputType({ description: 'Which figure to delete, and the version the deletion is based on.' })
export class DeleteObservationInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field(() => ID, { description: 'Global id of the figure.' })
  id!: string;

  @Field(() => Int, { description: 'Its current `version`.' })
  version!: number;
}
