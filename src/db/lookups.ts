import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityClass } from '@mikro-orm/core';
import { attachJoined, joinSql, type RelationJoin } from './relations.js';
import { execute, mapRows, sql } from './sql.js';

/**
 * The rows of `table` (a name written in code) whose unique `code` is one of `codes`, as read-only entities with
 * their `joins` read in the same statement, keyed by code.
 */
export async function findByCodes<T extends { code: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  table: string,
  codes: readonly string[],
  joins: RelationJoin[] = [],
): Promise<Map<string, T>> {
  if (!codes.length) return new Map();
  const joined = joinSql(em, joins, 't');
  const rows = await execute(
    em,
    sql`select t.*${sql.raw(joined.columns)} from ${sql.raw(table)} t${sql.raw(joined.from)} where t.code in (${[...codes]})`,
  );
  const items = mapRows(em, entity, rows);
  attachJoined(em, items, rows, joins);
  return new Map(items.map((item) => [item.code, item]));
}
