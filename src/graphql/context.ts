import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { agencyLoaders } from '../modules/agency/agency.loaders.js';
import { connectionLoaders } from '../modules/connection/connection.loaders.js';
import { evidenceLoaders } from '../modules/evidence/evidence.loaders.js';
import { observationLoaders } from '../modules/observation/observation.loaders.js';
import { systemLoaders } from '../modules/system/system.loaders.js';

function createLoaders(em: EntityManager) {
  return {
    ...agencyLoaders(em),
    ...systemLoaders(em),
    ...connectionLoaders(em),
    ...observationLoaders(em),
    ...evidenceLoaders(em),
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
}

export function createRequestContext(em: EntityManager, requestId: string = crypto.randomUUID()): RequestContext {
  const forked = em.fork({ clear: true }) as EntityManager;
  return { em: forked, loaders: createLoaders(forked), requestId, today: new Date().toISOString().slice(0, 10) };
}
