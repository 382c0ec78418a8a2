import type { EntityManager } from '@mikro-orm/postgresql';
import { upsertTasks } from '../modules/plan/plan.queries.js';
import type { EvidenceRef, SeedData } from './seed-files.js';

export interface SeedIds {
  agencyId(code: string | null, on: string): number | null;
  systemId(code: string | null): number | null;
  evidenceId(ref: EvidenceRef): number;
}

/** Upserts tasks.json (tasks, commitments, agreements, programmes) by key; agencies resolve on the date stated. */
export async function writeTasks(em: EntityManager, seed: SeedData, ids: SeedIds): Promise<void> {
  await upsertTasks(
    em,
    seed.tasks.map((t) => ({
      key: t.key,
      kind: t.kind,
      title: t.title,
      title_en: t.titleEn,
      assignee_ids: t.assignees.map((c) => ids.agencyId(c, t.statedOn)),
      partner_ids: t.partners.map((c) => ids.agencyId(c, t.statedOn)),
      assigned_by_id: ids.agencyId(t.assignedBy, t.statedOn),
      system_id: ids.systemId(t.system),
      stated_on: t.statedOn,
      due_on: t.dueOn,
      period_start: t.periodStart,
      period_end: t.periodEnd,
      status: t.status,
      status_on: t.statusOn,
      item_count: t.itemCount,
      items_done: t.itemsDone,
      evidence_id: ids.evidenceId(t),
      date_quote: t.dateQuote,
      note: t.note,
    })),
  );
}
