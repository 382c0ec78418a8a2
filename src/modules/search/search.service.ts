import { containsPattern, mapRows } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { decodeCursor, encodeCursor, pageSize, type PageArgs } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { countMatches, rankedPage, SOURCES } from './search.queries.js';
import type { SearchConnection } from './search.types.js';

const CURSOR_PREFIX = 's1:';
const MAX_QUERY_LENGTH = 200;

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
  const rows = await rankedPage(ctx.em, words, folded, offset, first + 1);

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
  const total = rows.length ? Number(rows[0].total) : offset > 0 ? await countMatches(ctx.em, folded, words) : 0;
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
