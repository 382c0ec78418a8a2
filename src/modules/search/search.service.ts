import type { EntityClass } from '@mikro-orm/core';
import { columnsOf, containsPattern, execute, mapRows, sql, type Sql } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { Agency } from '../agency/agency.entity.js';
import { Indicator } from '../observation/indicator.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import type { SearchConnection } from './search.types.js';

const CURSOR_PREFIX = 's1:';
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

function offsetFrom(after: string | null | undefined): number {
  if (after == null) return 0;
  const offset = decodeCursor(after, CURSOR_PREFIX, 7);
  if (offset === null)
    throw new BadUserInputError('"after" is not a search cursor. Pass pageInfo.endCursor from the previous page of the same search.', 'after');
  return offset;
}

const cursorAt = (offset: number) => encodeCursor(offset, CURSOR_PREFIX);

/**
 * One ranked search over agencies, systems, indicators and figures. Text is folded in TypeScript (diacritics off,
 * đ -> d, lower case) and matched against folded columns with pg_trgm, so the server and PGlite rank identically:
 * a row matches when it contains every word of the query, or (names only) when pg_trgm's word similarity passes
 * its threshold.
 */
export async function search(ctx: RequestContext, query: string, args: PageArgs): Promise<SearchConnection> {
  const first = pageSize(args.first);
  const offset = offsetFrom(args.after);
  const folded = foldText(query);
  if (!folded) throw new BadUserInputError('"query" must contain at least one letter or digit.', 'query');
  if (folded.length > MAX_QUERY_LENGTH) throw new BadUserInputError(`"query" must be at most ${MAX_QUERY_LENGTH} characters.`, 'query');
  const words = folded.split(' ').map(containsPattern);
  const rows = await execute(ctx.em, rankedPage(ctx, words, folded, offset, first + 1));

  const page = rows.slice(0, first);
  const nodes = page.map((r) => {
    const i = SOURCES.findIndex((s) => s.type === r.type);
    return mapRows(ctx.em, SOURCES[i].entity, [r], `e${i}__`)[0];
  });
  const edges = page.map((r, i) => ({
    cursor: cursorAt(offset + i + 1),
    score: Math.round(Number(r.score) * 1000) / 1000,
    node: nodes[i] as SearchConnection['nodes'][number],
  }));
  const total = rows.length ? Number(rows[0].total) : offset > 0 ? await countAll(ctx, folded, words) : 0;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  };
}

/**
 * The one search statement: every source's matches scored, ranked, one page of them cut, with the page's rows and
 * their entities (joined after the limit: at most `limit` lookups by primary key). Table names, types and weights
 * come from SOURCES.
 */
function rankedPage(ctx: RequestContext, words: string[], folded: string, offset: number, limit: number): Sql {
  const branches = SOURCES.map(
    (s) => sql`select ${sql.raw(`'${s.type}'`)} as type, t.id,
        word_similarity(${folded}, t.search_text) + case when ${containsEvery(words)} then 1 else 0 end + ${sql.raw(String(s.weight))} as score
        from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`,
  );
  const columns = SOURCES.map((s, i) =>
    columnsOf(ctx.em, s.entity)
      .map((c) => `, e${i}."${c}" as "e${i}__${c}"`)
      .join(''),
  ).join('');
  const joins = SOURCES.map((s, i) => ` left join ${s.table} e${i} on p.type = '${s.type}' and e${i}.id = p.id`).join('');
  return sql`
    select p.type, p.score, p.total${sql.raw(columns)}
    from (
      select type, id, score, count(*) over () as total from (${sql.join(branches, ' union all ')}) r
      order by score desc, type, id offset ${offset} limit ${limit}
    ) p${sql.raw(joins)}
    order by p.score desc, p.type, p.id`;
}

/** The total when the page itself is empty (a cursor past the end). */
async function countAll(ctx: RequestContext, folded: string, words: string[]): Promise<number> {
  const branches = SOURCES.map((s) => sql`select 1 from ${sql.raw(s.table)} t where ${matchCondition(s, words, folded)}`);
  const rows = await execute(ctx.em, sql`select count(*)::int as n from (${sql.join(branches, ' union all ')}) r`);
  return Number(rows[0].n);
}
