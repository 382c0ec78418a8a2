import DataLoader from 'dataloader';
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { childCounts, childPages, pagesFor, primeCounts, type ChildPage } from '../../db/pages.js';
import { byIdLoader, LoaderFamily } from '../../graphql/loader-utils.js';
import type { PageRequest } from '../../graphql/pagination.js';
import { ConnectionEvent } from '../connection/connection-event.entity.js';
import { Observation } from '../observation/observation.entity.js';
import { Task } from '../plan/task.entity.js';
import { SystemLifecycleEvent } from '../system/system-lifecycle-event.entity.js';
import { Evidence } from './evidence.entity.js';
import { documentTexts, quotedFrom, type QuotingTable } from './evidence.queries.js';
import { SourceDocument } from './source-document.entity.js';

/**
 * What quotes one table's rows from each document: a page loader per page request and a count loader, so the
 * documents of a page get their pages and totalCount in one statement (the page statement primes the counts).
 */
function quotedLoaders<T extends object>(em: EntityManager, entity: EntityClass<T>, table: QuotingTable) {
  const counts = new DataLoader<number, number>(async (ids) => {
    const found = await childCounts(em, quotedFrom(table, ids));
    return ids.map((id) => found.get(id) ?? 0);
  });
  const pages = new LoaderFamily(
    (request: PageRequest) =>
      new DataLoader<number, ChildPage<T>>(async (ids) => {
        const found = await childPages(em, entity, quotedFrom(table, ids), request);
        primeCounts(counts, ids, found.totals, request);
        return pagesFor(ids, found);
      }),
  );
  return { pages, counts };
}

export function evidenceLoaders(em: EntityManager) {
  return {
    evidenceById: byIdLoader(em, Evidence),
    documentById: byIdLoader(em, SourceDocument),
    documentTextById: new DataLoader<number, string | null>(async (ids) => {
      const texts = await documentTexts(em, ids);
      return ids.map((id) => texts.get(id) ?? null);
    }),
    figuresQuotedFrom: quotedLoaders(em, Observation, 'observation'),
    statusesQuotedFrom: quotedLoaders(em, ConnectionEvent, 'connection_event'),
    lifecycleQuotedFrom: quotedLoaders(em, SystemLifecycleEvent, 'system_lifecycle_event'),
    tasksQuotedFrom: quotedLoaders(em, Task, 'task'),
  };
}
