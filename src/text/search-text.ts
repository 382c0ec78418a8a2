import { abbreviationsOf } from './abbreviations.js';
import { foldText } from './fold.js';

/** The fields a search text is made of (the API's `SearchField`, registered in src/modules/search/search-field.ts). */
export enum SearchField {
  CODE = 'CODE',
  NAME = 'NAME',
  FULL_NAME = 'FULL_NAME',
  ENGLISH_NAME = 'ENGLISH_NAME',
  ALIAS = 'ALIAS',
  ABBREVIATION = 'ABBREVIATION',
  INDICATOR = 'INDICATOR',
  AGENCY = 'AGENCY',
  SYSTEM = 'SYSTEM',
  VALUE = 'VALUE',
  QUOTE = 'QUOTE',
  TITLE = 'TITLE',
  PUBLISHER = 'PUBLISHER',
  AUTHOR = 'AUTHOR',
}

/**
 * The one rule, per kind of record, for the `search_text` column the search matches: derived from the row as stored,
 * so the seed loader and every writer (mutation or import) produce the same text for the same row. Each kind lists
 * its parts by the field they come from; the search reads the same parts back to say which fields matched.
 */

type Text = string | null | undefined;

/** A part of a search text: the field it comes from and its folded text. */
export type TextPart = readonly [SearchField, string];

const part = (field: SearchField, ...texts: Text[]): TextPart[] =>
  texts.filter((t): t is string => Boolean(t)).map((t) => [field, foldText(t)] as const);

/** The parts joined: the stored search text. */
export const joinParts = (parts: readonly TextPart[]): string =>
  parts
    .map(([, t]) => t)
    .filter(Boolean)
    .join(' ');

/** The short forms of a name's text (src/text/abbreviations.ts) as one more part; none when it has none. */
function withAbbreviations(parts: TextPart[], name: string): TextPart[] {
  const short = abbreviationsOf(joinParts(parts), foldText(name));
  return short ? [...parts, [SearchField.ABBREVIATION, short]] : parts;
}

/** An agency row: its names and the other names it is known by (the seed's `aliases`, kept across renames). */
export interface AgencyText {
  code: string;
  name: string;
  full_name?: Text;
  name_ascii?: Text;
  name_en?: Text;
  aliases?: string[] | null;
}

export function agencyTextParts(a: AgencyText): TextPart[] {
  const parts = [
    ...part(SearchField.CODE, a.code),
    ...part(SearchField.NAME, a.name),
    ...part(SearchField.FULL_NAME, a.full_name),
    ...part(SearchField.NAME, a.name_ascii),
    ...part(SearchField.ENGLISH_NAME, a.name_en),
    ...part(SearchField.ALIAS, ...(a.aliases ?? [])),
  ];
  return withAbbreviations(parts, a.name);
}

export const agencySearchText = (a: AgencyText): string => joinParts(agencyTextParts(a));

export interface SystemText {
  code: string;
  name: string;
  name_en?: Text;
}

export function systemTextParts(s: SystemText): TextPart[] {
  const parts = [...part(SearchField.CODE, s.code), ...part(SearchField.NAME, s.name), ...part(SearchField.ENGLISH_NAME, s.name_en)];
  return withAbbreviations(parts, s.name);
}

export const systemSearchText = (s: SystemText): string => joinParts(systemTextParts(s));

export interface IndicatorText {
  code: string;
  name: string;
  name_en?: Text;
}

/** The code's dots and underscores become spaces, so "platform.systems_connected" is found by "systems connected". */
export function indicatorTextParts(i: IndicatorText): TextPart[] {
  return [...part(SearchField.CODE, i.code.replace(/[._]/g, ' ')), ...part(SearchField.NAME, i.name), ...part(SearchField.ENGLISH_NAME, i.name_en)];
}

export const indicatorSearchText = (i: IndicatorText): string => joinParts(indicatorTextParts(i));

/** A figure: the names of its indicator, agency and system, its value as written and its quote. */
export interface FigureText {
  indicator_name: string;
  indicator_name_en?: Text;
  agency_name?: Text;
  system_name?: Text;
  value_text?: Text;
  quote?: Text;
}

export function figureTextParts(f: FigureText): TextPart[] {
  return [
    ...part(SearchField.INDICATOR, f.indicator_name, f.indicator_name_en),
    ...part(SearchField.AGENCY, f.agency_name),
    ...part(SearchField.SYSTEM, f.system_name),
    ...part(SearchField.VALUE, f.value_text),
    ...part(SearchField.QUOTE, f.quote),
  ];
}

export const figureSearchText = (f: FigureText): string => joinParts(figureTextParts(f));

/** A source document: its title, publisher and author. */
export interface DocumentText {
  title: string;
  publisher?: Text;
  author?: Text;
}

export function documentTextParts(d: DocumentText): TextPart[] {
  const parts = [...part(SearchField.TITLE, d.title), ...part(SearchField.PUBLISHER, d.publisher), ...part(SearchField.AUTHOR, d.author)];
  return withAbbreviations(parts, d.title);
}

export const documentSearchText = (d: DocumentText): string => joinParts(documentTextParts(d));
