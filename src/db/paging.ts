/**
 * What a page statement is asked for and answers: keyset pagination on a sort key with the primary key as the
 * tie-break. The data toolkit's own terms; src/graphql/pagination.ts turns GraphQL arguments into a `PageRequest`
 * and a `PageResult` into a Relay page.
 */

/** How a sort key's text (in a cursor) is read back into SQL. */
export type SortCast = 'int' | 'text' | 'date' | 'float8' | 'timestamptz';

/**
 * One way to order a list: an SQL expression over the columns of the list's rows (written in code, never sent by a
 * client), never null (absent values are coalesced to a bound), of type `cast`.
 */
export interface SortKey {
  /** The SQL expression, over unqualified column names of the row. */
  expression: string;
  cast: SortCast;
}

/** The order in force: a list's order field, its key, and the direction asked for. */
export interface PageOrder {
  /** The order field's name ("ID" for the default order by primary key). */
  field: string;
  key: SortKey;
  descending: boolean;
}

/** A position in a list: the sort key of a row (as text) and its id. */
export interface PageCursor {
  key: string;
  id: number;
}

/** A checked page request. */
export interface PageRequest {
  /** How many items: `first`, or `last` for a backward page. */
  size: number;
  /** True for `last`/`before`: the items just before `cursor` (or the last ones), still returned in list order. */
  backward: boolean;
  order: PageOrder;
  /** `after` (forward) or `before` (backward); null: from the start (forward) or the end (backward). */
  cursor: PageCursor | null;
}

/** What a list query returns before GraphQL shapes it: one extra row tells whether more items follow. */
export interface PageResult<T> {
  /** Up to `size + 1` items in scan order (list order, or reversed for a backward page). */
  items: T[];
  request: PageRequest;
  /**
   * Whether items exist on the other side of the cursor (before it for a forward page, after it for a backward
   * one); null when the statement could not tell (then a cursor counts as such an item).
   */
  beyondCursor?: boolean | null;
  /** Counts the whole filtered list; only called when a client selects `totalCount`. */
  count: () => Promise<number>;
}

/** The order by primary key, the default of every list. */
export const ID_ORDER: PageOrder = { field: 'ID', key: { expression: 'id', cast: 'int' }, descending: false };

/**
 * Where an item keeps the sort key its page statement read: a symbol-keyed property of the item itself (no JSON, no
 * GraphQL field sees it). A WeakMap entry per item of every page was measurable garbage-collector work.
 */
const SORT_KEY = Symbol('sortKey');

/** Remembers the sort key (as text) of an item a page statement read, for its cursor. */
export function rememberSortKey(item: object, key: string): void {
  (item as { [SORT_KEY]?: string })[SORT_KEY] = key;
}

/** The sort key of an item read by a page statement; undefined for items read otherwise. */
export function sortKeyOf(item: object): string | undefined {
  return (item as { [SORT_KEY]?: string })[SORT_KEY];
}
