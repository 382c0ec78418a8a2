import type DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import type { PageRequest, PageResult } from './paging.js';
import { attachRelated, type RelationJoin } from './relations.js';
import { execute, mapRows, sql, whereAll, type Row, type Sql } from './sql.js';

/** Each parent's page of children and, where the statement could tell, its number of children. */
export interface ChildPages<T> {
  pages: Map<number, T[]>;
  totals: Map<number, number>;
}

/**
 * Pages of children for many parents in one statement. `inner` selects the child rows plus an `anchor__` column
 * naming the parent each belongs to; each parent gets its own page of `first + 1` rows after `afterId`, and the
 * statement also counts each parent's children, so `totalCount` needs no statement of its own (`totals`; a parent
 * missing from it has no child after the cursor and its count is not known here).
 */
export async function childPages<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  inner: Sql,
  request: PageRequest,
  joins: RelationJoin[] = [],
): Promise<ChildPages<T>> {
  const rows = await execute(
    em,
    sql`select y.* from (
      select x.*, count(*) over (partition by x.anchor__) as total__,
             count(*) filter (where x.id > ${request.afterId}) over (partition by x.anchor__ order by x.id) as rn__
      from (${inner}) x
    ) y where y.id > ${request.afterId} and y.rn__ <= ${request.first + 1} order by y.anchor__, y.id`,
  );
  return groupPages(em, entity, rows, joins);
}

/** The parent column of `lateralPages`' statement, for `innerFor` to match children against. */
const ANCHOR = sql.raw('a.anchor');

/**
 * Pages of children for many parents in one statement, each parent's page read on its own (a lateral subquery)
 * in id order through the (parent, id) index, so the work grows with the page size, not with the number of
 * children; its children are counted by an index scan in the same statement. `innerFor(anchor)` selects the
 * children of the parent whose id is the SQL expression `anchor`. Same answer as `childPages`, which suits sources
 * a per-parent condition cannot express (measured on x10: 34 provinces' first systems in 2 ms instead of 12 ms).
 */
export async function lateralPages<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  innerFor: (anchor: Sql) => Sql,
  ids: readonly number[],
  request: PageRequest,
  joins: RelationJoin[] = [],
): Promise<ChildPages<T>> {
  const inner = innerFor(ANCHOR);
  const rows = await execute(
    em,
    sql`select y.*, a.anchor as anchor__, t.total__ from unnest(array[${[...ids]}]::int[]) as a(anchor)
    cross join lateral (select x.* from (${inner}) x where x.id > ${request.afterId} order by x.id limit ${request.first + 1}) y
    cross join lateral (select count(*) as total__ from (${inner}) z) t
    order by a.anchor, y.id`,
  );
  return groupPages(em, entity, rows, joins);
}

/** Rows carrying `anchor__` and `total__`, in parent order, turned into each parent's page and count. */
async function groupPages<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Row[], joins: RelationJoin[]): Promise<ChildPages<T>> {
  const mapped = mapRows(em, entity, rows);
  await attachRelated(em, mapped, joins);
  const pages = new Map<number, T[]>();
  const totals = new Map<number, number>();
  rows.forEach((row, i) => {
    const anchor = Number(row.anchor__);
    const list = pages.get(anchor) ?? [];
    list.push(mapped[i]);
    pages.set(anchor, list);
    totals.set(anchor, Number(row.total__));
  });
  return { pages, totals };
}

/**
 * Fills a count loader from a page statement's totals: parents with children after the cursor get their total, and
 * with no cursor, parents without any child get 0.
 */
export function primeCounts(loader: DataLoader<number, number>, ids: readonly number[], totals: Map<number, number>, request: PageRequest): void {
  for (const id of ids) {
    const total = totals.get(id) ?? (request.afterId === 0 ? 0 : undefined);
    if (total !== undefined) loader.clear(id).prime(id, total);
  }
}

/** Counts the rows of `inner` per `anchor__` in one statement. */
export async function childCounts(em: EntityManager, inner: Sql): Promise<Map<number, number>> {
  const rows = await execute(em, sql`select x.anchor__ as anchor, count(*)::int as n from (${inner}) x group by x.anchor__`);
  return new Map(rows.map((r) => [Number(r.anchor), Number(r.n)]));
}

/**
 * A top-level page: `first + 1` rows after the cursor, and a lazy count, from one table (`table`, a name written in
 * code) aliased `t` and filtered by `conditions` on it.
 */
export async function tablePage<T extends { dbId: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  table: string,
  conditions: readonly Sql[],
  request: PageRequest,
  joins: RelationJoin[] = [],
): Promise<PageResult<T>> {
  const from = sql.raw(table);
  const keyset = whereAll([...conditions, sql`t.id > ${request.afterId}`]);
  const rows = await execute(em, sql`select t.* from ${from} t ${keyset} order by t.id limit ${request.first + 1}`);
  const items = mapRows(em, entity, rows);
  await attachRelated(em, items, joins);
  const filtered = whereAll(conditions);
  return {
    request,
    items,
    count: () => execute(em, sql`select count(*)::int as n from ${from} t ${filtered}`).then((r) => Number(r[0].n)),
  };
}
