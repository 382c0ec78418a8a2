import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { directReadsOf, readRouteOf, runDirect } from './direct-reads.js';

export type Row = Record<string, unknown>;

/**
 * A piece of SQL with the parameters of its `?` placeholders, in order. Pieces are composed by nesting one in
 * another (`sql` below), so a statement's parameters always travel with the text they belong to: nothing counts
 * placeholders, nothing splices a value into the text.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}

  /** True for the empty fragment (an absent clause). */
  get isEmpty(): boolean {
    return this.text.trim() === '';
  }
}

/**
 * `sql\`select ... where t.code = ${code}\``: each interpolated value becomes a `?` placeholder and a parameter
 * (an array expands to a list: `in (${ids})`); an interpolated `Sql` is nested with its own parameters. The
 * template's own text must hold no `?`: every placeholder comes from a value.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = literal(strings[0]);
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += literal(strings[i + 1]);
  });
  return new Sql(text, params);
}

function literal(text: string): string {
  if (text.includes('?')) throw new Error(`SQL text holds a literal "?": interpolate the value instead (${text.trim().slice(0, 60)})`);
  return text;
}

/** Text written in code (an identifier, a column list from entity metadata): never anything a caller sent. */
sql.raw = (text: string): Sql => new Sql(literal(text), []);

/** The fragments one after the other, with `separator` (plain SQL text) between them. */
sql.join = (parts: readonly Sql[], separator = ', '): Sql =>
  new Sql(
    parts.map((p) => p.text).join(literal(separator)),
    parts.flatMap((p) => p.params),
  );

sql.empty = new Sql('', []);

/**
 * A list of integers as ONE `int[]` parameter (`= any(${sql.intArray(ids)})`), not a list of placeholders: the text
 * stays the same whatever the length (one prepared statement) and holds any number of ids.
 */
sql.intArray = (ids: readonly number[]): Sql => {
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new Error(`sql.intArray: not an integer: ${id}`);
  return new Sql('?::int[]', [`{${ids.join(',')}}`]);
};

/** `where c1 and c2 ...`, or nothing when there is no condition. */
export function whereAll(conditions: readonly Sql[]): Sql {
  return conditions.length ? sql`where ${sql.join(conditions, ' and ')}` : sql.empty;
}

/**
 * Runs SQL on the request's EntityManager: a fragment, or text with `?` placeholders and its parameters (arrays
 * expand to lists). In a transaction it runs on the transaction's connection through the ORM; outside one, straight
 * on the pool with `$n` parameters (src/db/direct-reads.ts). Every statement of the hub goes through here, so the
 * statement counter sees them all.
 */
export function execute(em: EntityManager, query: Sql | string, params: readonly unknown[] = []): Promise<Row[]> {
  const [text, values] = query instanceof Sql ? [query.text, query.params] : [query, params];
  const transaction = em.getTransactionContext();
  const connection = em.getConnection();
  const direct = transaction ? undefined : directReadsOf(connection);
  const onPrimary = () => (direct ? runDirect(direct, text, values) : connection.execute(text, [...values], 'all', transaction));
  // A read-only request's statements may go to a read replica (src/db/read-routing.ts); transactions never do.
  const route = transaction ? undefined : readRouteOf(em);
  return route ? route.run(text, values, onPrimary) : onPrimary();
}

/** Rows of `query` typed as `T`: the queries files name each row shape they read. */
export async function rowsOf<T>(em: EntityManager, query: Sql): Promise<T[]> {
  return (await execute(em, query)) as unknown as T[];
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
    const columns = em
      .getMetadata()
      .get(entity)
      .props.filter((p) => (p.kind === 'scalar' || p.kind === 'm:1') && p.fieldNames?.length === 1)
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
  em: EntityManager,
  entity: EntityClass<T>,
  ids: readonly number[],
  columns?: readonly string[],
): Promise<Map<number, T>> {
  const table = sql.raw(em.getMetadata().get(entity).tableName);
  const list = sql.raw(columns ? columns.map((c) => `"${c}"`).join(', ') : '*');
  const found = mapRows(em, entity, await execute(em, sql`select ${list} from ${table} where id in (${[...ids]})`));
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
      instance[prop] = relation ? (raw == null ? null : { dbId: Number(raw) }) : (raw ?? null);
    }
    return instance as T;
  });
}

/** A LIKE pattern matching folded text that contains `text` (its own %, _ and \ taken literally). */
export function containsPattern(foldedText: string): string {
  return `%${foldedText.replace(/[\\%_]/g, '\\$&')}%`;
}
