import { Migration } from '@mikro-orm/migrations';
import { agencySearchText, documentSearchText, systemSearchText } from '../src/text/search-text.js';

/** The tables `search` reads, each with its folded `search_text`. */
export const SEARCHED_TABLES = ['agency', 'information_system', 'indicator', 'observation', 'source_document'] as const;

/**
 * Search in tiers (issue 14): every searched table gets `search_tsv`, the folded search text as a tsvector of the
 * 'simple' configuration (no stemming, no stop words: the text is already folded in TypeScript, so accents and case
 * are handled as before), kept by PostgreSQL itself as a stored generated column, with a GIN index for the exact-phrase
 * tier. Source documents become searchable (title, publisher, author). Stored texts are derived again with the
 * abbreviations of src/text/abbreviations.ts (agencies, systems, documents; figures are unchanged). Plain SQL that
 * PostgreSQL 15 and 18 accept.
 */
export class Migration20261202001000_search_tiers extends Migration {
  override async up(): Promise<void> {
    await this.execute(`alter table source_document add column search_text text not null default ''`);
    await this.execute(`create index source_document_search_trgm on source_document using gin (search_text gin_trgm_ops)`);
    for (const table of SEARCHED_TABLES) {
      await this.execute(
        `alter table ${table} add column search_tsv tsvector generated always as (to_tsvector('simple'::regconfig, search_text)) stored`,
      );
      await this.execute(`create index ${table}_search_tsv on ${table} using gin (search_tsv)`);
    }
    await this.refresh('agency', 'id, code, name, full_name, name_ascii, name_en, aliases', agencySearchText);
    await this.refresh('information_system', 'id, code, name, name_en', systemSearchText);
    await this.refresh('source_document', 'id, title, publisher, author', documentSearchText);
  }

  /** Writes the text `derive` gives each row of `table`, where it differs from the stored one. */
  private async refresh(table: string, columns: string, derive: (row: any) => string): Promise<void> {
    const rows = await this.execute(`select ${columns}, search_text from ${table}`);
    const updates = rows.map((r) => ({ id: r.id, search_text: derive(r) })).filter((u, i) => u.search_text !== rows[i].search_text);
    if (!updates.length) return;
    await this.execute(
      `update ${table} t set search_text = v.search_text from json_to_recordset(?::json) v(id int, search_text text) where t.id = v.id`,
      [JSON.stringify(updates)],
    );
  }

  override async down(): Promise<void> {
    for (const table of SEARCHED_TABLES) await this.execute(`alter table ${table} drop column if exists search_tsv`);
    await this.execute('alter table source_document drop column if exists search_text');
  }
}
