import type DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import type { PageRequest, PageResult } from './paging.js';
import { attachJoined, attachRelated, joinSql, type RelationJoin } from './relations.js';

export type Row = Record<string, unknown>;

/** Runs raw SQL with `?` placeholders (arrays expand to lists) on the request's EntityManager. */
export function execute(em: EntityManager, sql: string, params: unknown[] = []): Promise<Row[]> {
  return em.getConnection().execute(sql, params, 'all', em.getTransactionContext());
}

interface ColumnPlan {
  prop: string;
  column: string;
  relation: boolean;
}
interface EntityPlan {
  columns: ColumnPlan[];
  /**
   * The prototype of read-only instances: the entity's prototype with a plain writable data property for each
   * mapped property, so assigning one creates an own property without running the ORM's change-tracking accessors
   * (and costs far less than `Object.defineProperty` per property).
   */
  proto: object;
}
const plans = new Map<EntityClass<object>, EntityPlan>();

function planFor(em: EntityManager, entity: EntityClass<object>): EntityPlan {
  let plan = plans.get(entity);
  if (!plan) {
    const columns = em.getMetadata().get(entity).props
      .filter((p) => (p.kind === 'scalar' || p.kind === 'm:1') && p.fieldNames?.length === 1)
      .map((p) => ({ prop: p.name, column: p.fieldNames[0], relation: p.kind === 'm:1' }));
    const proto = Object.create(entity.prototype) as object;
    for (const { prop } of columns) Object.defineProperty(proto, prop, { value: undefined, writable: true, enumerable: false, configurable: true });
    plan = { columns, proto };
    plans.set(entity, plan);
  }
  return plan;
}

/**
 * Entities by primary key in one `where id in (...)`, by id; `columns` narrows what is read (default: every
 * column). Plain SQL on the entity's table: the ORM's query builder costs more per request than the statement.
 */
export async function findByIds<T extends { dbId: number }>(
  em: EntityManager, entity: EntityClass<T>, ids: readonly number[], columns?: readonly string[],
): Promise<Map<number, T>> {
  const table = em.getMetadata().get(entity).tableName;
  const list = columns ? columns.map((c) => `"${c}"`).join(', ') : '*';
  const found = mapRows(em, entity, await execute(em, `select ${list} from ${table} where id in (?)`, [[...ids]]));
  return new Map(found.map((e) => [e.dbId, e]));
}

/** The entity's table columns that `mapRows` reads. */
export function columnsOf(em: EntityManager, entity: EntityClass<object>): string[] {
  return planFor(em, entity).columns.map((c) => c.column);
}

/**
 * Turns raw rows into read-only instances of an entity class: own properties named as the entity's, relations as
 * `{ dbId }` references (or the related entity when a statement joined it: src/db/relations.ts); `prefix` reads
 * columns named `<prefix><column>`. Read paths never change what they load, so they skip the ORM's hydration and identity
 * map, which cost more than the SQL for large pages (BENCHMARKS.md). Writes go through the EntityManager.
 */
export function mapRows<T extends object>(em: EntityManager, entity: EntityClass<T>, rows: Row[], prefix = ''): T[] {
  const { columns, proto } = planFor(em, entity as EntityClass<object>);
  return rows.map((row) => {
    const instance = Object.create(proto) as Record<string, unknown>;
    for (const { prop, column, relation } of columns) {
      const raw = row[prefix ? prefix + column : column];
      instance[prop] = relation ? (raw == null ? null : { dbId: Number(raw) }) : raw ?? null;
    }
    return instance as T;
  });
}

/**
 * Pages of children for many parents in one statement. `inner` selects the child rows plus an `anchor__` column
 * naming the parent each belongs to; each parent gets its own page of `first + 1` rows after `afterId`, and the
 * statement also counts each parent's children, so `totalCount` needs no statement of its own (`totals`; a parent
 * missing from it has no child after the cursor and its count is not known here).
 */
