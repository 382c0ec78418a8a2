/**
 * Vietnamese dictionary order as a plain ASCII sort key, so names sort the same on the PostgreSQL server and on the
 * embedded database (PGlite has no ICU collations; the server's C.UTF-8 collation sorts by code point, which puts
 * "Đ" after "Z" and "à" after "z"). The key is compared byte by byte (COLLATE "C").
 *
 * The order, decided here and documented in the README:
 * - the alphabet is a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z (f, j, w, z for loanwords), case
 *   ignored; digits come before letters;
 * - words (syllables) are compared one by one: first by their letters without tone, then by their tone, in the order
 *   of Vietnamese dictionaries: none (a), huyền (à), sắc (á), hỏi (ả), ngã (ã), nặng (ạ); so ma < mà < má < mả < mã <
 *   mạ < mác, and a shorter word comes before a longer one it starts ("Bình" < "Bình Dương" < "Bình Định");
 * - anything that is neither a letter nor a digit (spaces, hyphens, brackets, dots) separates words and is not
 *   compared itself. Ties (same letters and tones, e.g. two units named alike) are broken by id in the lists.
 *
 * The same tables build the SQL function `lien_thong_vi_sort_key` (migration Migration20261202000100_sort_keys), which
 * fills the stored `name_sort` / `title_sort` columns; `viSortKey` is its TypeScript twin for the tests.
 */

const ALPHABET = ['a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ'];
ALPHABET.push('p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z');

/** Combining tone marks in dictionary order after the unmarked tone: huyền, sắc, hỏi, ngã, nặng. */
const TONE_MARKS = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
/** The key's tone characters: the unmarked tone first; all sort below the letters' characters and the digits. */
const TONE_CHARS = ['!', '"', '#', '$', '%', '&'];
const VOWELS = new Set(['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y']);

/** Key character of each letter: "A" (0x41) upward in alphabet order, above the digits (0x30-0x39). */
const letterChar = (i: number) => String.fromCharCode(0x41 + i);

interface CharTable {
  /** Every letter the key knows (lower and upper case, with and without tone), one character each. */
  from: string;
  /** The key character of each `from` character's base letter (tone removed, ă â đ ê ô ơ ư kept as letters). */
  letters: string;
  /** The characters of `from` that carry a tone mark, and their tone characters. */
  toned: string;
  tones: string;
}

function buildTable(): CharTable {
  const t: CharTable = { from: '', letters: '', toned: '', tones: '' };
  ALPHABET.forEach((base, i) => {
    const forms = [base, ...(VOWELS.has(base) ? TONE_MARKS.map((m) => (base + m).normalize('NFC')) : [])];
    forms.forEach((form, tone) => {
      for (const c of new Set([form, form.toUpperCase()])) {
        t.from += c;
        t.letters += letterChar(i);
        if (tone > 0) {
          t.toned += c;
          t.tones += TONE_CHARS[tone];
        }
      }
    });
  });
  return t;
}

export const VI_SORT_TABLE: Readonly<CharTable> = buildTable();

const LETTER_OF = new Map([...VI_SORT_TABLE.from].map((c, i) => [c, VI_SORT_TABLE.letters[i]]));
const TONE_OF = new Map([...VI_SORT_TABLE.toned].map((c, i) => [c, VI_SORT_TABLE.tones[i]]));
const WORD_SPLIT = new RegExp(`[^0-9${VI_SORT_TABLE.from}]+`, 'u');

/** The sort key of a name (NFC text, as the hub stores it): per word its letters' characters and its tone. */
export function viSortKey(text: string): string {
  return text
    .normalize('NFC')
    .split(WORD_SPLIT)
    .filter((w) => w !== '')
    .map((w) => {
      const chars = [...w];
      const tone = chars.map((c) => TONE_OF.get(c)).find((c) => c !== undefined) ?? TONE_CHARS[0];
      return chars.map((c) => LETTER_OF.get(c) ?? c).join('') + tone;
    })
    .join(' ');
}

/** The SQL function computing `viSortKey` (immutable, so stored generated columns may use it). */
export function viSortKeyFunctionSql(): string {
  const { from, letters, toned, tones } = VI_SORT_TABLE;
  return `create or replace function lien_thong_vi_sort_key(input text) returns text
    language sql immutable strict parallel safe as $fn$
    select coalesce(string_agg(
        translate(w.word, '${from}', '${letters}')
          || coalesce(nullif(left(translate(regexp_replace(w.word, '[^${toned}]', '', 'g'), '${toned}', '${tones}'), 1), ''), '${TONE_CHARS[0]}'),
        ' ' order by w.n), '')
    from regexp_split_to_table(input, '[^0-9${from}]+') with ordinality as w(word, n)
    where w.word <> ''
  $fn$`;
}
