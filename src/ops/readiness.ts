import type { MikroORM } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../db/migrations.js';

export interface Readiness {
  ready: boolean;
  /** Why not ready, for people and probes reading the JSON. */
  reason?: string;
  pendingMigrations?: string[];
}

/** How long /readyz waits for the database before calling it unreachable (probes have short timeouts). */
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Ready = the database answers and every migration this build knows is applied, checked with one statement on
 * MikroORM's migrations table. Liveness (/healthz) never calls this: a database outage must not get the process
 * restarted, only taken out of the load balancer until the database is back.
 */
export async function checkReadiness(orm: MikroORM, draining: boolean): Promise<Readiness> {
  if (draining) return { ready: false, reason: 'shutting down: finishing in-flight requests' };
  let timer: NodeJS.Timeout | undefined;
  try {
    const rows = await Promise.race([
      orm.em.getConnection().execute<{ name: string }[]>('select name from mikro_orm_migrations'),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); }),
    ]);
    const applied = new Set(rows.map((r) => String(r.name).replace(/\.[jt]s$/, '')));
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