export async function childPages<T extends object>(
  em: EntityManager, entity: EntityClass<T>, inner: string, params: unknown[], request: PageRequest, joins: RelationJoin[] = [],
): Promise<{ pages: Map<number, T[]>; totals: Map<number, number> }> {
  const rows = await execute(em, `select y.* from (
      select x.*, count(*) over (partition by x.anchor__) as total__,
             count(*) filter (where x.id > ?) over (partition by x.anchor__ order by x.id) as rn__
      from (${inner}) x
    ) y where y.id > ? and y.rn__ <= ? order by y.anchor__, y.id`, [request.afterId, ...params, request.afterId, request.first + 1]);
  return groupPages(em, entity, rows, joins);
}

/**
 * Pages of children for many parents in one statement, each parent's page read on its own (a lateral subquery)
 * in id order through the (parent, id) index, so the work grows with the page size, not with the number of
 * children; its children are counted by an index scan in the same statement. `innerFor(anchor)` selects the
 * children of the parent whose id is the SQL expression `anchor` (no placeholders). Same answer as `childPages`,
 * which suits sources a per-parent condition cannot express (measured on x10: 34 provinces' first systems in
 * 2 ms instead of 12 ms).
 */
export async function lateralPages<T extends object>(
  em: EntityManager, entity: EntityClass<T>, innerFor: (anchor: string) => string, ids: readonly number[], request: PageRequest,
  joins: RelationJoin[] = [],
): Promise<{ pages: Map<number, T[]>; totals: Map<number, number> }> {
  const inner = innerFor('a.anchor');
  const rows = await execute(em, `select y.*, a.anchor as anchor__, t.total__ from unnest(array[?]::int[]) as a(anchor)
    cross join lateral (select x.* from (${inner}) x where x.id > ? order by x.id limit ?) y
    cross join lateral (select count(*) as total__ from (${inner}) z) t
    order by a.anchor, y.id`, [[...ids], request.afterId, request.first + 1]);
  return groupPages(em, entity, rows, joins);
}

/** Rows carrying `anchor__` and `total__`, in parent order, turned into each parent's page and count. */
async function groupPages<T extends object>(
  em: EntityManager, entity: EntityClass<T>, rows: Row[], joins: RelationJoin[],
): Promise<{ pages: Map<number, T[]>; totals: Map<number, number> }> {
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
export async function childCounts(em: EntityManager, inner: string, params: unknown[]): Promise<Map<number, number>> {
  const rows = await execute(em, `select x.anchor__ as anchor, count(*)::int as n from (${inner}) x group by x.anchor__`, params);
  return new Map(rows.map((r) => [Number(r.anchor), Number(r.n)]));
}

/** Collects SQL conditions and their parameters, in order. */
export class Where {
  private readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...params: unknown[]): this {
    this.conditions.push(condition);
    this.params.push(...params);
    return this;
  }

  toString(): string {
    return this.conditions.length ? `where ${this.conditions.join(' and ')}` : '';
  }
}

/** A top-level page: `first + 1` rows after the cursor, and a lazy count, from one filtered table aliased `t`. */
export async function tablePage<T extends { dbId: number }>(
  em: EntityManager, entity: EntityClass<T>, table: string, where: Where, request: PageRequest, joins: RelationJoin[] = [],
): Promise<PageResult<T>> {
  const keyset = where.toString() ? `${where} and t.id > ?` : 'where t.id > ?';
  const rows = await execute(em, `select t.* from ${table} t ${keyset} order by t.id limit ?`,
    [...where.params, request.afterId, request.first + 1]);
  const items = mapRows(em, entity, rows);
  await attachRelated(em, items, joins);
  return {
    request,
    items,
    count: () => execute(em, `select count(*)::int as n from ${table} t ${where}`, where.params).then((r) => Number(r[0].n)),
  };
}

/** A LIKE pattern matching folded text that contains `text` (its own %, _ and \ taken literally). */
export function containsPattern(foldedText: string): string {
  return `%${foldedText.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The row of `table` whose unique `code` is this, as a managed entity; null when none. */
export async function findByCode<T extends object>(
  em: EntityManager, entity: EntityClass<T>, table: string, code: string, joins: RelationJoin[] = [],
): Promise<T | null> {
  const joined = joinSql(em, joins, 't');
  const rows = await execute(em, `select t.*${joined.columns} from ${table} t${joined.from} where t.code = ?`, [code]);
  const items = mapRows(em, entity, rows);
  attachJoined(em, items, rows, joins);
  return items[0] ?? null;
}
