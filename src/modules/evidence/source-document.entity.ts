import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { DateScalar } from '../../graphql/scalars.js';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../graphql/node.js';

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}
registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How precise a date is: a document dated only "2020-08" has MONTH precision and is stored as its first day.',
  valuesConfig: {
    DAY: { description: 'Exact to the day.' },
    MONTH: { description: 'Known to the month only; the date is the first of the month.' },
    YEAR: { description: 'Known to the year only; the date is 1 January.' },
  },
});

@Entity({ tableName: 'source_document' })
@Directive('@key(fields: "id")')
@ObjectType({ implements: Node, description: 'A published document the hub takes figures and facts from.' })
export class SourceDocument extends Node {
  @PrimaryKey({ fieldName: 'id' })
  override dbId!: number;

  @Field({ description: 'Stable key of the document in the seed files, e.g. "lamdong-2023-07-12".' })
  @Property({ unique: true })
  key!: string;

  @Field({ description: 'Title (the headline, or a descriptive title where the text has none; see `note`).' })
  @Property()
  title!: string;

  @Field(() => String, { nullable: true, description: 'Publisher, when the document names it.' })
  @Property({ nullable: true })
  publisher?: string | null;

  @Field(() => DateScalar, { description: 'Publication date (first day of the month when `datePrecision` is MONTH).' })
  @Property({ type: 'date' })
  publishedAt!: string;

  @Field(() => DatePrecision, { description: 'Precision of `publishedAt`.' })
  @Property({ type: 'text' })
  datePrecision!: DatePrecision;

  @Field({ description: 'File name of the verbatim text in the seed folder `seeds/documents/`.' })
  @Property()
  fileName!: string;

  @Field(() => String, { nullable: true, description: 'Where the document was published, if known.' })
  @Property({ nullable: true })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'Author or byline, as printed.' })
  @Property({ nullable: true })
  author?: string | null;

  @Field(() => String, { nullable: true, description: 'How the date, title or publisher were established where the text is not explicit.' })
  @Property({ nullable: true })
  note?: string | null;
}
