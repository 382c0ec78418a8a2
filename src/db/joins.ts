import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { columnsOf, mapRows, type Row } from './sql.js';

/**
 * A many-to-one relation fetched in the same statement as the rows that point to it (a `left join`), so a list
 * whose items show e.g. `provider { code name }` needs no second statement, and the relation's field resolves
 * synchronously from the item (no promise per item for graphql-js to wait on).
 */
export interface RelationJoin {
  prop: string;
  entity: EntityClass<object>;
  table: string;
  /** The foreign-key column on the item's row. */
  fk: string;
  /** Alias of the joined table, and prefix (`<alias>__`) of its columns in the result. */
  alias: string;
}

/**
 * The joins for those of `wanted` that are many-to-one relations of `entity`, in a stable order (the order is part
 * of DataLoader keys, so two fields asking for the same relations share one batch).
 */
export function relationJoins(em: EntityManager, entity: EntityClass<object>, wanted: Iterable<string>): RelationJoin[] {
  const names = new Set(wanted);
  return em.getMetadata().get(entity).props
    .filter((p) => p.kind === 'm:1' && names.has(p.name) && p.fieldNames?.length === 1)
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((p, i) => ({ prop: p.name, entity: p.targetMeta!.class as EntityClass<object>, table: p.targetMeta!.tableName, fk: p.fieldNames[0], alias: `j${i}` }));
}

/** The names `relationJoins` would join: for DataLoader keys. */
export function joinedRelations(em: EntityManager, entity: EntityClass<object>, wanted: Iterable<string>): string[] {
  return relationJoins(em, entity, wanted).map((j) => j.prop);
}

/** Extra select-list entries (with a leading comma) and `left join` clauses for `joins` on rows aliased `rowAlias`. */
export function joinSql(em: EntityManager, joins: RelationJoin[], rowAlias: string): { columns: string; from: string } {
  return {
    columns: joins.map((j) => columnsOf(em, j.entity).map((c) => `, ${j.alias}."${c}" as "${j.alias}__${c}"`).join('')).join(''),
    from: joins.map((j) => ` left join ${j.table} ${j.alias} on ${j.alias}.id = ${rowAlias}.${j.fk}`).join(''),
  };
}

/**
 * Entities read whole by a join. An entity instance in a relation is not enough: the ORM's references (on entities
 * a mutation returns) are instances too, holding only their primary key.
 */
const joinedEntities = new WeakSet<object>();

export function isJoined(value: object): boolean {
  return joinedEntities.has(value);
}

/** Replaces each item's relation reference by the joined entity read from the same row. */
export function attachJoined(em: EntityManager, items: object[], rows: Row[], joins: RelationJoin[]): void {
  for (const join of joins) {
    const related = mapRows(em, join.entity, rows, `${join.alias}__`);
    items.forEach((item, i) => {
      const record = item as Record<string, unknown>;
      if (record[join.prop] == null) return;
      joinedEntities.add(related[i]);
      record[join.prop] = related[i];
    });
  }
}
