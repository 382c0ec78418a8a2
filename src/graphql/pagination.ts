import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Directive, Field, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import {
  ID_ORDER,
  sortKeyOf,
  type PageCursor,
  type PageOrder,
  type PageRequest,
  type PageResult,
  type SortCast,
  type SortKey,
} from '../db/paging.js';
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

  @Field(() => Int, {
    nullable: true,
    description: `Page backward: the last items (before \`before\`, or of the whole list), 1..${MAX_PAGE_SIZE}; they still come in list order.`,
  })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items before this cursor (`pageInfo.startCursor` of the next page).' })
  before?: string | null;
}

/** Which way an order runs. */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'Which way a list is ordered.',
  valuesConfig: { ASC: { description: 'Smallest (earliest, first in the alphabet) first.' }, DESC: { description: 'Largest (latest, last) first.' } },
});

/** A list's `orderBy` value: one of its order fields and a direction. */
export interface OrderBy<F extends string = string> {
  field: F;
  direction: OrderDirection;
}

/**
 * The `<Name>Order` input (`{ field, direction }`) of a list whose order fields are the GraphQL enum `fields`, and
 * the page arguments with `orderBy` of that type.
 */
export function OrderedPageArgs<F extends string>(name: string, fields: object, what: string, byDefault = 'the order they were recorded in (by id)') {
  @InputType(`${name}Order`, { description: `How to order ${what}: a field and a direction; items that tie are ordered by id.` })
  class Order implements OrderBy<F> {
    @Field(() => fields, { description: 'What to order by.' })
    field!: F;

    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'ASC (the default) or DESC.' })
    direction!: OrderDirection;
  }

  @ArgsType()
  class Args extends PageArgs {
    @Field(() => Order, { nullable: true, description: `The order of ${what}; omit for ${byDefault}.` })
    orderBy?: Order | null;
  }
  return Args;
}

const CURSOR_PREFIX = 'c1:';
/** Prefix of the cursors of ordered lists: the order field, the item's sort key and its id, as JSON. */
const ORDER_CURSOR_PREFIX = 'o1:';

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

/** The cursor of an item in a list under `order`: its id for the default order, else its sort key and id. */
export function cursorOf(order: PageOrder, item: { dbId: number }): string {
  if (order.field === ID_ORDER.field) return encodeCursor(item.dbId);
  return encodeCursor(JSON.stringify([order.field, sortKeyOf(item) ?? String(item.dbId), item.dbId]), ORDER_CURSOR_PREFIX);
}

/** What a sort key's text may look like, per type: a cursor holding anything else was not issued by the hub. */
const KEY_SHAPES: Record<SortCast, RegExp> = {
  int: /^-?\d{1,10}$/,
  date: /^(\d{4,5}-\d{2}-\d{2}|-?infinity)$/,
  float8: /^(-?Infinity|NaN|-?\d+(\.\d+)?(e[+-]?\d+)?)$/,
  timestamptz: /^[\d:+. T-]{10,40}$/,
  text: /^[^\u0000]{0,2000}$/,
};

/** The position a cursor names under `order`; null for anything the hub did not issue for that order. */
export function decodePageCursor(cursor: string, order: PageOrder): PageCursor | null {
  if (order.field === ID_ORDER.field) {
    const id = decodeCursor(cursor, CURSOR_PREFIX, 10, MAX_SERIAL_ID);
    return id === null ? null : { key: String(id), id };
  }
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(ORDER_CURSOR_PREFIX)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoded.slice(ORDER_CURSOR_PREFIX.length));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [field, key, id] = parsed as unknown[];
  if (field !== order.field || typeof key !== 'string' || !KEY_SHAPES[order.key.cast].test(key)) return null;
  if (!Number.isInteger(id) || (id as number) < 1 || (id as number) > MAX_SERIAL_ID) return null;
  return { key, id: id as number };
}

/** Validates a page size (`first` or `last`: default 20, 1..100). */
export function pageSize(requested: number | null | undefined, name = 'first'): number {
  const size = requested ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    const follow = name === 'last' ? 'pageInfo.startCursor as `before`' : 'pageInfo.endCursor';
    throw new BadUserInputError(
      `"${name}" must be between 1 and ${MAX_PAGE_SIZE}, got ${requested}. Ask for at most ${MAX_PAGE_SIZE} items and follow ${follow} for more.`,
      name,
    );
  }
  return size;
}

