import { Role } from './role.enums.js';

interface Dated {
  occurredOn: string;
  role?: Role;
}

/**
 * The latest ACTUAL entry on or before `date` from a history in date order; null before the first. PLANNED
 * milestones are skipped: a plan never makes a status current.
 */
export function latestOnOrBefore<T extends Dated>(history: T[], date: string): T | null {
  return latestOfRole(history, date, Role.ACTUAL);
}

/** The latest PLANNED milestone dated on or before `date`: what was planned to hold on that date. */
export function plannedOnOrBefore<T extends Dated>(history: T[], date: string): T | null {
  return latestOfRole(history, date, Role.PLANNED);
}

function latestOfRole<T extends Dated>(history: T[], date: string, role: Role): T | null {
  let found: T | null = null;
  for (const entry of history) if (entry.occurredOn <= date && (entry.role ?? Role.ACTUAL) === role) found = entry;
  return found;
}

/** The entries of a history with the given role (all when `role` is null). */
export function withRole<T extends Dated>(history: T[], role: Role | null | undefined): T[] {
  return role ? history.filter((e) => (e.role ?? Role.ACTUAL) === role) : history;
}
