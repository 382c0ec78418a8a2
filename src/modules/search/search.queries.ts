import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { columnsOf, rowsOf, sql, type Row, type Sql } from '../../db/sql.js';
import { Agency } from '../agency/agency.entity.js';
import { SourceDocument } from '../evidence/source-document.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { SearchOrderField, SearchResultType } from './search.types.js';

export interface Source {
  kind: SearchResultType;
  type: string;
  table: string;
  weight: number;
  fuzzy: boolean;
  entity: EntityClass<object>;
  /** Columns of the page's rows (entity alias `e`) the search text is made of beyond the entity's own, as `t__<name>`. */
  texts: string;
}

/** What each searchable table contributes, and how much its kind weighs in the ranking (names before quotes). */
export const SOURCES: readonly Source[] = [
  { kind: SearchResultType.AGENCY, type: 'Agency', table: 'agency', weight: 0.3, fuzzy: true, entity: Agency, texts: 'e.aliases as t__aliases' },
  {
    kind: SearchResultType.INFORMATION_SYSTEM,
    type: 'InformationSystem',
    table: 'information_system',
    weight: 0.3,
    fuzzy: true,
    entity: InformationSystem,
    texts: '',
  },
  { kind: SearchResultType.INDICATOR, type: 'Indicator', table: 'indicator', weight: 0.2, fuzzy: true, entity: Indicator, texts: '' },
  // Figures and documents are matched on every word only: their texts are long quotes and titles in which common
  // folded words ("dong" is đồng and động) make trigram similarity match a large part of the table.
  {
    kind: SearchResultType.OBSERVATION,
    type: 'Observation',
    table: 'observation',
    weight: 0,
    fuzzy: false,
    entity: Observation,
    texts: `(select i.name from indicator i where i.id = e.indicator_id) as t__indicator_name,
      (select i.name_en from indicator i where i.id = e.indicator_id) as t__indicator_name_en,
      (select a.name from agency a where a.id = e.agency_id) as t__agency_name,
      (select s.name from information_system s where s.id = e.system_id) as t__system_name,
      (select q.quote from evidence q where q.id = e.evidence_id) as t__quote`,
  },
  {
    kind: SearchResultType.SOURCE_DOCUMENT,
    type: 'SourceDocument',
    table: 'source_document',
    weight: 0.1,
    fuzzy: false,
    entity: SourceDocument,
    texts: '',
  },
];

/** Candidates scored at most: the ranking, `totalCount` and the pages are exact up to this many matches. */
export const MAX_CANDIDATES = 1000;

/** A search as the statement reads it: folded query, its LIKE patterns, and the sources asked for. */
export interface SearchTerms {
  folded: string;
  words: string[];
  sources: readonly Source[];
}

/** `t.search_text` contains each of the words (LIKE patterns). */
function containsEvery(words: string[]): Sql {
  return sql.join(
    words.map((w) => sql`t.search_text like ${w}`),
    ' and ',
  );
}

/** One tier of one source: up to MAX_CANDIDATES + 1 ids, lowest first, with the tier and the source's weight. */
function tierBranch(s: Source, tier: number, condition: Sql): Sql {
  return sql`(select ${sql.raw(`'${s.type}'`)} as type, t.id, ${sql.raw(`${tier} as tier, ${s.weight}::float8 as w`)}
    from ${sql.raw(s.table)} t where ${condition} order by t.id limit ${MAX_CANDIDATES + 1})`;
}

/**
 * The candidates, in tiers (issue 14): 1. the exact phrase (the GIN index on `search_tsv`), 2. every word anywhere
 * (LIKE on the trigram index), 3. trigram word similarity for names; a tier runs only when the ones before it leave
 * room for more candidates. The first MAX_CANDIDATES + 1 by tier, weight, type and id; together the tiers are exactly
 * the rows matched before the tiers (a phrase match must also contain every word), so on up to MAX_CANDIDATES
 * matches the ranking is unchanged.
 */
function candidates(q: SearchTerms): Sql {
  const all = containsEvery(q.words);
  const phrase = sql`t.search_tsv @@ phraseto_tsquery('simple', ${q.folded})`;
  const room = (ctes: string) => sql.raw(`(select count(*) from ${ctes}) <= ${MAX_CANDIDATES}`);
  const exact = q.sources.map((s) => tierBranch(s, 1, sql`${phrase} and ${all}`));
  const words = q.sources.map((s) => tierBranch(s, 2, sql`${room('phrase')} and (${all}) and not (${phrase})`));
  const fuzzy = q.sources
    .filter((s) => s.fuzzy)
    .map((s) =>
      tierBranch(s, 3, sql`${room('(select 1 from phrase union all select 1 from words) c')} and ${q.folded} <% t.search_text and not (${all})`),
    );
  const fuzzyPart = fuzzy.length ? sql`union all ${sql.join(fuzzy, ' union all ')}` : sql.empty;
  return sql`phrase as (${sql.join(exact, ' union all ')}),
    words as (${sql.join(words, ' union all ')}),
    pool as (
      select c.*, row_number() over (order by c.tier, c.w desc, c.type, c.id) as n
      from (select * from phrase union all select * from words ${fuzzyPart}) c order by n limit ${MAX_CANDIDATES + 1}
    )`;
}

