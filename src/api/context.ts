import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReadCaches } from '../cache/caches.js';
import { agencyLoaders } from '../modules/agency/agency.loaders.js';
import { editableAgencyIds } from '../modules/auth/authorize.js';
import type { Principal } from '../modules/auth/principal.js';
import { connectionLoaders } from '../modules/connection/connection.loaders.js';
import { dashboardLoaders } from '../modules/dashboard/dashboard.loaders.js';
import { evidenceLoaders } from '../modules/evidence/evidence.loaders.js';
import { observationLoaders } from '../modules/observation/observation.loaders.js';
import { systemLoaders } from '../modules/system/system.loaders.js';
import { planLoaders } from '../modules/plan/plan.loaders.js';

function createLoaders(em: EntityManager, caches: ReadCaches | null) {
  return {
    ...agencyLoaders(em),
    ...systemLoaders(em),
    ...connectionLoaders(em, caches?.summaries ?? null),
    ...observationLoaders(em),
    ...evidenceLoaders(em),
    ...planLoaders(em),
    ...dashboardLoaders(em, caches?.dashboards ?? null),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Everything a request needs, made fresh for each one: its own EntityManager and DataLoaders. */
export interface RequestContext {
  em: EntityManager;
  loaders: Loaders;
  requestId: string;
  /** The date "now" means for as-of answers, fixed for the whole request. */
  today: string;
  /** The API key's holder, or null for an anonymous request. */
  principal: Principal | null;
  /** Agencies an editor may change (computed once per request, on first use). */
  editableAgencyIds(): Promise<Set<number>>;
  /**
   * The context of work inside `transaction` on behalf of this one (same principal), every lookup in that
   * transaction; `shareScope` lends it this context's scope look-up (an import's rows share the import's).
   */
  inTransaction(transaction: EntityManager, requestId?: string, shareScope?: boolean): RequestContext;
  /** What this request uses of the limits (HTTP requests; null for scripts, subscriptions and transactions). */
  usage: RequestUsage | null;
}

/** What an HTTP request uses of its limits: filled by the rate limiter and the cost plugin (`viewer` reads it). */
export interface RequestUsage {
  /** Where the caller stands in the rate limit's window after this request; null when the limit is off. */
  rateLimit: { limit: number; remaining: number; resetAt: Date } | null;
  /** This operation's cost (src/api/limits.ts), once computed. */
  cost: number | null;
  maxCost: number;
}

export interface ContextOptions {
  /**
   * `em` is a transaction's (or savepoint's) EntityManager: the context uses it as it is, so every lookup it makes,
   * loaders and scope included, runs inside that transaction (on the embedded database, which serves one
   * transaction at a time, a lookup on another connection would wait for the transaction to end: a deadlock).
   * The read caches are not used: they do not know what the transaction has written.
   */
  inTransaction?: boolean;
  /** The scope look-up of another context on the same transaction (an import's rows share one). */
  scopeFrom?: RequestContext;
  usage?: RequestUsage;
}

/** `caches`: the process's read caches (src/cache); without them (scripts, some tests) everything is read fresh. */
export function createRequestContext(
  em: EntityManager,
  requestId: string = crypto.randomUUID(),
  principal: Principal | null = null,
  caches: ReadCaches | null = null,
  options: ContextOptions = {},
): RequestContext {
  const own = options.inTransaction ? em : (em.fork({ clear: true }) as EntityManager);
  let scope: Promise<Set<number>> | undefined;
  let loaders: Loaders | undefined;
  const ctx: RequestContext = {
    em: own,
    // Made on first use: a lookup by code, or an answer from the read caches, needs none of the thirty-odd loaders.
    get loaders() {
      return (loaders ??= createLoaders(own, options.inTransaction ? null : caches));
    },
    requestId,
    today: new Date().toISOString().slice(0, 10),
    principal,
    usage: options.usage ?? null,
    editableAgencyIds:
      options.scopeFrom?.editableAgencyIds ?? (() => (scope ??= principal ? editableAgencyIds(own, principal) : Promise.resolve(new Set()))),
    inTransaction: (transaction, id = requestId, shareScope = false) =>
      createRequestContext(transaction, id, principal, null, { inTransaction: true, scopeFrom: shareScope ? ctx : undefined }),
  };
  return ctx;
}
