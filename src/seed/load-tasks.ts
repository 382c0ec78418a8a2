import type { Exec } from '../db/current-status.js';
import { upsert } from './upsert.js';
import type { EvidenceRef, SeedData } from './seed-files.js';

export interface SeedIds {
  agencyId(code: string | null, on: string): number | null;
  systemId(code: string | null): number | null;
  evidenceId(ref: EvidenceRef): number;
}

/** Upserts tasks.json (tasks, commitments, agreements, programmes) by key; agencies resolve on the date stated. */
export async function writeTasks(exec: Exec, seed: SeedData, ids: SeedIds): Promise<void> {
  await upsert(
    exec,
    'task',
    '(key)',
    [
      'key',
      'kind',
      'title',
      'title_en',
      'assignee_ids',
      'partner_ids',
      'assigned_by_id',
      'system_id',
      'stated_on',
      'due_on',
      'period_start',
      'period_end',
      'status',
      'status_on',
      'item_count',
      'items_done',
      'evidence_id',
      'date_quote',
      'note',
    ],
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
