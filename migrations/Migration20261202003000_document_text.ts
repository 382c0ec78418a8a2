import { Migration } from '@mikro-orm/migrations';

/**
 * A source document serves its verbatim text (issue 12 part 8): the seed loads each document's file into this
 * column. Null for documents the write API named without a text. Read on its own (SourceDocument.text), never
 * with lists of documents, so long texts cost nothing where they are not asked for.
 */
export class Migration20261202003000_document_text extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table source_document add column text text');
  }

  override async down(): Promise<void> {
    this.addSql('alter table source_document drop column text');
  }
}
