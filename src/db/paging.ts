/**
 * What a page statement is asked for and answers: keyset pagination on the primary key. The data toolkit's own
 * terms; src/graphql/pagination.ts turns GraphQL arguments into a `PageRequest` and a `PageResult` into a Relay page.
 */

/** A checked page request: the size, and the id after which to start (keyset pagination on the primary key). */
export interface PageRequest {
  first: number;
  afterId: number;
}

/** What a list query returns before GraphQL shapes it: one extra row tells whether a next page exists. */
export interface PageResult<T> {
  items: T[];
  request: PageRequest;
  /** Counts the whole filtered list; only called when a client selects `totalCount`. */
  count: () => Promise<number>;
}
