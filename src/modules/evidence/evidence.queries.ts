import type { EntityManager } from '@mikro-orm/postgresql';
import type { SortKey } from '../../db/paging.js';
import { tablePage } from '../../db/pages.js';
import { execute, rowsOf, sql, type Sql } from '../../db/sql.js';
import type { PageRequest, PageResult } from '../../graphql/pagination.js';
import { SourceDocument } from './source-document.entity.js';
import type { SourceDocumentOrderField } from '../list-orders.js';

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
    sql`insert into source_document (key, title, publisher, published_at, url)
    values (${d.key}, ${d.title}, ${d.publisher}, ${d.publishedAt}, ${d.url}) on conflict (key) do nothing`,
  );
  return Number((await execute(em, sql`select id from source_document where key = ${d.key}`))[0].id);
}

/** The id of the evidence quoting `quote` from the document, created when there is none. */
export async function ensureEvidence(em: EntityManager, documentId: number, quote: string): Promise<number> {
  await execute(em, sql`insert into evidence (document_id, quote) values (${documentId}, ${quote}) on conflict (document_id, quote) do nothing`);
  return Number((await execute(em, sql`select id from evidence where document_id = ${documentId} and quote = ${quote}`))[0].id);
}
