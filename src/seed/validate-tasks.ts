import { TaskStatus } from '../modules/plan/role.enums.js';
import type { AgencyCatalogue } from './agency-catalogue.js';
import type { SeedData } from './seed-files.js';

/** Problems in tasks.json: keys, references on the date stated, verbatim quotes, stated dates, consistent counts. */
export function taskProblems(seed: SeedData, catalogue: AgencyCatalogue, systems: Set<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const t of seed.tasks) {
    const where = `tasks.json (key "${t.key}")`;
    if (seen.has(t.key)) problems.push(`tasks.json: key "${t.key}" is used more than once`);
    seen.add(t.key);
    const text = seed.documentTexts.get(t.document);
    if (text === undefined) problems.push(`${where}: document "${t.document}" is not in documents.json`);
    else {
      if (!text.includes(t.quote)) problems.push(`${where}: quote is not found verbatim in document "${t.document}": "${t.quote}"`);
      if (t.dateQuote && !text.includes(t.dateQuote))
        problems.push(`${where}: dateQuote is not found verbatim in document "${t.document}": "${t.dateQuote}"`);
    }
    for (const [field, codes] of [
      ['assignees', t.assignees],
      ['partners', t.partners],
      ['assignedBy', t.assignedBy ? [t.assignedBy] : []],
    ] as const) {
      for (const code of codes)
        if (!catalogue.resolve(code, t.statedOn)) problems.push(`${where}: ${field} "${code}" names no agency that existed on ${t.statedOn}`);
    }
    if (t.system && !systems.has(t.system)) problems.push(`${where}: system "${t.system}" is not in systems.json`);
    for (const [field, date] of [
      ['dueOn', t.dueOn],
      ['periodStart', t.periodStart],
      ['periodEnd', t.periodEnd],
    ] as const) {
      if (date && !t.quote.includes(date.slice(0, 4)) && !(t.dateQuote ?? '').includes(date.slice(0, 4))) {
        problems.push(
          `${where}: ${field} ${date} is not stated in the quote (its year does not occur); quote the clause that gives it, or add it as "dateQuote"`,
        );
      }
    }
    if (t.periodStart && t.periodEnd && t.periodStart > t.periodEnd) problems.push(`${where}: periodStart is after periodEnd`);
    if (t.statusOn > t.statedOn)
      problems.push(`${where}: statusOn ${t.statusOn} is after statedOn ${t.statedOn}: a document reports a status on or before its date`);
    if (t.itemsDone !== null && t.itemCount === null) problems.push(`${where}: itemsDone needs itemCount`);
    if (t.itemCount !== null && (!Number.isInteger(t.itemCount) || t.itemCount < 1))
      problems.push(`${where}: itemCount must be a positive whole number`);
    if (t.itemsDone !== null && t.itemCount !== null && (t.itemsDone < 0 || t.itemsDone > t.itemCount))
      problems.push(`${where}: itemsDone must be between 0 and itemCount`);
    if (t.status === TaskStatus.DONE && t.itemCount !== null && t.itemsDone !== null && t.itemsDone < t.itemCount) {
      problems.push(`${where}: status DONE but only ${t.itemsDone}/${t.itemCount} items are done`);
    }
    for (const n of [t.itemCount, t.itemsDone]) {
      if (n !== null && !new RegExp(`(^|\\D)0*${n}(\\D|$)`).test(t.quote)) {
        problems.push(`${where}: the count ${n} does not occur in the quote`);
      }
    }
  }
  return problems;
}
