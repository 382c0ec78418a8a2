import { searchText } from '../../text/fold.js';

/**
 * The one rule, per kind of record, for the `search_text` column the search matches: derived from the row as stored,
 * so the seed loader and every writer (mutation or import) produce the same text for the same row.
 */

type Text = string | null | undefined;

/** An agency row: its names and the other names it is known by (the seed's `aliases`, kept across renames). */
export interface AgencyText {
  code: string;
  name: string;
  full_name?: Text;
  name_ascii?: Text;
  name_en?: Text;
  aliases?: string[] | null;
}

export function agencySearchText(a: AgencyText): string {
  return searchText(a.code, a.name, a.full_name, a.name_ascii, a.name_en, ...(a.aliases ?? []));
}

export interface SystemText {
  code: string;
  name: string;
  name_en?: Text;
}

export function systemSearchText(s: SystemText): string {
  return searchText(s.code, s.name, s.name_en);
}

export interface IndicatorText {
  code: string;
  name: string;
  name_en?: Text;
}

/** The code's dots and underscores become spaces, so "platform.systems_connected" is found by "systems connected". */
export function indicatorSearchText(i: IndicatorText): string {
  return searchText(i.code.replace(/[._]/g, ' '), i.name, i.name_en);
}

/** A figure: the names of its indicator, agency and system, its value as written and its quote. */
export interface FigureText {
  indicator_name: string;
  indicator_name_en?: Text;
  agency_name?: Text;
  system_name?: Text;
  value_text?: Text;
  quote?: Text;
}

export function figureSearchText(f: FigureText): string {
  return searchText(f.indicator_name, f.indicator_name_en, f.agency_name, f.system_name, f.value_text, f.quote);
}
