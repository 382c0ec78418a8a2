import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isJoined } from '../db/relations.js';
import { findByIds } from '../db/sql.js';

/** Loads entities by primary key, many ids in one `where id in (...)`. */
export function byIdLoader<T extends { dbId: number }>(em: EntityManager, entity: EntityClass<T>): DataLoader<number, T | null> {
  return new DataLoader(async (ids) => {
    const byId = await findByIds(em, entity, ids);
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * One DataLoader per distinct argument set (page size, cursor, filters), so sibling fields that share arguments
 * batch into one statement while different arguments never mix.
 */
export class LoaderFamily<K, V> {
  private readonly loaders = new Map<string, DataLoader<K, V>>();

  constructor(private readonly create: (args: never) => DataLoader<K, V>) {}

  for<A>(args: A): DataLoader<K, V> {
    const key = JSON.stringify(args);
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = (this.create as (a: A) => DataLoader<K, V>)(args);
      this.loaders.set(key, loader);
    }
    return loader;
  }
}

/**
 * A many-to-one relation's value: the entity itself when it was read with the item (src/db/relations.ts), so the
 * field resolves without a promise, else loaded through `loader`.
 */
export function relationValue<T extends { dbId: number }>(
  ref: { dbId: number } | null | undefined,
  loader: DataLoader<number, T | null>,
): T | null | Promise<T | null> {
  if (!ref) return null;
  return isJoined(ref) ? (ref as T) : loader.load(ref.dbId);
}

/** Reads a relation's primary key without loading it. */
export function refId(ref: { dbId: number } | null | undefined): number | null {
  return ref ? ref.dbId : null;
}
