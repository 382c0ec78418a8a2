import { AsyncLocalStorage } from 'node:async_hooks';
import type { Pool } from 'pg';
import { isDatabaseConnectionError } from './db-errors.js';

/**
 * Statements outside a transaction go straight to the `pg` pool with `$n` parameters instead of through MikroORM's
 * raw execute, which inlines every value into the text (BENCHMARKS.md, issue 14: PostgreSQL spent about twice the
 * CPU parsing and planning the hub's lookup). On a server each distinct text becomes a named prepared statement, so
 * a connection parses and plans it once. Through the embedded database's socket every client shares one backend
 * session, where two clients preparing the same name would collide: there the statements stay unnamed (still
 * parameterised, planned per execution).
 */
export interface DirectReads {
  pool: Pool;
  /** Named prepared statements (a PostgreSQL server); false: unnamed, parameterised statements (PGlite's socket). */
  named: boolean;
  /** The statement counter of tests and benchmarks (the ORM's query log does not see these statements). */
  onQuery?: (sql: string) => void;
}

const registered = new WeakMap<object, DirectReads>();

/** Routes statements outside transactions on `connection` (an ORM connection object) to `reads`. */
export function readDirectly(connection: object, reads: DirectReads): void {
  registered.set(connection, reads);
}

export function directReadsOf(connection: object): DirectReads | undefined {
  return registered.get(connection);
}

/**
 * Where one request's statements outside transactions run (src/db/read-routing.ts: a read replica or the primary),
 * registered for its EntityManager; `onPrimary` runs a statement the usual way.
 */
export interface ReadRoute {
  run(text: string, params: readonly unknown[], onPrimary: () => Promise<Record<string, unknown>[]>): Promise<Record<string, unknown>[]>;
}

const routes = new WeakMap<object, ReadRoute>();
const primaryOnly = new AsyncLocalStorage<true>();

export function routeReads(em: object, route: ReadRoute): void {
  routes.set(em, route);
}

/** The route of `em`'s statements, unless they run inside `onPrimary` (then: none, the primary). */
export function readRouteOf(em: object): ReadRoute | undefined {
  return primaryOnly.getStore() ? undefined : routes.get(em);
}

/** Runs `work` with every statement on the primary, whatever route its EntityManager has (read-cache fills). */
export function onPrimary<T>(work: () => Promise<T>): Promise<T> {
  return primaryOnly.run(true, work);
}

/**
 * How many distinct texts get a name: the hub's statements are a fixed set, but a list of ids expands to one text per
 * length; past the cap a text runs unnamed rather than growing every connection's prepared statements without end.
 */
const MAX_NAMED = 2_000;
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `lt_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/**
 * `?` placeholders as `$1, $2, ...` and the values in order, an array standing for a list (`in (?)` with [1, 2]
 * becomes `in ($1, $2)`), as MikroORM's formatting expands it. The `sql` template guarantees every `?` is a
 * placeholder (src/db/sql.ts refuses literal ones).
 */
export function numbered(text: string, params: readonly unknown[]): { text: string; values: unknown[] } {
  if (params.length === 0) return { text, values: [] };
  const values: unknown[] = [];
  let out = '';
  let from = 0;
  for (const param of params) {
    const at = text.indexOf('?', from);
    if (at < 0) throw new Error(`SQL has fewer placeholders than parameters (${params.length}): ${text.slice(0, 80)}`);
    out += text.slice(from, at);
    const list = Array.isArray(param) ? param : [param];
    if (list.length === 0) throw new Error(`An empty list cannot fill a placeholder: ${text.slice(0, 80)}`);
    out += list.map((value) => `$${values.push(value)}`).join(', ');
    from = at + 1;
  }
  if (text.indexOf('?', from) >= 0) throw new Error(`SQL has more placeholders than parameters (${params.length}): ${text.slice(0, 80)}`);
  return { text: out + text.slice(from), values };
}

/**
 * A prepared statement planned before its tables changed shape (another hub process migrated the database in a
 * rolling upgrade): PostgreSQL refuses to run it until it is prepared again.
 */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && /cached plan must not change result type/.test(e.message);
}

/**
 * Runs one statement on a pooled connection. Through `client.query` with a promise, as the ORM's statements run, so
 * what wraps a connection's statements (tracing, src/db/statement-hook.ts) sees these too. A stale prepared plan drops
 * its connection (which holds every statement prepared before the change) and runs again on another.
 */
export async function runDirect(reads: DirectReads, text: string, params: readonly unknown[], retried = false): Promise<Record<string, unknown>[]> {
  const statement = numbered(text, params);
  reads.onQuery?.(statement.text);
  const name = reads.named ? nameOf(statement.text) : undefined;
  const client = await reads.pool.connect();
  try {
    const result = await client.query<Record<string, unknown>>(name ? { name, text: statement.text, values: statement.values } : statement);
    client.release();
    return result.rows;
  } catch (error) {
    const stale = !retried && isStalePlan(error);
    // A failed statement outside a transaction leaves its connection as it was; a lost one (or a stale plan's) is dropped.
    client.release(stale || isDatabaseConnectionError(error) ? (error as Error) : undefined);
    if (stale) return runDirect(reads, text, params, true);
    throw error;
  }
}
