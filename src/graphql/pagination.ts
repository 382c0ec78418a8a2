import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { PageRequest, PageResult } from '../db/paging.js';
import { BadUserInputError } from '../errors.js';

export type { PageRequest, PageResult } from '../db/paging.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items to return: 1..${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (`pageInfo.endCursor` of the previous page).' })
  after?: string | null;
}

const CURSOR_PREFIX = 'c1:';

/** An opaque cursor: base64url of a prefix naming the list kind and a number (an id or an offset). */
export function encodeCursor(value: number | string, prefix = CURSOR_PREFIX): string {
  return Buffer.from(`${prefix}${value}`, 'utf8').toString('base64url');
}

/** Largest id of a `serial` column (PostgreSQL integer): a cursor past it is not one the hub issued. */
export const MAX_SERIAL_ID = 2_147_483_647;

/**
 * The number in a cursor made by `encodeCursor` with this prefix; null for anything else, including numbers above
 * `max` (which the database could not compare with its ids: "out of range for type integer").
 */
export function decodeCursor(cursor: string, prefix: string, maxDigits: number, max = Number.MAX_SAFE_INTEGER): number | null {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const digits = decoded.slice(prefix.length);
  if (!decoded.startsWith(prefix) || !new RegExp(`^\\d{1,${maxDigits}}$`).test(digits)) return null;
  const value = Number(digits);
  return value <= max ? value : null;
}

/** Validates `first` (default ${DEFAULT_PAGE_SIZE}, 1..${MAX_PAGE_SIZE}). */
export function pageSize(requested: number | null | undefined): number {
  const first = requested ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${requested}. Ask for at most ${MAX_PAGE_SIZE} items and follow pageInfo.endCursor for more.`,
      'first',
    );
  }
  return first;
}

/** Validates `first` and `after`; throws BAD_USER_INPUT with a message saying what to send instead. */
export function pageRequest(args: { first?: number | null; after?: string | null }): PageRequest {
  const first = pageSize(args.first);
  if (args.after == null) return { first, afterId: 0 };
  const afterId = decodeCursor(args.after, CURSOR_PREFIX, 10, MAX_SERIAL_ID);
  if (afterId === null) {
    throw new BadUserInputError(
      '"after" is not a cursor this API issued. Pass pageInfo.endCursor or an edge cursor from a previous page of the same list.',
      'after',
    );
  }
  return { first, afterId };
}

@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page (a cursor was given).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item: pass it as `after` for the next page.' })
  endCursor!: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: Promise<number>;
}

/** Shapes rows (fetched with limit first + 1, ordered by primary key) into a Relay connection. */
export function toPage<T extends { dbId: number }>(result: PageResult<T>): Page<T> {
  const { items, request } = result;
  const nodes = items.slice(0, request.first);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.dbId), node }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: items.length > request.first,
      hasPreviousPage: request.afterId > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    // A getter so the count query runs only when the field is selected.
    get totalCount() {
      counted ??= result.count();
      return counted;
    },
  };
}

/** Builds the Relay connection type `<Name>Connection` with its `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it.' })
    cursor!: string;

    @Field(() => node, { description: `The ${what}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${what}s (Relay cursor connection).` })
  class PageType {
    @Field(() => [Edge], { description: 'The items of this page with their cursors.' })
    edges!: Edge[];

    @Field(() => [node], { description: 'The items of this page (shortcut for edges.node).' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Whether more pages follow, and the cursors to get them.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items in the whole filtered list, across all pages.' })
    totalCount!: number;
  }
  return PageType;
}

/**
 * Whether a connection field's selection needs its items (edges, nodes or pageInfo). When only `totalCount` is
 * asked for, the page statement is skipped. Fragments count as needing them (not worth resolving here).
 */
export function selectsItems(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) =>
    node.selectionSet?.selections.some((s) => s.kind !== 'Field' || ['edges', 'nodes', 'pageInfo'].includes(s.name.value)),
  );
}
