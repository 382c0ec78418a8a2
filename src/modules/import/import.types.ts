import { JSONObjectResolver } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CLIENT_MUTATION_ID } from '../../graphql/payload.js';

export enum ImportFormat {
  JSON = 'JSON',
  CSV = 'CSV',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'Format of an import file (see the README for the columns).',
  valuesConfig: { JSON: { description: 'An array of row objects, or { "rows": [...] }.' }, CSV: { description: 'UTF-8 CSV with a header row.' } },
});

@ObjectType({ description: 'One change an import made, or would make in a dry run.' })
export class ImportChange {
  @Field(() => Int, { description: 'The file row it comes from (1-based, header excluded).' })
  row!: number;

  @Field({ description: 'What is done, e.g. "connection.status", "observation.create", "system.update".' })
  action!: string;

  @Field({ description: 'Type of the object changed.' })
  entityType!: string;

  @Field(() => String, { nullable: true, description: 'Its code or key.' })
  entityKey!: string | null;

  @Field(() => JSONObjectResolver, { description: 'Each changed field as { "field": { "from": ..., "to": ... } }.' })
  changes!: Record<string, unknown>;
}

@ObjectType({ description: 'A problem with one row of an import file.' })
export class ImportError {
  @Field(() => Int, { nullable: true, description: 'The file row (1-based, header excluded); null for problems with the whole file.' })
  row!: number | null;

  @Field(() => String, { nullable: true, description: 'The column or field at fault.' })
  field!: string | null;

  @Field({ description: 'What is wrong and how to fix it.' })
  message!: string;

  @Field({ description: 'Error code, as for API errors: BAD_USER_INPUT, FORBIDDEN, CONFLICT, NOT_FOUND.' })
  code!: string;
}

@ObjectType({ description: 'The result of an import: what changed (or would), and every problem found.' })
export class ImportResult {
  @Field({ description: 'True when nothing was written on purpose.' })
  dryRun!: boolean;

  @Field({ description: 'True when the changes were written: not a dry run and no row had a problem.' })
  applied!: boolean;

  @Field(() => Int, { description: 'Rows in the file.' })
  rows!: number;

  @Field(() => Int, { description: 'Rows that change nothing (already as in the file).' })
  unchanged!: number;

  @Field(() => [ImportChange], { description: 'The changes, in file order.' })
  changes!: ImportChange[];

  @Field(() => [ImportError], { description: 'Every problem, in file order; any problem means nothing was written.' })
  errors!: ImportError[];
}

@InputType({ description: 'A file to import, and whether to write it.' })
export class ImportDataInput {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId?: string | null;

  @Field(() => ImportFormat, { description: 'JSON or CSV.' })
  format!: ImportFormat;

  @Field({ description: "The file's text (UTF-8)." })
  content!: string;

  @Field({ defaultValue: true, description: 'True (the default) to only list what would change.' })
  dryRun!: boolean;
}

@ObjectType({ description: "What importData changed (or would): the import result, and the input's `clientMutationId`." })
export class ImportDataPayload extends ImportResult {
  @Field(() => String, CLIENT_MUTATION_ID)
  clientMutationId!: string | null;
}
