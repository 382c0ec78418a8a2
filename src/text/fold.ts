/**
 * Folds Vietnamese text for matching: lower case, diacritics removed, đ -> d, whitespace collapsed.
 * Done in TypeScript (not with PostgreSQL's unaccent) so the server and the embedded database fold identically.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folds and joins the parts that make an object findable. */
export function searchText(...parts: (string | null | undefined)[]): string {
  return foldText(parts.filter(Boolean).join(' '));
}

/** A name folded to ASCII with each word capitalised ("Lâm Đồng" -> "Lam Dong"), for names given without one. */
export function asciiName(name: string): string {
  return foldText(name).replace(/(^|\s)\S/g, (c) => c.toUpperCase());
}
