import { containsPattern, mapRows, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { encodeCursor, MAX_SERIAL_ID, OrderDirection, pageSize, pagesBackward } from '../../graphql/pagination.js';
import { foldText } from '../../text/fold.js';
import { countMatches, ORDERS, rankedPage, SOURCES, type SearchRequest } from './search.queries.js';
import { SearchOrderField, type SearchArgs, type SearchConnection } from './search.types.js';

const CURSOR_PREFIX = 's2:';
const MAX_QUERY_LENGTH = 200;

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
  const rows = await rankedPage(ctx.em, words, folded, request);

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
  const total = rows.length ? Number(rows[0].total) : request.cursor ? await countMatches(ctx.em, folded, words) : 0;
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
