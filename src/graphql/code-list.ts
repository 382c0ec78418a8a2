import { BadUserInputError } from '../errors.js';

/** Most codes one `codes` filter takes: a page's worth, so the `in (...)` list stays small and its plan cheap. */
export const MAX_FILTER_CODES = 100;

/**
 * A `codes: [String!]` filter as the statement uses it: null when omitted; refused when empty (it would match
 * nothing, which is never what a caller means), longer than MAX_FILTER_CODES, or holding a blank code. Each code is
 * otherwise checked like the single `code` (the input guard refuses control characters and overlong text);
 * a code no row has simply matches nothing, so a list of codes from elsewhere needs no cleaning first.
 */
export function codeList(codes: readonly string[] | null | undefined, field: string): string[] | null {
  if (codes == null) return null;
  if (codes.length === 0) throw new BadUserInputError(`"${field}" is empty; omit it to leave the list unfiltered by code.`, field);
  if (codes.length > MAX_FILTER_CODES) {
    throw new BadUserInputError(`"${field}" has ${codes.length} codes; at most ${MAX_FILTER_CODES} are accepted. Split the list.`, field);
  }
  const blank = codes.findIndex((c) => c.trim() === '');
  if (blank >= 0) throw new BadUserInputError(`"${field}[${blank}]" is blank; every code needs at least one character.`, `${field}[${blank}]`);
  return [...new Set(codes)];
}