/** How search results are ordered: each source's sort key for the field, and the default direction. */
export const ORDERS: Record<SearchOrderField, { key: (s: Source, relevance: Sql) => Sql; cast: string; descending: boolean }> = {
  // Best first by default; ties by type and id.
  RELEVANCE: { key: (_s, relevance) => relevance, cast: 'float8', descending: true },
  // Names in Vietnamese order (the stored sort keys of src/text/vi-sort.ts); figures, which have no name, by key.
  NAME: {
    key: (s) => sql.raw(s.table === 'observation' ? 'lien_thong_vi_sort_key(t.key)' : s.table === 'source_document' ? 't.title_sort' : 't.name_sort'),
    cast: 'text',
    descending: false,
  },
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

/** A match of the page: type, id, score, counts, the sort key as text, and the entity's columns prefixed `e<i>__`. */
export type RankedRow = Row & {
  type: string;
  id: number | string;
  score: number | string;
  /** Candidates found, up to MAX_CANDIDATES + 1 (more than MAX_CANDIDATES: the total is not exact). */
  found: number | string;
  beyond: number | string;
  sort__: string;
};

/** The pool's first MAX_CANDIDATES scored: today's relevance and the order's sort key, from each source's table. */
function scored(q: SearchTerms, r: SearchRequest): Sql {
  const branches = q.sources.map((s) => {
    const relevance = sql`word_similarity(${q.folded}, t.search_text) + case when ${containsEvery(q.words)} then 1 else 0 end + ${sql.raw(String(s.weight))}`;
    // float8, so the key's text in a cursor reads back as exactly the same number.
    const sortKey = r.field === SearchOrderField.RELEVANCE ? sql`(${relevance})::float8` : sql`(${ORDERS[r.field].key(s, relevance)}) collate "C"`;
    return sql`select p.type, p.id, ${relevance} as score, ${sortKey} as sortkey
        from pool p join ${sql.raw(s.table)} t on t.id = p.id where p.type = ${s.type} and p.n <= ${MAX_CANDIDATES}`;
  });
  return sql.join(branches, ' union all ');
}

/**
 * The one search statement: the candidates in tiers, the first MAX_CANDIDATES scored, counted (in all, and on the
 * other side of the cursor), one page of them cut in the order asked, with the page's rows, their entities and the
 * texts their search text is made of (joined after the limit: at most `size + 1` lookups by primary key).
 */
export function rankedPage(em: EntityManager, q: SearchTerms, r: SearchRequest): Promise<RankedRow[]> {
  const columns = SOURCES.map((s, i) =>
    columnsOf(em, s.entity)
      .map((c) => `, e${i}."${c}" as "e${i}__${c}"`)
      .join(''),
  ).join('');
  const texts = SOURCES.map((s, i) => (s.texts ? `, ${s.texts.replace(/\be\./g, `e${i}.`).replace(/ as t__/g, ` as t${i}__`)}` : '')).join('');
  const joins = SOURCES.map((s, i) => ` left join ${s.table} e${i} on p.type = '${s.type}' and e${i}.id = p.id`).join('');
  return rowsOf<RankedRow>(
    em,
    sql`
    with ${candidates(q)}
    select p.type, p.id, p.score, (select count(*) from pool) as found, p.beyond, p.sortkey::text as sort__${sql.raw(columns + texts)}
    from (
      select * from (
        select r.*, count(*) filter (where not (${afterCursor(r, 'r')})) over () as beyond
        from (${scored(q, r)}) r
      ) q where ${afterCursor(r, 'q')}
      order by ${scanOrder(r, 'q')} limit ${r.size + 1}
    ) p${sql.raw(joins)}
    order by ${scanOrder(r, 'p')}`,
  );
}

/** The candidates found (up to MAX_CANDIDATES + 1) when the page itself is empty (a cursor past the end). */
export async function countMatches(em: EntityManager, q: SearchTerms): Promise<number> {
  const rows = await rowsOf<{ n: number }>(em, sql`with ${candidates(q)} select count(*)::int as n from pool`);
  return Number(rows[0].n);
}
