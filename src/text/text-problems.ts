/**
 * The rule every text the hub stores follows, whoever sends it: the GraphQL input guard (src/api/input-guard.ts)
 * applies it to every argument, the import (src/modules/import/import-rows.ts) to every cell of a file.
 */

/**
 * Characters no text the hub stores may hold: NUL (PostgreSQL text cannot), the other C0 control characters except
 * tab, LF and CR (no real name, quote or code contains them), and lone UTF-16 surrogates (not characters at all: the
 * driver would silently store U+FFFD instead).
 */
const HOSTILE_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `value` holds a character no stored text may hold. */
export function hasHostileCharacter(value: string): boolean {
  return HOSTILE_CHARACTER.test(value);
}

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text, said so a person can fix it; null when it is fine. */
export function textProblem(value: string): string | null {
  const match = HOSTILE_CHARACTER.exec(value);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const what =
    code === 0
      ? 'a NUL character (U+0000), which PostgreSQL text cannot hold'
      : code < 0x20
        ? `a control character (${hex(code)}); only tab, line feed and carriage return are accepted`
        : `a lone UTF-16 surrogate (${hex(code)}), which is not a character (text cut in the middle of an emoji or similar)`;
  return `contains ${what}, at position ${match.index}. Remove it and send the text again.`;
}

export interface TextProblem {
  /** Where the text is: "input.evidence.quote", "filter.kinds[1]". */
  field: string;
  /** What is wrong, from textProblem(). */
  problem: string;
}

/**
 * Longest text an argument may carry: far above any name, quote, note or description (notes stop at 4,000), far below
 * what would make every search or write slow. `importData(input: { content })` carries whole files and has its own limit.
 */
export const MAX_TEXT_LENGTH = 10_000;

/** Every string in `value` (nested objects and lists included) with a problem, named by its path under `path`. */
export function findTextProblems(value: unknown, path: string, found: TextProblem[] = [], maxLength = Infinity): TextProblem[] {
  if (typeof value === 'string') {
    const problem =
      value.length > maxLength
        ? `is ${value.length.toLocaleString('en')} characters long; at most ${maxLength.toLocaleString('en')} are accepted. Shorten it.`
        : textProblem(value);
    if (problem) found.push({ field: path, problem });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => findTextProblems(item, `${path}[${i}]`, found, maxLength));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) findTextProblems(item, path ? `${path}.${key}` : key, found, maxLength);
  }
  return found;
}
