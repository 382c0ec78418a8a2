import type { MikroORM } from '@mikro-orm/postgresql';
import { appliedMigrationNames, MIGRATIONS } from '../db/migrations.js';
import type { Capacity } from './metrics.js';

export interface Readiness {
  ready: boolean;
  /** Why not ready, for people and probes reading the JSON. */
  reason?: string;
  pendingMigrations?: string[];
  /** When at capacity: the pool now and the requests shed. */
  capacity?: { poolMax: number; inUse: number; waiting: number; shedLast5s: number; shedTotal: number };
}

/** A request shed (503 DATABASE_BUSY) within this long keeps /readyz at "at capacity". */
export const SHED_RECENT_MS = 5_000;
/** More requests than this per pooled connection waiting for one is "at capacity" too, before any is shed. */
export const WAITING_PER_CONNECTION = 10;

/**
 * "At capacity" while the hub is shedding load (a request answered DATABASE_BUSY in the last SHED_RECENT_MS) or so
 * many requests wait for a connection that shedding is near, so a load balancer sends new requests to other
 * replicas; checked from memory, so it answers at once when the pool is full.
 */
export function capacityProblem(c: Capacity): Readiness | null {
  const shedLast5s = c.shedRecently(SHED_RECENT_MS);
  const bound = WAITING_PER_CONNECTION * c.poolMax;
  if (shedLast5s === 0 && c.waiting <= bound) return null;
  const why =
    shedLast5s > 0
      ? `${shedLast5s} request(s) shed (503 DATABASE_BUSY) in the last ${SHED_RECENT_MS / 1000} s`
      : `${c.waiting} requests waiting for a database connection (more than ${bound}: ${WAITING_PER_CONNECTION} per connection of the pool of ${c.poolMax})`;
  return {
    ready: false,
    reason: `at capacity: ${why}`,
    capacity: { poolMax: c.poolMax, inUse: c.inUse, waiting: c.waiting, shedLast5s, shedTotal: c.shedTotal },
  };
}

/** How long /readyz waits for the database before calling it unreachable (probes have short timeouts). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Ready = not at capacity (above), the database answers and every migration this build knows is applied, checked with one statement on
 * MikroORM's migrations table. Liveness (/healthz) never calls this: a database outage must not get the process
 * restarted, only taken out of the load balancer until the database is back.
 */
export async function checkReadiness(orm: MikroORM, draining: boolean, capacity?: Capacity): Promise<Readiness> {
  if (draining) return { ready: false, reason: 'shutting down: finishing in-flight requests' };
  const full = capacity && capacityProblem(capacity);
  if (full) return full;
  let timer: NodeJS.Timeout | undefined;
  try {
    const applied = await Promise.race([
      appliedMigrationNames(orm),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    const pending = MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
    if (pending.length) return { ready: false, reason: `${pending.length} migration(s) not applied`, pendingMigrations: pending };
    return { ready: true };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/mikro_orm_migrations.*does not exist/i.test(message)) {
      return { ready: false, reason: 'migrations not applied', pendingMigrations: MIGRATIONS.map((m) => m.name) };
    }
    return { ready: false, reason: `database unreachable: ${message}` };
  } finally {
    clearTimeout(timer);
  }
}
