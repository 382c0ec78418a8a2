import { InvalidInputError } from './errors.js';

/** Collects field-level problems of one input so all are reported at once. */
export class FieldErrors {
  readonly list: { field: string; message: string }[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  /** Throws BAD_USER_INPUT listing every problem, if there is one. */
  throwIfAny(): void {
    if (this.any) throw new InvalidInputError(this.list);
  }
}
