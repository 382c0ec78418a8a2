import fs from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { foldText } from '../../text/fold.js';
import { SEED_DIR } from '../../config.js';
import type { FieldErrors } from '../../field-errors.js';
import { documentByKey, ensureDocument, ensureEvidence } from './evidence.queries.js';

export interface EvidenceData {
  documentKey?: string | null;
  document?: { title: string; publisher?: string | null; publishedAt: string; url?: string | null } | null;
  quote: string;
}

const MAX_QUOTE = 2000;

/** Checks an evidence input's shape; `field` prefixes the error paths ("evidence.quote"). */
export function checkEvidence(evidence: EvidenceData | null | undefined, field: string, errors: FieldErrors): void {
  if (!evidence) {
    errors.add(field, 'Evidence is required: a quote and the document it comes from.');
    return;
  }
  if (!evidence.quote?.trim()) errors.add(`${field}.quote`, 'The quote must not be empty.');
  else if (evidence.quote.length > MAX_QUOTE)
    errors.add(`${field}.quote`, `The quote must be at most ${MAX_QUOTE} characters: quote the sentence that carries the fact.`);
  if (!!evidence.documentKey === !!evidence.document)
    errors.add(`${field}.documentKey`, 'Give either documentKey (a document in the hub) or document (a new one), not both or neither.');
  if (evidence.document && !evidence.document.title?.trim()) errors.add(`${field}.document.title`, 'The document needs a title.');
}

/**
 * Finds or creates the evidence row in the caller's transaction and returns its id. A quote from a document whose
 * verbatim text the hub holds (the seed documents) must occur in it. Adds a field error and returns null otherwise.
 */
export async function writeEvidence(em: EntityManager, evidence: EvidenceData, field: string, errors: FieldErrors): Promise<number | null> {
  let documentId: number;
  if (evidence.documentKey) {
    const doc = await documentByKey(em, evidence.documentKey);
    if (!doc) {
      errors.add(
        `${field}.documentKey`,
        `No source document has the key "${evidence.documentKey}"; list them with sourceDocuments, or pass document to record a new one.`,
      );
      return null;
    }
    if (doc.file_name) {
      const file = path.join(SEED_DIR, 'documents', String(doc.file_name));
      if (fs.existsSync(file) && !fs.readFileSync(file, 'utf8').includes(evidence.quote)) {
        errors.add(`${field}.quote`, `The quote does not occur verbatim in document "${evidence.documentKey}"; copy it exactly from the text.`);
        return null;
      }
    }
    documentId = Number(doc.id);
  } else {
    const d = evidence.document!;
    const key = `api-${d.publishedAt}-${foldText(d.title)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60)}`;
    documentId = await ensureDocument(em, {
      key,
      title: d.title.trim(),
      publisher: d.publisher ?? null,
      publishedAt: d.publishedAt,
      url: d.url ?? null,
    });
  }
  return ensureEvidence(em, documentId, evidence.quote);
}
