import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { ImportFileError, parseImportFile } from './import-rows.js';
import { runImport } from './import.service.js';
import { ImportDataInput, ImportDataPayload } from './import.types.js';

const MAX_CONTENT = 900_000;

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportDataPayload, {
    description:
      'Imports status changes, figures and systems from a JSON or CSV file (format in the README), as one transaction: any invalid or forbidden row means nothing is written, and every problem is listed with its row. A dry run lists what would change. Importing the same file again changes nothing.',
  })
  async importData(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ImportDataInput, { description: 'The file, its format, and whether to write it.' }) input: ImportDataInput,
  ) {
    const { content, format, dryRun } = input;
    if (content.length > MAX_CONTENT)
      throw new BadUserInputError(
        `"content" must be at most ${MAX_CONTENT} characters; import a larger file with \`npm run import\`.`,
        'input.content',
      );
    try {
      return { ...(await runImport(ctx, parseImportFile(content, format), dryRun)), clientMutationId: input.clientMutationId ?? null };
    } catch (error) {
      if (error instanceof ImportFileError) throw new BadUserInputError(error.message, 'input.content');
      throw error;
    }
  }
}
