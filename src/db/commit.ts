import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CommitOutcomeUnknownError, type SavedChange } from '../errors.js';
import { isDatabaseConnectionError } from './db-errors.js';
import { toGlobalId, type NodeTypeName } from './global-id.js';
import { execute, mapRows } from './sql.js';

/**
 * What a write needs of the request (src/api/context.ts's RequestContext has it): its EntityManager, its id for
 * the error, and the object itself, which keys what the request committed.
 */
export interface WriteContext {
  em: EntityManager;
  requestId: string;
}

/** What a write hands back from inside its transaction: the mutation's answer, and what it changed. */
export interface Written<A> {
  answer: A;
  /** Empty when the write turned out to change nothing (the same status or figure again). */
  changes: SavedChange[];
}

export interface RequestCommits {
  /** The mutation field (response key) now running: root fields of a mutation run one after another. */
  field: string | null;
  saved: { field: string | null; changes: SavedChange[] }[];
}

// Keyed by the request's context object, so nothing has to be added to it (src/api/context.ts).
const byRequest = new WeakMap<object, RequestCommits>();

function commitsOf(ctx: object): RequestCommits {
  let commits = byRequest.get(ctx);
  if (!commits) byRequest.set(ctx, (commits = { field: null, saved: [] }));
  return commits;
}

/** Called as each root field of a mutation starts (its resolver is wrapped in src/api/schema.ts). */
export function enterMutationField(ctx: object, field: string): void {
  commitsOf(ctx).field = field;
}

/** The changes this request has committed so far, by the mutation field that committed them. */
export function committedChanges(ctx: object): RequestCommits['saved'] {
  return byRequest.get(ctx)?.saved ?? [];
}

/** The server answered COMMIT with an error of its own (a SQLSTATE that is not a lost connection): it rolled back. */
function refusedByServer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !isDatabaseConnectionError(error);
}

/**
 * Runs a write in a transaction (what the write services call instead of `em.transactional`) and knows how it
 * ended. `work` makes the change (its value is `result`); `readBack`, still inside the transaction, reads what it
 * wrote: the mutation's `answer` is built from that, so a read failing after COMMIT cannot turn a saved change into an error.
 * - failure before COMMIT is sent: the error as it is (DATABASE_UNAVAILABLE for a lost database: nothing changed);
 * - COMMIT sent, the connection lost before its answer: COMMIT_OUTCOME_UNKNOWN, naming what to read back;
 * - committed: the change is recorded on the request, so later DATABASE_UNAVAILABLE errors of the same mutation
 *   field are answered CHANGE_SAVED_READ_FAILED (src/server/outage-status.ts).
 * Inside a caller's transaction (an import row's savepoint) it is a plain savepoint: the caller's commit decides.
 * MikroORM 7 itself sends COMMIT only after the callback and its flush, and announces it to the transaction
 * fork's event manager (beforeTransactionCommit, then afterTransactionCommit once the server answered).
 */
export async function commitWrite<T, A>(
  ctx: WriteContext,
  work: (em: EntityManager) => Promise<T>,
  readBack: (em: EntityManager, result: T) => Promise<Written<A>>,
): Promise<{ result: T; answer: A }> {
  if (ctx.em.isInTransaction()) {
    return ctx.em.transactional(async (em) => {
      const result = await work(em as EntityManager);
      return { result, answer: (await readBack(em as EntityManager, result)).answer };
    });
  }
  let commitSent = false;
  let committed = false;
  let result: T | undefined;
  let written: Written<A> | undefined;
  try {
    await ctx.em.transactional(async (tx) => {
      const em = tx as EntityManager;
      // Nested savepoints get copies of this subscriber: only this transaction's own COMMIT counts.
      em.getEventManager().registerSubscriber({
        beforeTransactionCommit: (args) => {
          if (args.em === em) commitSent = true;
        },
        afterTransactionCommit: (args) => {
          if (args.em === em) committed = true;
        },
      });
      result = await work(em);
      written = await readBack(em, result);
    });
  } catch (error) {
    const unknown = commitSent && !committed && !refusedByServer(error);
    if (!committed || !written) {
      if (unknown && written?.changes.length) throw new CommitOutcomeUnknownError(written.changes, ctx.requestId);
      throw error;
    }
  }
  const { answer, changes } = written!;
  if (changes.length) {
    const commits = commitsOf(ctx);
    commits.saved.push({ field: commits.field, changes });
  }
  return { result: result as T, answer };
}

/** How a client refetches an entity: its type, code or key, and global id. */
function refOf(entity: EntityClass<object>, row: Record<string, unknown>): Pick<SavedChange, 'entityType' | 'key' | 'id'> {
  const key = row.code ?? row.key;
  return { entityType: entity.name, key: key == null ? null : String(key), id: toGlobalId(entity.name as NodeTypeName, Number(row.dbId)) };
}

/**
 * The entity with this id as the transaction now sees it: the mutation's answer, and the change to name if the
 * outcome is in doubt. `changed: false` (the write was a no-op) records nothing.
 */
export async function savedEntity<E extends { dbId: number; version: number }>(
  em: EntityManager,
  entity: EntityClass<E>,
  id: number,
  changed = true,
): Promise<Written<E>> {
  const table = em.getMetadata().get(entity).tableName;
  const [found] = mapRows(em, entity, await execute(em, `select * from ${table} where id = ?`, [id]));
  if (!found) throw new Error(`${entity.name} ${id} vanished inside its own transaction`);
  const change = { ...refOf(entity as EntityClass<object>, found as unknown as Record<string, unknown>), version: Number(found.version) };
  return { answer: found, changes: changed ? [change] : [] };
}

/** A deletion: the answer is what the caller gives; what to read back is the entity's absence. */
export function deletedEntity<A>(answer: A, entityType: NodeTypeName, dbId: number, key: string | null): Written<A> {
  return { answer, changes: [{ entityType, key, id: toGlobalId(entityType, dbId), version: null, deleted: true }] };
}

/**
 * Many changes named by type and code/key (an import's audit records): their ids and versions as this transaction
 * sees them, one statement per entity type.
 */
export async function savedByKey(em: EntityManager, refs: readonly { entityType: string; entityKey: string | null }[]): Promise<SavedChange[]> {
  const changes: SavedChange[] = [];
  const seen = new Set<string>();
  const byType = new Map<string, string[]>();
  for (const ref of refs) {
    if (ref.entityKey == null || seen.has(`${ref.entityType}\u0000${ref.entityKey}`)) continue;
    seen.add(`${ref.entityType}\u0000${ref.entityKey}`);
    byType.set(ref.entityType, [...(byType.get(ref.entityType) ?? []), ref.entityKey]);
  }
  for (const [entityType, keys] of byType) {
    const meta = em.getMetadata().getByClassName(entityType, false);
    const props = meta?.properties as Record<string, { fieldNames?: string[] } | undefined> | undefined;
    const column = (props?.key ?? props?.code)?.fieldNames?.[0];
    const rows =
      meta && column ? await execute(em, `select id, ${column} as ref, version from ${meta.tableName} where ${column} in (?)`, [keys]) : [];
    for (const key of keys) {
      const row = rows.find((r) => r.ref === key);
      changes.push({
        entityType,
        key,
        id: row ? toGlobalId(entityType as NodeTypeName, Number(row.id)) : null,
        version: row ? Number(row.version) : null,
        deleted: !row,
      });
    }
  }
  return changes;
}
