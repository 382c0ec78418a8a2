import { execute } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { BadUserInputError } from '../../graphql/errors.js';
import { loadNode } from '../../graphql/load-node.js';
import type { NodeTypeName } from '../../graphql/node.js';
import { pageSize, type PageArgs } from '../../graphql/pagination.js';
import { foldText } from '../../seed/fold.js';
import type { SearchConnection } from './search.types.js';

const CURSOR_PREFIX = 's1:';
const MAX_QUERY_LENGTH = 200;

/** What each searchable table contributes, and how much its kind weighs in the ranking (names before quotes). */
const SOURCES = [
  { type: 'Agency', table: 'agency', weight: 0.3 },
  { type: 'InformationSystem', table: 'information_system', weight: 0.3 },
  { type: 'Indicator', table: 'indicator', weight: 0.2 },
  { type: 'Observation', table: 'observation', weight: 0 },
] as const;

function offsetFrom(after: string | null | undefined): number {
  if (after == null) return 0;
  const decoded = Buffer.from(after, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX) || !/^\d{1,7}$/.test(decoded.slice(CURSOR_PREFIX.length))) {
    throw new BadUserInputError('"after" is not a search cursor. Pass pageInfo.endCursor from the previous page of the same search.', 'after');
  }
  return Number(decoded.slice(CURSOR_PREFIX.length));
}

const cursorAt = (offset: number) => Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');

/**
 * One ranked search over agencies, systems, indicators and figures. Text is folded in TypeScript (diacritics off,
 * đ -> d, lower case) and matched against folded columns with pg_trgm, so the server and PGlite rank identically:
 * a row matches when it contains every word of the query, or when pg_trgm's word similarity passes its threshold.
 */
export async function search(ctx: RequestContext, query: string, args: PageArgs): Promise<SearchConnection> {
  const first = pageSize(args.first);
  const offset = offsetFrom(args.after);
  const folded = foldText(query);
  if (!folded) throw new BadUserInputError('"query" must contain at least one letter or digit.', 'query');
  if (folded.length > MAX_QUERY_LENGTH) throw new BadUserInputError(`"query" must be at most ${MAX_QUERY_LENGTH} characters.`, 'query');
  const words = folded.split(' ').map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`);

  const branch = (s: (typeof SOURCES)[number]) => `
    select '${s.type}' as type, t.id,
      word_similarity(?, t.search_text) + case when t.search_text like all (array[?]) then 1 else 0 end + ${s.weight} as score
    from ${s.table} t where t.search_text like all (array[?]) or ? <% t.search_text`;
  const rows = await execute(ctx.em, `
    select type, id, score, count(*) over () as total from (${SOURCES.map(branch).join(' union all ')}) r
    order by score desc, type, id offset ? limit ?`,
  [...SOURCES.flatMap(() => [folded, words, words, folded]), offset, first + 1]);

  const page = rows.slice(0, first);
  const nodes = await Promise.all(page.map((r) => loadNode(ctx, r.type as NodeTypeName, Number(r.id))));
  const edges = page.map((r, i) => ({ cursor: cursorAt(offset + i + 1), score: Math.round(Number(r.score) * 1000) / 1000, node: nodes[i] as SearchConnection['nodes'][number] }));
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

/** The total when the page itself is empty (a cursor past the end). */
async function countAll(ctx: RequestContext, folded: string, words: string[]): Promise<number> {
  const branch = (s: (typeof SOURCES)[number]) => `select 1 from ${s.table} t where t.search_text like all (array[?]) or ? <% t.search_text`;
  const rows = await execute(ctx.em, `select count(*)::int as n from (${SOURCES.map(branch).join(' union all ')}) r`,
    SOURCES.flatMap(() => [words, folded]));
  return Number(rows[0].n);
}
