import fs from 'node:fs';
import path from 'node:path';
import { Role } from '../modules/plan/role.enums.js';
import type { EvidenceRef, MilestoneRole } from './seed-types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads one entry's fields, recording a problem (with file and entry) for each bad one. */
export class EntryReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly where: string,
    private readonly problems: string[],
  ) {}

  private fail(field: string, message: string): void {
    this.problems.push(`${this.where}: "${field}" ${message}`);
  }

  string(field: string): string {
    const v = this.raw[field];
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(field, 'must be a non-empty string');
      return '';
    }
    return v;
  }

  optString(field: string): string | null {
    const v = this.raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(field, 'must be a non-empty string or null');
      return null;
    }
    return v;
  }

  date(field: string): string {
    const v = this.string(field);
    if (v && !isValidDate(v)) this.fail(field, `must be a date YYYY-MM-DD, got "${v}"`);
    return v;
  }

  optDate(field: string): string | null {
    const v = this.optString(field);
    if (v && !isValidDate(v)) this.fail(field, `must be a date YYYY-MM-DD or null, got "${v}"`);
    return v;
  }

  optNumber(field: string): number | null {
    const v = this.raw[field];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(field, 'must be a number or null');
      return null;
    }
    return v;
  }

  bool(field: string, fallback: boolean): boolean {
    const v = this.raw[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(field, 'must be true or false');
      return fallback;
    }
    return v;
  }

  enumValue<T extends string>(field: string, values: Record<string, T>, fallback?: T): T {
    const v = this.raw[field];
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !Object.values(values).includes(v as T)) {
      this.fail(field, `must be one of ${Object.values(values).join(', ')}, got ${JSON.stringify(v)}`);
      return (fallback ?? Object.values(values)[0]) as T;
    }
    return v as T;
  }

  optEnum<T extends string>(field: string, values: Record<string, T>): T | null {
    const v = this.raw[field];
    if (v === undefined || v === null) return null;
    return this.enumValue(field, values);
  }

  array(field: string): Record<string, unknown>[] {
    const v = this.raw[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.fail(field, 'must be an array');
      return [];
    }
    return v as Record<string, unknown>[];
  }

  /** A reader for each entry of a nested array (a system's lifecycle, a connection's history), named by `where`. */
  entries(field: string, where: (index: number) => string): EntryReader[] {
    return this.array(field).map((raw, i) => new EntryReader(raw, where(i), this.problems));
  }

  strings(field: string): string[] {
    const v = this.raw[field];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) {
      this.fail(field, 'must be an array of strings');
      return [];
    }
    return v as string[];
  }
}

function isValidDate(value: string): boolean {
  return ISO_DATE.test(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
}

/** The entries of one seed file, which must hold a JSON array of objects; a missing or broken file is a problem. */
export function readJsonArray(dir: string, file: string, problems: string[]): Record<string, unknown>[] {
  const full = path.join(dir, file);
  if (!fs.existsSync(full)) {
    problems.push(`${file}: file is missing`);
    return [];
  }
  try {
    const parsed = JSON.parse(fs.readFileSync(full, 'utf8'));
    if (!Array.isArray(parsed)) {
      problems.push(`${file}: must hold a JSON array`);
      return [];
    }
    return parsed.map((entry, i) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) problems.push(`${file}[${i}]: must be an object`);
      return (entry ?? {}) as Record<string, unknown>;
    });
  } catch (error) {
    problems.push(`${file}: is not valid JSON (${(error as Error).message})`);
    return [];
  }
}

/** How problems name an entry: its file, its index and, when it has one, its key. */
export function entryName(file: string, index: number, raw: Record<string, unknown>, keyField: string): string {
  const key = raw[keyField];
  return `${file}[${index}]${typeof key === 'string' ? ` (${keyField} "${key}")` : ''}`;
}

export function readMilestoneRole(r: EntryReader): MilestoneRole {
  return { role: r.enumValue('role', Role, Role.ACTUAL), statedOn: r.optDate('statedOn') };
}

export function readEvidence(r: EntryReader): EvidenceRef {
  return { document: r.string('document'), quote: r.string('quote') };
}
