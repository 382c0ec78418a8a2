import { Field, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';
import { EvidenceInput } from '../evidence/evidence.inputs.js';
import { ConnectionStatus } from './connection.enums.js';
import { CLIENT_MUTATION_ID } from '../../graphql/payload.js';

@InputType({ description: 'A dated status of the connection between two systems, with its evidence. Creates the connection when it is new.' })
export class SetConnectionStatusInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field({ description: 'Code of the consumer system (the one that draws data).' })
  consumerCode!: string;

  @Field({ description: 'Code of the provider system.' })
  providerCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the platform the connection goes through, if any.' })
  viaCode?: string | null;

  @Field(() => ConnectionStatus, { description: 'The status the connection took.' })
  status!: ConnectionStatus;

  @Field(() => DateScalar, {
    description: 'The date it took that status (not in the future). An earlier date records history without changing the current status.',
  })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Why, in a sentence.' })
  reason?: string | null;

  @Field(() => EvidenceInput, { description: 'The quote and document that show it.' })
  evidence!: EvidenceInput;

  @Field(() => Int, {
    nullable: true,
    description: "The connection's `version` your change is based on; a different current version is refused with CONFLICT.",
  })
  expectedVersion?: number | null;
}

@InputType({
  description: 'Retires a connection: records that it ended (status DISCONNECTED) on a date, with its evidence. Its history stays.',
})
export class RetireConnectionInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field({ description: 'The connection\'s `key`, e.g. "LGSP-68>NDXP".' })
  key!: string;

  @Field(() => DateScalar, { description: 'The date it ended (not in the future, not before its current status began).' })
  date!: string;

  @Field(() => String, { nullable: true, description: 'Why, in a sentence.' })
  reason?: string | null;

  @Field(() => EvidenceInput, { description: 'The quote and document that show it ended.' })
  evidence!: EvidenceInput;

  @Field(() => Int, {
    nullable: true,
    description: "The connection's `version` your change is based on; a different current version is refused with CONFLICT.",
  })
  expectedVersion?: number | null;
}
