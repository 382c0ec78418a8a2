import type { EntityClass } from '@mikro-orm/core';
import { columnsOf, containsPattern, execute, mapRows, sql, type Row, type Sql } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { encodeCursor, MAX_SERIAL_ID, OrderDirection, pageSize, pagesBackward } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { SearchOrderField, type SearchArgs, type SearchConnection } from './search.types.js';

const CURSOR_PREFIX = 's2:';
const MAX_QUERY_LENGTH = 200;

/** What each searchable table contributes, and how much its kind weighs in the ranking (names before quotes). */
const SOURCES: readonly { type: string; table: string; weight: number; fuzzy: boolean; entity: EntityClass<object> }[] = [
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
const ORDERS: Record<SearchOrderField, { key: (s: Source, relevance: Sql) => Sql; cast: string; descending: boolean }> = {
  // Best first by default; ties by type and id.
  RELEVANCE: { key: (_s, relevance) => relevance, cast: 'float8', descending: true },
  // Names in Vietnamese order (the stored sort keys of src/text/vi-sort.ts); figures, which have no name, by key.
  NAME: { key: (s) => sql.raw(s.table === 'observation' ? 'lien_thong_vi_sort_key(t.key)' : 't.name_sort'), cast: 'text', descending: false },
};

interface SearchRequest {
  field: SearchOrderField;
  /** The order's direction: the field's default unless `orderBy.direction` says otherwise. */
  descending: boolean;
  size: number;
  backward: boolean;
  cursor: { key: string; type: string; id: number } | null;
}

function searchRequest(args: SearchArgs): SearchRequest {
  const backward = pagesBackward(args);
  const size = backward ? pageSize(args.last, 'last') : pageSize(args.first);
  const field = args.orderBy?.field ?? SearchOrderField.RELEVANCE;
  const descending = args.orderBy?.direction ? args.orderBy.direction === OrderDirection.DESC : ORDERS[field].descending;
  const raw = backward ? args.before : args.after;
  return { field, descending, size, backward, cursor: raw == null ? null : decodeSearchCursor(raw, field, backward ? 'before' : 'after') };
}

function decodeSearchCursor(raw: string, field: SearchOrderField, name: string): SearchRequest['cursor'] {
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  let parsed: unknown = null;
  try {
    parsed = decoded.startsWith(CURSOR_PREFIX) ? JSON.parse(decoded.slice(CURSOR_PREFIX.length)) : null;
  } catch {
    parsed = null;
  }
  const [f, key, type, id] = Array.isArray(parsed) ? (parsed as unknown[]) : [];
  const ok =
    f === field &&
    typeof key === 'string' &&
    key.length <= 2000 &&
    (field !== SearchOrderField.RELEVANCE || /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(key)) &&
    SOURCES.some((s) => s.type === type) &&
    Number.isInteger(id) &&
    (id as number) > 0 &&
    (id as number) <= MAX_SERIAL_ID;
  if (!ok)
    throw new BadUserInputError(
      `"${name}" is not a cursor of this search in this order. Pass pageInfo.endCursor or startCursor from a page of the same search and orderBy field.`,
      name,
    );
  return { key: key as string, type: type as string, id: id as number };
}

const cursorOf = (field: SearchOrderField, row: Row) =>
  encodeCursor(JSON.stringify([field, String(row.sort__), row.type, Number(row.id)]), CURSOR_PREFIX);

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
 * One ranked search over agencies, systems, indicators and figures. Text is folded in TypeScript (diacritics off,
 * đ -> d, lower case) and matched against folded columns with pg_trgm, so the server and PGlite rank identically:
 * a row matches when it contains every word of the query, or (names only) when pg_trgm's word similarity passes
 * its threshold. Keyset pages on the order's key, then type and id, both ways.
 */
export async function search(ctx: RequestContext, query: string, args: SearchArgs): Promise<SearchConnection> {
  const request = searchRequest(args);
  const folded = foldText(query);
  if (!folded) throw new BadUserInputError('"query" must contain at least one letter or digit.', 'query');
  if (folded.length > MAX_QUERY_LENGTH) throw new BadUserInputError(`"query" must be at most ${MAX_QUERY_LENGTH} characters.`, 'query');
  const words = folded.split(' ').map(containsPattern);
  const rows = await execute(ctx.em, rankedPage(ctx, words, folded, request));

  const page = rows.slice(0, request.size);
  if (request.backward) page.reverse();
  const nodes = page.map((r) => {
    const i = SOURCES.findIndex((s) => s.type === r.type);
    return mapRows(ctx.em, SOURCES[i].entity, [r], `e${i}__`)[0];
  });
  const edges = page.map((r, i) => ({
    cursor: cursorOf(request.field, r),
    score: Math.round(Number(r.score) * 1000) / 1000,
    node: nodes[i] as SearchConnection['nodes'][number],
  }));
  const total = rows.length ? Number(rows[0].total) : request.cursor ? await countAll(ctx, folded, words) : 0;
  const more = rows.length > request.size;
  const beyond = request.cursor !== null && (rows.length ? Number(rows[0].beyond) > 0 : true);
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: request.backward ? beyond : more,
      hasPreviousPage: request.backward ? more : beyond,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  };
}

/**
 * The one search statement: every source's matches scored, counted (in all, and on the other side of the cursor),
 * one page of them cut in the order asked, with the page's rows and their entities (joined after the limit: at most
 * `size + 1` lookups by primary key). Table names, types and weights come from SOURCES.
 */
function rankedPage(ctx: RequestContext, words: string[], folded: string, r: SearchRequest): Sql {
  const branches = SOURCES.map((s) => {
    const relevance = sql`word_similarity(${folded}, t.search_text) + case when ${containsEvery(words)} then 1 else 0 end + ${sql.raw(String(s.weight))}`;
    // float8, so the key's text in a cursor reads back as exactly the same number.
    const sortKey = r.field === SearchOrderField.RELEVANCE ? sql`(${relevance})::float8` : sql`(${ORDERS[r.field].key(s, relevance)}) collate "C"`;
    return sql`select ${sql.raw(`'${s.type}'`)} as type, t.id, ${relevance} as score, ${sortKey} as sortkey
        from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`;
  });
  const columns = SOURCES.map((s, i) =>
    columnsOf(ctx.em, s.entity)
      .map((c) => `, e${i}."${c}" as "e${i}__${c}"`)
      .join(''),
  ).join('');
  const joins = SOURCES.map((s, i) => ` left join ${s.table} e${i} on p.type = '${s.type}' and e${i}.id = p.id`).join('');
  return sql`
    select p.type, p.id, p.score, p.total, p.beyond, p.sortkey::text as sort__${sql.raw(columns)}
    from (
      select * from (
        select r.*, count(*) over () as total, count(*) filter (where not (${afterCursor(r, 'r')})) over () as beyond
        from (${sql.join(branches, ' union all ')}) r
      ) q where ${afterCursor(r, 'q')}
      order by ${scanOrder(r, 'q')} limit ${r.size + 1}
    ) p${sql.raw(joins)}
    order by ${scanOrder(r, 'p')}`;
}

/** The total when the page itself is empty (a cursor past the end). */
async function countAll(ctx: RequestContext, folded: string, words: string[]): Promise<number> {
  const branches = SOURCES.map((s) => sql`select 1 from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`);
  const rows = await execute(ctx.em, sql`select count(*)::int as n from (${sql.join(branches, ' union all ')}) r`);
  return Number(rows[0].n);
}
