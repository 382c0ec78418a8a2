import type { FieldErrors } from '../../field-errors.js';

/**
 * The rule of every update and correction: a field left out (undefined) keeps what is stored; an explicit null
 * clears it. Import rows never pass null: an empty CSV cell cannot be told from a missing one, so both keep.
 */
export function keep<T>(given: T | undefined, stored: T): T {
  return given === undefined ? stored : given;
}

/** Fields that cannot be empty may be left out (kept) but not cleared with an explicit null. */
export function refuseClearing(errors: FieldErrors, input: object, fields: string[]): void {
  for (const field of fields) {
    if ((input as Record<string, unknown>)[field] === null)
      errors.add(field, `"${field}" cannot be cleared; leave it out to keep the current value.`);
  }
}
