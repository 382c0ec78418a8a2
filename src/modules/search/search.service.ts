import { containsPattern, mapRows, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError } from '../../errors.js';
import { encodeCursor, MAX_SERIAL_ID, OrderDirection, pageSize, pagesBackward } from '../../graphql/pagination.js';
import { undotAbbreviations } from '../../text/abbreviations.js';
import { foldText } from '../../text/fold.js';
import { matchedFields } from './search-match.js';
import { countMatches, MAX_CANDIDATES, ORDERS, rankedPage, SOURCES, type SearchRequest, type SearchTerms } from './search.queries.js';
import { agencyTextParts, documentTextParts, figureTextParts, indicatorTextParts, systemTextParts, type TextPart } from '../../text/search-text.js';
import { SearchOrderField, SearchResultType, type SearchArgs, type SearchConnection } from './search.types.js';

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

/** The query folded, its dotted abbreviations undotted, and the sources `types` asks for (all when omitted). */
function searchTerms(query: string, types: SearchResultType[] | null | undefined): SearchTerms {
  if (types && !types.length)
    throw new BadUserInputError(
      '"types" must name at least one kind of result (AGENCY, INFORMATION_SYSTEM, ...); omit it to search every kind.',
      'types',
    );
  const folded = undotAbbreviations(foldText(query));
  if (!folded) throw new BadUserInputError('"query" must contain at least one letter or digit.', 'query');
  if (folded.length > MAX_QUERY_LENGTH) throw new BadUserInputError(`"query" must be at most ${MAX_QUERY_LENGTH} characters.`, 'query');
  const sources = types ? SOURCES.filter((s) => types.includes(s.kind)) : SOURCES;
  return { folded, words: folded.split(' ').map(containsPattern), sources };
}

const cursorOf = (field: SearchOrderField, row: Row) =>
  encodeCursor(JSON.stringify([field, String(row.sort__), row.type, Number(row.id)]), CURSOR_PREFIX);

/** The columns of a page row prefixed `prefix`, without it. */
function columnsWith(row: Row, prefix: string): Row {
  return Object.fromEntries(Object.entries(row).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

/** The parts of each kind's search text (search-text.ts), from a page row's entity columns and extra texts. */
const TEXT_PARTS: Record<string, (r: any) => TextPart[]> = {
  Agency: agencyTextParts,
  InformationSystem: systemTextParts,
  Indicator: indicatorTextParts,
  Observation: figureTextParts,
  SourceDocument: documentTextParts,
};

/**
 * One ranked search over agencies, systems, indicators, figures and source documents. Text is folded in TypeScript
 * (diacritics off, đ -> d, lower case) and matched against folded columns, so the server and PGlite rank
 * identically: a row matches when it contains every word of the query, or (names only) when pg_trgm's word
 * similarity passes its threshold. Candidates come in tiers (search.queries.ts), at most 1,000 are ranked; keyset
 * pages on the order's key, then type and id, both ways.
 */
export async function search(ctx: RequestContext, query: string, args: SearchArgs): Promise<SearchConnection> {
  const request = searchRequest(args);
  const terms = searchTerms(query, args.types);
  const rows = await rankedPage(ctx.em, terms, request);

  const page = rows.slice(0, request.size);
  if (request.backward) page.reverse();
  const plainWords = terms.folded.split(' ');
  const edges = page.map((r) => {
    const i = SOURCES.findIndex((s) => s.type === r.type);
    const columns = { ...columnsWith(r, `e${i}__`), ...columnsWith(r, `t${i}__`) };
    return {
      cursor: cursorOf(request.field, r),
      score: Math.round(Number(r.score) * 1000) / 1000,
      matchedFields: matchedFields(TEXT_PARTS[r.type](columns), plainWords, terms.folded),
      node: mapRows(ctx.em, SOURCES[i].entity, [r], `e${i}__`)[0] as SearchConnection['nodes'][number],
    };
  });
  const found = rows.length ? Number(rows[0].found) : request.cursor ? await countMatches(ctx.em, terms) : 0;
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
    totalCount: Math.min(found, MAX_CANDIDATES),
    totalCountIsExact: found <= MAX_CANDIDATES,
  };
}
