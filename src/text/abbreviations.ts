/**
 * The common abbreviations of Vietnamese unit names, in one place: the search text of a name (src/modules/search/
 * search-text.ts) gets the short forms of what it contains, so "tp hcm", "tphcm", "hcm", "tp ho chi minh" and "hn"
 * find Hồ Chí Minh City and Hà Nội; the query side only rewrites dotted forms ("tp.", "t.") the stored text has
 * without the dot. Everything here is folded text (src/text/fold.ts).
 */

/** Generic words of unit names and their short forms, added to a text that contains the words. */
export const PREFIX_ABBREVIATIONS: readonly { full: string; short: string }[] = [
  { full: 'thanh pho', short: 'tp' },
  { full: 'uy ban nhan dan', short: 'ubnd' },
  { full: 'hoi dong nhan dan', short: 'hdnd' },
  { full: 'thi xa', short: 'tx' },
  { full: 'thi tran', short: 'tt' },
];

/**
 * The six centrally-run cities of provinces-34.csv and the short names people write for them. Curated, not derived
 * from initials: "dn" would also be Đồng Nai, Đắk Nông and doanh nghiệp, "ct" Cà Mau's Cái Tàu and công ty, "h" anything,
 * so Đà Nẵng, Cần Thơ and Huế only get the "tp" forms.
 */
export const CITY_ABBREVIATIONS: readonly { name: string; short: readonly string[] }[] = [
  // Not "sai gon": since 2025 that is also the name of one of the city's wards (Phường Sài Gòn).
  { name: 'ho chi minh', short: ['hcm', 'tphcm', 'tp hcm'] },
  { name: 'ha noi', short: ['hn', 'tphn'] },
  { name: 'hai phong', short: ['hp', 'tphp'] },
  { name: 'da nang', short: ['tpdn'] },
  { name: 'can tho', short: ['tpct'] },
  { name: 'hue', short: ['tphue'] },
];

/**
 * Single-letter short forms written with a dot ("t. lâm đồng"): too short to store (a stored "t" would change what
 * every one-letter search finds), so a query's "t." is read as the word itself.
 */
const DOTTED_WORDS: Record<string, string> = { t: 'tinh', p: 'phuong', x: 'xa', q: 'quan', h: 'huyen' };

const hasWords = (text: string, words: string) => ` ${text} `.includes(` ${words} `);

/**
 * The short forms a folded text is also known by, space-separated ('' when none): the generic ones for the words it
 * contains, and a city's when the text is the city's name (`name`) or names it as "thanh pho <city>" / "tp <city>".
 */
export function abbreviationsOf(text: string, name?: string): string {
  const found = PREFIX_ABBREVIATIONS.filter((p) => hasWords(text, p.full) && !hasWords(text, p.short)).map((p) => p.short);
  for (const city of CITY_ABBREVIATIONS) {
    const named = name === city.name || hasWords(text, `thanh pho ${city.name}`) || hasWords(text, `tp ${city.name}`);
    if (named) found.push(...city.short.filter((s) => !hasWords(text, s)));
  }
  // Word by word, each once: "tp" and "tp hcm" give "tp hcm", which still holds the phrase.
  return [...new Set(found.flatMap((f) => f.split(' ')))].join(' ');
}

/**
 * A folded query with its dotted short forms undotted: "tp.hcm" -> "tp hcm", "ubnd." -> "ubnd", "t. lam dong" ->
 * "tinh lam dong". Other dots stay (codes such as "platform.systems_connected" are matched as written).
 */
export function undotAbbreviations(folded: string): string {
  const short = PREFIX_ABBREVIATIONS.map((p) => p.short).join('|');
  return folded
    .replace(new RegExp(`(^| )(${short})\\.\\s*`, 'g'), '$1$2 ')
    .replace(/(^| )([tpxqh])\.\s*(?=\S)/g, (_m, lead: string, letter: string) => `${lead}${DOTTED_WORDS[letter]} `)
    .trim();
}
