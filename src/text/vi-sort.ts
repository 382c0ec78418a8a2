/**
 * Vietnamese alphabetical order as a plain ASCII sort key, so names sort the same on the PostgreSQL server and on the
 * embedded database (PGlite has no ICU collations; the server's C.UTF-8 collation sorts by code point, which puts
 * "Đ" after "Z" and "à" after "z"). The key is compared byte by byte (COLLATE "C").
 *
 * The order, decided here and documented in the README (two levels, as in ICU's Vietnamese collation):
 * - first the letters of the whole name, in the alphabet a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w
 *   x y z (f, j, w, z for loanwords), case ignored, digits before letters; anything that is neither a letter nor a
 *   digit (spaces, hyphens, brackets, dots) only separates words, and a word comes before a longer one it starts
 *   ("Bình" < "Bình Dương" < "Bình Định");
 * - only names with the same letters are then ordered by their tones, word by word, in the order of Vietnamese
 *   dictionaries: none (a), huyền (à), sắc (á), hỏi (ả), ngã (ã), nặng (ạ); so ma < mà < má < mả < mã < mạ < mác.
 *   "Hoà" and "Hòa" (the tone mark on another vowel) sort alike. Ties (same letters and tones) are broken by id.
 *
 * The key is `<letters> <tones>`: each letter one character (A-Z then a-g), words joined by "#"; then a space (below
 * every other character, so a shorter name with the same start sorts first) and the tones of each word joined by "#"
 * (nothing for an unmarked word, b-f for the five marks; "#" sorts below b-f, so an unmarked word comes first). The same tables build the SQL function
 * `lien_thong_vi_sort_key` (migration Migration20261202000100_sort_keys), made of translate() and regexp_replace()
 * only (fast enough to run on every write: the seed's 3,458 agencies), which fills the stored `name_sort` /
 * `title_sort` columns; `viSortKey` is its TypeScript twin for the tests.
 */

const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ'];
ALPHABET.push('p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z');

/** Combining tone marks in dictionary order after the unmarked tone: huyền, sắc, hỏi, ngã, nặng. */
const TONE_MARKS = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
/** The key's tone characters: "." for an unmarked letter (removed from the key), then b-f. */
const TONE_CHARS = ['.', 'b', 'c', 'd', 'e', 'f'];
const VOWELS = new Set(['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y']);

/** Key character of each letter in alphabet order: A-Z, then a-g (above the digits; no regex-special character). */
const letterChar = (i: number) => (i < 26 ? String.fromCharCode(0x41 + i) : String.fromCharCode(0x61 + i - 26));

interface CharTable {
  /** Every letter the key knows (lower and upper case, with and without tone), one character each. */
  from: string;
  /** The key character of each `from` character's base letter (tone removed, ă â đ ê ô ơ ư kept as letters). */
  letters: string;
  /** The tone character of each `from` character. */
  tones: string;
}

/**
 * The table in the order translate() searches it best: PostgreSQL's translate() scans the list for each character
 * of the input, so the space and the ASCII letters (most of a name) come first, then the Vietnamese letters.
 */
function buildTable(): CharTable {
  const entries: { c: string; letter: string; tone: string }[] = [{ c: ' ', letter: '#', tone: '#' }];
  ALPHABET.forEach((base, i) => {
    const forms = [base, ...(VOWELS.has(base) ? TONE_MARKS.map((m) => (base + m).normalize('NFC')) : [])];
    forms.forEach((form, tone) => {
      for (const c of new Set([form, form.toUpperCase()])) entries.push({ c, letter: letterChar(i), tone: TONE_CHARS[tone] });
    });
  });
  const rank = (c: string) => (c === ' ' ? 0 : /[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : c === c.toLowerCase() ? 3 : 4);
  entries.sort((x, y) => rank(x.c) - rank(y.c));
  return {
    from: entries.map((e) => e.c).join(''),
    letters: entries.map((e) => e.letter).join(''),
    tones: entries.map((e) => e.tone).join(''),
  };
}

export const VI_SORT_TABLE: Readonly<CharTable> = buildTable();

const LETTER_OF = new Map([...VI_SORT_TABLE.from].map((c, i) => [c, VI_SORT_TABLE.letters[i]]));
const TONE_OF = new Map([...VI_SORT_TABLE.from].map((c, i) => [c, VI_SORT_TABLE.tones[i]]));
const trimHashes = (s: string) => s.replace(/^#+|#+$/g, '');

/** The sort key of a name (NFC text, as the hub stores it): `<letters> <tones>`, as the SQL function computes it. */
export function viSortKey(text: string): string {
  const chars = [...text];
  const letters = trimHashes(
    chars
      .map((c) => LETTER_OF.get(c) ?? c)
      .join('')
      .replace(/[^0-9A-Za-g]+/g, '#'),
  );
  // Not trimmed: each word keeps its place, so "Ha Nội" ("#f") sorts before "Hà Noi" ("b#").
  const tones = chars
    .map((c) => TONE_OF.get(c) ?? c)
    .join('')
    .replace(/[^b-f.]+/g, '#')
    .replaceAll('.', '');
  return `${letters} ${tones}`;
}

/** The SQL function computing `viSortKey` (immutable, so stored generated columns may use it). */
export function viSortKeyFunctionSql(): string {
  const { from, letters, tones } = VI_SORT_TABLE;
  return `create or replace function lien_thong_vi_sort_key(input text) returns text
    language sql immutable strict parallel safe as $fn$
    select btrim(regexp_replace(translate(input, '${from}', '${letters}'), '[^0-9A-Za-g]+', '#', 'g'), '#') || ' ' ||
      replace(regexp_replace(translate(input, '${from}', '${tones}'), '[^b-f.]+', '#', 'g'), '.', '')
  $fn$`;
}
