import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { columnsOf, rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';

/** What each searchable table contributes, and how much its kind weighs in the ranking (names before quotes). */
export const SOURCES: readonly { type: string; table: string; weight: number; fuzzy: boolean; entity: EntityClass<object> }[] = [
  { type: 'Agency', table: 'agency', weight: 0.3, fuzzy: true, entity: Agency },
  { type: 'InformationSystem', table: 'information_system', weight: 0.3, fuzzy: true, entity: InformationSystem },
  { type: 'Indicator', table: 'indicator', weight: 0.2, fuzzy: true, entity: Indicator },
  // Figures are matched on every word only: their texts are long quotes in which common folded words ("dong" is
  // đồng and động) make trigram similarity match a large part of the table.
  { type: 'Observation', table: 'observation', weight: 0, fuzzy: false, entity: Observation },
];

type Source = (typeof SOURCES)[number];

/**
 * A row of `s` matches when its folded text contains every word (one LIKE per word, so the trigram index is used),
 * or, for names, when pg_trgm's word similarity passes its threshold (typos).
 */
function matchCondition(s: Source, words: string[], folded: string): Sql {
  const all = containsEvery(words);
  return s.fuzzy ? sql`((${all}) or ${folded} <% t.search_text)` : sql`(${all})`;
}

/** `t.search_text` contains each of the words (LIKE patterns). */
function containsEvery(words: string[]): Sql {
  return sql.join(
    words.map((w) => sql`t.search_text like ${w}`),
    ' and ',
  );
}

/**
 * The one search statement: every source's matches scored, ranked, one page of them cut, with the page's rows and
 * their entities (joined after the limit: at most `limit` lookups by primary key). Table names, types and weights
 * come from SOURCES.
 */
/** A ranked match: its type, score, the whole match count, and its entity's columns prefixed `e<source index>__`. */
export type RankedRow = Row & { type: string; score: number | string; total: number | string };

export function rankedPage(em: EntityManager, words: string[], folded: string, offset: number, limit: number): Promise<RankedRow[]> {
  const branches = SOURCES.map(
    (s) => sql`select ${sql.raw(`'${s.type}'`)} as type, t.id,
        word_similarity(${folded}, t.search_text) + case when ${containsEvery(words)} then 1 else 0 end + ${sql.raw(String(s.weight))} as score
        from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`,
  );
  const columns = SOURCES.map((s, i) =>
    columnsOf(em, s.entity)
      .map((c) => `, e${i}."${c}" as "e${i}__${c}"`)
      .join(''),
  ).join('');
  const joins = SOURCES.map((s, i) => ` left join ${s.table} e${i} on p.type = '${s.type}' and e${i}.id = p.id`).join('');
  return rowsOf<RankedRow>(
    em,
    sql`
    select p.type, p.score, p.total${sql.raw(columns)}
    from (
      select type, id, score, count(*) over () as total from (${sql.join(branches, ' union all ')}) r
      order by score desc, type, id offset ${offset} limit ${limit}
    ) p${sql.raw(joins)}
    order by p.score desc, p.type, p.id`,
  );
}

/** The total when the page itself is empty (a cursor past the end). */
export async function countMatches(em: EntityManager, folded: string, words: string[]): Promise<number> {
  const branches = SOURCES.map((s) => sql`select 1 from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`);
  const rows = await rowsOf<{ n: number }>(em, sql`select count(*)::int as n from (${sql.join(branches, ' union all ')}) r`);
  return Number(rows[0].n);
}
