import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { columnsOf, rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { SearchOrderField } from './search.types.js';

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

/** How search results are ordered: each source's sort key for the field, and the default direction. */
export const ORDERS: Record<SearchOrderField, { key: (s: Source, relevance: Sql) => Sql; cast: string; descending: boolean }> = {
  // Best first by default; ties by type and id.
  RELEVANCE: { key: (_s, relevance) => relevance, cast: 'float8', descending: true },
  // Names in Vietnamese order (the stored sort keys of src/text/vi-sort.ts); figures, which have no name, by key.
  NAME: { key: (s) => sql.raw(s.table === 'observation' ? 'lien_thong_vi_sort_key(t.key)' : 't.name_sort'), cast: 'text', descending: false },
};

/** One page of a search as the statement cuts it: order, direction, size, and the cursor's key, type and id. */
export interface SearchRequest {
  field: SearchOrderField;
  /** The order's direction: the field's default unless `orderBy.direction` says otherwise. */
  descending: boolean;
  size: number;
  backward: boolean;
  cursor: { key: string; type: string; id: number } | null;
}

/** The key is scanned descending when the order is, and the other way for a backward page. */
const scansDown = (r: SearchRequest) => r.descending !== r.backward;

/**
 * Rows of alias `a` after the cursor in scan order (`true` without one). Results that tie on the key come by type and
 * id ascending in either direction of the order (best first, then agencies before systems), reversed for a backward page.
 */
function afterCursor(r: SearchRequest, a: string): Sql {
  if (!r.cursor) return sql`true`;
  const keyOp = sql.raw(scansDown(r) ? '<' : '>');
  const tieOp = sql.raw(r.backward ? '<' : '>');
  const alias = sql.raw(a);
  const key = sql`${r.cursor.key}::${sql.raw(ORDERS[r.field].cast)}`;
  return sql`(${alias}.sortkey ${keyOp} ${key} or (${alias}.sortkey = ${key} and (${alias}.type, ${alias}.id) ${tieOp} (${r.cursor.type}, ${r.cursor.id})))`;
}

function scanOrder(r: SearchRequest, a: string): Sql {
  const dir = scansDown(r) ? ' desc' : '';
  const tie = r.backward ? ' desc' : '';
  return sql.raw(`${a}.sortkey${dir}, ${a}.type${tie}, ${a}.id${tie}`);
}

/**
 * The one search statement: every source's matches scored, counted (in all, and on the other side of the cursor),
 * one page of them cut in the order asked, with the page's rows and their entities (joined after the limit: at most
 * `size + 1` lookups by primary key). Table names, types and weights come from SOURCES.
 */
/** A match of the page: type, id, score, counts, the sort key as text, and the entity's columns prefixed `e<i>__`. */
export type RankedRow = Row & {
  type: string;
  id: number | string;
  score: number | string;
  total: number | string;
  beyond: number | string;
  sort__: string;
};

export function rankedPage(em: EntityManager, words: string[], folded: string, r: SearchRequest): Promise<RankedRow[]> {
  const branches = SOURCES.map((s) => {
    const relevance = sql`word_similarity(${folded}, t.search_text) + case when ${containsEvery(words)} then 1 else 0 end + ${sql.raw(String(s.weight))}`;
    // float8, so the key's text in a cursor reads back as exactly the same number.
    const sortKey = r.field === SearchOrderField.RELEVANCE ? sql`(${relevance})::float8` : sql`(${ORDERS[r.field].key(s, relevance)}) collate "C"`;
    return sql`select ${sql.raw(`'${s.type}'`)} as type, t.id, ${relevance} as score, ${sortKey} as sortkey
        from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`;
  });
  const columns = SOURCES.map((s, i) =>
    columnsOf(em, s.entity)
      .map((c) => `, e${i}."${c}" as "e${i}__${c}"`)
      .join(''),
  ).join('');
  const joins = SOURCES.map((s, i) => ` left join ${s.table} e${i} on p.type = '${s.type}' and e${i}.id = p.id`).join('');
  return rowsOf<RankedRow>(
    em,
    sql`
    select p.type, p.id, p.score, p.total, p.beyond, p.sortkey::text as sort__${sql.raw(columns)}
    from (
      select * from (
        select r.*, count(*) over () as total, count(*) filter (where not (${afterCursor(r, 'r')})) over () as beyond
        from (${sql.join(branches, ' union all ')}) r
      ) q where ${afterCursor(r, 'q')}
      order by ${scanOrder(r, 'q')} limit ${r.size + 1}
    ) p${sql.raw(joins)}
    order by ${scanOrder(r, 'p')}`,
  );
}

/** The total when the page itself is empty (a cursor past the end). */
export async function countMatches(em: EntityManager, folded: string, words: string[]): Promise<number> {
  const branches = SOURCES.map((s) => sql`select 1 from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`);
  const rows = await rowsOf<{ n: number }>(em, sql`select count(*)::int as n from (${sql.join(branches, ' union all ')}) r`);
  return Number(rows[0].n);
}
