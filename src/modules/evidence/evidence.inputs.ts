import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars.js';

@InputType({ description: 'A document not yet in the hub, recorded with the evidence that cites it.' })
export class NewDocumentInput {
  @Field({ description: 'Title of the document.' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Publisher, if known.' })
  publisher?: string | null;

  @Field(() => DateScalar, { description: 'Publication date.' })
  publishedAt!: string;

  @Field(() => String, { nullable: true, description: 'Where it is published.' })
  url?: string | null;
}

@InputType({ description: 'Why a change is true: a quote from a document already in the hub (`documentKey`) or from a new one (`document`).' })
export class EvidenceInput {
  @Field(() => String, { nullable: true, description: 'Key of a source document in the hub, e.g. "lamdong-2023-07-12".' })
  documentKey?: string | null;

  @Field(() => NewDocumentInput, { nullable: true, description: 'A new document, when it is not in the hub yet.' })
  document?: NewDocumentInput | null;

  @Field({ description: 'The exact words of the document. For documents whose text the hub holds, it must occur verbatim.' })
  quote!: string;
}
