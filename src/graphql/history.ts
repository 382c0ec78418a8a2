/** The latest dated entry on or before `date` from a history in date order; null before the first. */
export function latestOnOrBefore<T extends { occurredOn: string }>(history: T[], date: string): T | null {
  let found: T | null = null;
  for (const entry of history) if (entry.occurredOn <= date) found = entry;
  return found;
}
