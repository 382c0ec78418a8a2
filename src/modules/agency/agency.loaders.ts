import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loader-utils.js';
import { Agency } from './agency.entity.js';

export function agencyLoaders(em: EntityManager) {
  return {
    agencyById: byIdLoader(em, Agency),
  };
}
