import type { EntityManager } from '@mikro-orm/postgresql';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { execute, rowsOf, sql, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { SourceDocument } from './source-document.entity.js';
import { bulkUpsert, idsByKey, type UpsertTarget } from '../../db/bulk-upsert.js';
import type { SourceDocumentOrderField } from '../list-orders.js';
import { viSortKey } from '../../text/vi-sort.js';
import { documentSearchText } from '../../text/search-text.js';

/** The sort key of each order of source documents (src/modules/list-orders.ts). */
export const SOURCE_DOCUMENT_ORDER: Record<SourceDocumentOrderField, SortKey> = {
  PUBLISHED_AT: { expression: 'published_at', cast: 'date' },
  TITLE: { expression: 'title_sort', cast: 'text' },
  KEY: { expression: 'key collate "C"', cast: 'text' },
};

/** A source document as evidence writers check it: its verbatim text's file, when the hub holds one. */
export interface DocumentFileRow {
  id: number;
  file_name: string | null;
}

/** The ids of the evidence quoted from the document with this key, as a subquery for other statements. */
export function evidenceIdsOfDocument(documentKey: string): Sql {
  return sql`(select e.id from evidence e join source_document d on d.id = e.document_id where d.key = ${documentKey})`;
}

export function sourceDocumentPage(em: EntityManager, request: PageRequest): Promise<PageResult<SourceDocument>> {
  return tablePage(em, SourceDocument, 'source_document', [], request);
}

export async function documentByKey(em: EntityManager, key: string): Promise<DocumentFileRow | null> {
  return (await rowsOf<DocumentFileRow>(em, sql`select id, file_name from source_document where key = ${key}`))[0] ?? null;
}

/** The id of the document with this key, created with these details when there is none. */
export async function ensureDocument(
  em: EntityManager,
  d: { key: string; title: string; publisher: string | null; publishedAt: string; url: string | null },
): Promise<number> {
  await execute(
    em,
    sql`insert into source_document (key, title, publisher, published_at, url, search_text)
    values (${d.key}, ${d.title}, ${d.publisher}, ${d.publishedAt}, ${d.url}, ${documentSearchText(d)}) on conflict (key) do nothing`,
  );
  return Number((await execute(em, sql`select id from source_document where key = ${d.key}`))[0].id);
}

/** The id of the evidence quoting `quote` from the document, created when there is none. */
export async function ensureEvidence(em: EntityManager, documentId: number, quote: string): Promise<number> {
  await execute(em, sql`insert into evidence (document_id, quote) values (${documentId}, ${quote}) on conflict (document_id, quote) do nothing`);
  return Number((await execute(em, sql`select id from evidence where document_id = ${documentId} and quote = ${quote}`))[0].id);
}

/** A source document as a bulk load writes it, by its key. */
export interface SourceDocumentRow {
  key: string;
  title: string;
  publisher: string | null;
  published_at: string | null;
  date_precision: string | null;
  file_name: string | null;
  url: string | null;
  author: string | null;
  note: string | null;
  /** The verbatim text, from the document's file. */
  text: string | null;
}

const DOCUMENTS: UpsertTarget<SourceDocumentRow & { title_sort: string; search_text: string }> = {
  table: 'source_document',
  conflict: '(key)',
  columns: ['key', 'title', 'publisher', 'published_at', 'date_precision', 'file_name', 'url', 'author', 'note', 'text', 'title_sort', 'search_text'],
};

/**
 * Upserts in one statement, with the title's Vietnamese sort key (computed here: the trigger's SQL function would cost
 * more per row) and the search text.
 */
export const upsertSourceDocuments = (em: EntityManager, rows: readonly SourceDocumentRow[]) =>
  bulkUpsert(
    em,
    DOCUMENTS,
    rows.map((r) => ({ ...r, title_sort: viSortKey(r.title), search_text: documentSearchText(r) })),
  );

/** Every source document's id by its key. */
export const documentIdsByKey = (em: EntityManager) => idsByKey(em, sql`select id, key as k from source_document`);

/** The verbatim texts of these documents, in one statement (a document without one is absent). */
export async function documentTexts(em: EntityManager, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await rowsOf<{ id: number; text: string }>(
    em,
    sql`select id, text from source_document where id in (${[...ids]}) and text is not null`,
  );
  return new Map(rows.map((r) => [Number(r.id), r.text]));
}

/** What a document is quoted for: the table of the rows that cite it (each through its `evidence_id`). */
export type QuotingTable = 'observation' | 'connection_event' | 'system_lifecycle_event' | 'task';

/** The rows of `table` quoting each of these documents, with the document as `anchor__` (for childPages/childCounts). */
export function quotedFrom(table: QuotingTable, documentIds: readonly number[]): Sql {
  return sql`select r.*, e.document_id as anchor__ from ${sql.raw(table)} r join evidence e on e.id = r.evidence_id
    where e.document_id in (${[...documentIds]})`;
}

/** A quote of a document, the unit of evidence. */
export interface QuoteRow {
  document_id: number;
  quote: string;
}

const QUOTES: UpsertTarget<QuoteRow> = { table: 'evidence', conflict: '(document_id, quote)', columns: ['document_id', 'quote'] };

export const upsertQuotes = (em: EntityManager, rows: readonly QuoteRow[]) => bulkUpsert(em, QUOTES, rows);

/** The key of a quote in `evidenceIdsByQuote`. */
export const quoteKey = (documentId: number, quote: string) => `${documentId}\u0001${quote}`;

/** Every evidence id by `quoteKey(document_id, quote)`. */
export const evidenceIdsByQuote = (em: EntityManager) => idsByKey(em, sql`select id, document_id || chr(1) || quote as k from evidence`);
