import type { SearchField } from '../../text/search-text.js';
import type { TextPart } from '../../text/search-text.js';

/** pg_trgm's trigrams of a text: each run of letters and digits padded with two spaces before and one after. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.split(/[^a-z0-9]+/).filter(Boolean)) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/**
 * The fields of a result the query matched, from the parts its search text is made of: those containing a word of
 * the query (as the search's LIKE does); when none does (a match by trigram similarity, e.g. a typo), those sharing
 * the most trigrams with the query. Each field once, in the order of the parts.
 */
export function matchedFields(parts: readonly TextPart[], words: readonly string[], folded: string): SearchField[] {
  let hits = parts.filter(([, text]) => words.some((w) => text.includes(w)));
  if (!hits.length) {
    const wanted = trigrams(folded);
    const shared = parts.map(([, text]) => [...trigrams(text)].filter((t) => wanted.has(t)).length);
    const best = Math.max(0, ...shared);
    hits = best ? parts.filter((_, i) => shared[i] === best) : [];
  }
  return [...new Set(hits.map(([field]) => field))];
}