/** Refuses arguments that mix the two directions of paging; true for a backward page (`last` or `before`). */
export function pagesBackward(args: PageArgs): boolean {
  const mixed: [boolean, string, string][] = [
    [
      args.first != null && args.last != null,
      'first',
      '"first" and "last" cannot be combined: pass "first" (with "after") or "last" (with "before").',
    ],
    [args.after != null && args.before != null, 'before', '"after" and "before" cannot be combined: page one way at a time.'],
    [args.first != null && args.before != null, 'before', '"before" pages backward: pass it with "last", not "first".'],
    [args.last != null && args.after != null, 'after', '"after" pages forward: pass it with "first", not "last".'],
  ];
  const problem = mixed.find(([bad]) => bad);
  if (problem) throw new BadUserInputError(problem[2], problem[1]);
  return args.last != null || args.before != null;
}

/** The order an `orderBy` asks for among a list's sort keys; `byDefault` (the order by id) without one. */
function orderFor(orderBy: OrderBy | null | undefined, keys: Readonly<Record<string, SortKey>>, byDefault: PageOrder): PageOrder {
  if (!orderBy) return byDefault;
  const key = keys[orderBy.field];
  if (!key) throw new BadUserInputError(`This list cannot be ordered by ${orderBy.field}.`, 'orderBy.field');
  return { field: orderBy.field, key, descending: orderBy.direction === OrderDirection.DESC };
}

/**
 * Validates `first`/`after` or `last`/`before` and `orderBy` (among the list's sort `keys`); throws BAD_USER_INPUT
 * with a message saying what to send instead.
 */
export function pageRequest(
  args: PageArgs & { orderBy?: OrderBy | null },
  keys: Readonly<Record<string, SortKey>> = {},
  byDefault: PageOrder = ID_ORDER,
): PageRequest {
  const backward = pagesBackward(args);
  const size = backward ? pageSize(args.last, 'last') : pageSize(args.first);
  const order = orderFor(args.orderBy, keys, byDefault);
  const [name, given] = backward ? ['before', args.before] : ['after', args.after];
  if (given == null) return { size, backward, order, cursor: null };
  const cursor = decodePageCursor(given, order);
  if (cursor === null) {
    throw new BadUserInputError(
      `"${name}" is not a cursor this API issued for this list in this order. Pass a cursor from pageInfo or an edge of a previous page of the same list with the same orderBy field.`,
      name,
    );
  }
  return { size, backward, order, cursor };
}

// Shareable: every Relay-style subgraph defines the same PageInfo, and the supergraph may take it from any of them.
@Directive('@shareable')
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page (pass `endCursor` as `after` to get them).' })
  hasNextPage!: boolean;

  @Field({ description: 'True when items precede this page (pass `startCursor` as `before` to get them).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item: pass it as `before` for the previous page.' })
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

/**
 * Shapes rows (fetched with limit size + 1 in scan order) into a Relay connection: a backward page is turned back
 * into list order; the extra row tells whether more items follow in the scan direction, and the statement's
 * `beyondCursor` whether items lie on the other side of the cursor.
 */
export function toPage<T extends { dbId: number }>(result: PageResult<T>): Page<T> {
  const { items, request } = result;
  const nodes = items.slice(0, request.size);
  if (request.backward) nodes.reverse();
  const edges = nodes.map((node) => ({ cursor: cursorOf(request.order, node), node }));
  const more = items.length > request.size;
  const beyond = request.cursor !== null && (result.beyondCursor ?? true);
  let counted: Promise<number> | undefined;
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: request.backward ? beyond : more,
      hasPreviousPage: request.backward ? more : beyond,
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

/** The page of a parent whose items were not asked for (only `totalCount`). */
export function noItems<T>(): { items: T[]; beyondCursor: null } {
  return { items: [], beyondCursor: null };
}

/** Builds the Relay connection type `<Name>Connection` with its `<Name>Edge` for a node type. */
export function ConnectionType<T extends object>(node: ClassType<T>, name: string, what: string) {
  @ObjectType(`${name}Edge`, { description: `One ${what} in a page, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it, or as `before` to page back from it.' })
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
