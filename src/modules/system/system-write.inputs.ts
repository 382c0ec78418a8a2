import { Field, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { EvidenceInput } from '../evidence/evidence.inputs.js';
import { LifecycleStatus, SystemKind } from './system.enums.js';
import { CLIENT_MUTATION_ID } from '../../graphql/payload.js';

@InputType({ description: 'A lifecycle status with its date and evidence.' })
export class LifecycleStatusInput {
  @Field(() => LifecycleStatus, { description: 'The status the system took.' })
  status!: LifecycleStatus;

  @Field(() => DateScalar, { description: 'The date it took that status.' })
  date!: string;

  @Field(() => EvidenceInput, { description: 'The quote and document that show it.' })
  evidence!: EvidenceInput;
}

@InputType({ description: 'A new information system.' })
export class CreateInformationSystemInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field({ description: 'Stable code: capital letters, digits and hyphens, e.g. "LGSP-48".' })
  code!: string;

  @Field(() => SystemKind, { description: 'What sort of system it is.' })
  kind!: SystemKind;

  @Field({ description: 'Vietnamese name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'English name.' })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'What it does.' })
  description?: string | null;

  @Field({ description: 'Code of the owning agency; a province code names the unit valid today.' })
  ownerCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the operating agency or enterprise.' })
  operatorCode?: string | null;

  @Field(() => LifecycleStatusInput, { nullable: true, description: 'Its lifecycle status, if known.' })
  lifecycle?: LifecycleStatusInput | null;
}

@InputType({ description: 'Changes to an information system; omitted fields stay as they are.' })
export class UpdateInformationSystemInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field({ description: 'Code of the system to change.' })
  code!: string;

  @Field(() => Int, { description: 'The `version` your change is based on; a different current version is refused with CONFLICT.' })
  version!: number;

  @Field(() => String, { nullable: true, description: 'New Vietnamese name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New English name.' })
  nameEn?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => SystemKind, { nullable: true, description: 'New kind.' })
  kind?: SystemKind | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Code of the new owning agency (a province code names the unit valid today); moving a system needs write access to the old and the new owner.',
  })
  ownerCode?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'With a new ownerCode: the date the new owner took the system over (default today); the old owner keeps it until the day before, in the owner history.',
  })
  ownerSince?: string | null;

  @Field(() => EvidenceInput, { nullable: true, description: 'With a new ownerCode: the quote and document that show the move.' })
  ownerEvidence?: EvidenceInput | null;

  @Field(() => String, { nullable: true, description: 'Code of the new operator.' })
  operatorCode?: string | null;

  @Field(() => LifecycleStatusInput, {
    nullable: true,
    description: 'A new dated lifecycle status with its evidence (RETIRED retires the system; its history is kept).',
  })
  lifecycle?: LifecycleStatusInput | null;
}
