import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader } from '../../graphql/loader-utils.js';
import { Evidence } from './evidence.entity.js';
import { SourceDocument } from './source-document.entity.js';

export function evidenceLoaders(em: EntityManager) {
  return {
    evidenceById: byIdLoader(em, Evidence),
    documentById: byIdLoader(em, SourceDocument),
  };
}
