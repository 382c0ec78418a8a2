import fs from 'node:fs';
import path from 'node:path';
import { AgencyKind } from '../modules/agency/agency.entity.js';
import { ConnectionStatus } from '../modules/connection/connection.enums.js';
import { DatePrecision } from '../modules/evidence/source-document.entity.js';
import { Qualifier } from '../modules/observation/observation.enums.js';
import { LifecycleStatus, SystemKind } from '../modules/system/system.enums.js';
import { AdminLevel, Measure, Role, TaskKind, TaskStatus } from '../modules/plan/role.enums.js';
import { parseCsv } from '../text/csv.js';

/** Every problem found in the seed files, each naming its file and entry. Nothing is written when any exists. */
export class SeedValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Seed data is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedValidationError';
  }
}

export interface DocumentEntry {
  key: string;
  fileName: string;
  title: string;
  publisher: string | null;
  publishedAt: string;
  datePrecision: DatePrecision;
  url: string | null;
  author: string | null;
  note: string | null;
}
export interface AgencyEntry {
  code: string;
  kind: AgencyKind;
  name: string;
  fullName: string | null;
  nameAscii: string | null;
  nameEn: string | null;
  parent: string | null;
  validFrom: string | null;
  validTo: string | null;
  aliases: string[];
}
export interface IndicatorEntry {
  code: string;
  name: string;
  nameEn: string | null;
  unit: string;
  countsConnections: boolean;
  measure: Measure;
  description: string | null;
}
export interface EvidenceRef {
  document: string;
  quote: string;
}
/** `role`: ACTUAL (the status taken on `date`) or PLANNED (a milestone planned for `date`, stated on `statedOn`). */
export interface MilestoneRole {
  role: Role;
  statedOn: string | null;
}
export interface LifecycleEntry extends EvidenceRef, MilestoneRole {
  status: LifecycleStatus;
  date: string;
  note: string | null;
}
export interface SystemEntry {
  code: string;
  kind: SystemKind;
  name: string;
  nameEn: string | null;
  description: string | null;
  owner: string;
  operator: string | null;
  agenciesOn: string | null;
  lifecycle: LifecycleEntry[];
}
export interface ConnectionEventEntry extends EvidenceRef, MilestoneRole {
  status: ConnectionStatus;
  date: string;
  reason: string | null;
}
export interface ConnectionEntry {
  key: string;
  consumer: string;
  provider: string;
  via: string | null;
  history: ConnectionEventEntry[];
}
export interface ObservationEntry extends EvidenceRef {
  key: string;
  indicator: string;
  agency: string | null;
  system: string | null;
  valueText: string | null;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  qualifier: Qualifier;
  target: number | null;
  targetQualifier: Qualifier | null;
  asOf: string;
  periodStart: string | null;
  periodEnd: string | null;
  reportedBy: string | null;
  note: string | null;
  role: Role;
  dueOn: string | null;
  level: AdminLevel | null;
  dateQuote: string | null;
  relatedSystems: string[];
}
/** A task, commitment, agreement or programme: what, to whom, by when, its status on `statusOn`, with evidence. */
export interface TaskEntry extends EvidenceRef {
  key: string;
  kind: TaskKind;
  title: string;
  titleEn: string | null;
  assignees: string[];
  partners: string[];
  assignedBy: string | null;
  system: string | null;
  statedOn: string;
  dueOn: string | null;
  periodStart: string | null;
  periodEnd: string | null;
  status: TaskStatus;
  statusOn: string;
  itemCount: number | null;
  itemsDone: number | null;
  dateQuote: string | null;
  note: string | null;
}
export interface ProvinceRow {
  code: string;
  name: string;
  fullName: string;
  nameAscii: string;
  type: string;
}
export interface ReferenceData {
  provinces63: (ProvinceRow & { successorCode: string })[];
  provinces34: (ProvinceRow & { mergedFromCodes: string[] })[];
  communes: { code: string; fullName: string; nameAscii: string; provinceCode: string; mergedFromCodes: string[] }[];
  ministries: {
    code: string;
    name: string;
    nameEn: string;
    kind: string;
    validFrom: string | null;
    validTo: string | null;
    successorCodes: string[];
  }[];
}
export interface SeedData {
  documents: DocumentEntry[];
  documentTexts: Map<string, string>;
  agencies: AgencyEntry[];
  indicators: IndicatorEntry[];
  systems: SystemEntry[];
  connections: ConnectionEntry[];
  observations: ObservationEntry[];
  tasks: TaskEntry[];
  reference: ReferenceData;
  /** Shape problems found while reading; `validateSeed` reports them with the cross-reference problems. */
  problems: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads one entry's fields, recording a problem (with file and entry) for each bad one. */
class EntryReader {
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

function readJsonArray(dir: string, file: string, problems: string[]): Record<string, unknown>[] {
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

function entryName(file: string, index: number, raw: Record<string, unknown>, keyField: string): string {
  const key = raw[keyField];
  return `${file}[${index}]${typeof key === 'string' ? ` (${keyField} "${key}")` : ''}`;
}

function readMilestoneRole(r: EntryReader): MilestoneRole {
  return { role: r.enumValue('role', Role, Role.ACTUAL), statedOn: r.optDate('statedOn') };
}

function readEvidence(r: EntryReader): EvidenceRef {
  return { document: r.string('document'), quote: r.string('quote') };
}

function readReference(dir: string): ReferenceData {
  const csv = (file: string) => parseCsv(fs.readFileSync(path.join(dir, 'reference', file), 'utf8'));
  const codes = (s: string) =>
    s
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean);
  return {
    provinces63: csv('provinces-63.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      type: r.type,
      successorCode: r.successor_code,
    })),
    provinces34: csv('provinces-34.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      type: r.type,
      mergedFromCodes: codes(r.merged_from_codes),
    })),
    communes: csv('communes-3321.csv').map((r) => ({
      code: r.code,
      fullName: r.full_name_vi,
      nameAscii: r.name_ascii,
      provinceCode: r.province_code,
      mergedFromCodes: codes(r.merged_from_codes),
    })),
    ministries: csv('ministries.csv').map((r) => ({
      code: r.code,
      name: r.name_vi,
      nameEn: r.name_en,
      kind: r.kind,
      validFrom: r.valid_from || null,
      validTo: r.valid_to || null,
      successorCodes: codes(r.successor_codes),
    })),
  };
}

/** Reads every seed file and checks each entry's shape; cross-references are checked by `validateSeed`. */
export function readSeedFiles(dir: string): SeedData {
  const problems: string[] = [];
  const read = <T>(file: string, keyField: string, parse: (r: EntryReader) => T): T[] =>
    readJsonArray(dir, file, problems).map((raw, i) => parse(new EntryReader(raw, entryName(file, i, raw, keyField), problems)));

  const documents = read('documents.json', 'key', (r) => ({
    key: r.string('key'),
    fileName: r.string('fileName'),
    title: r.string('title'),
    publisher: r.optString('publisher'),
    publishedAt: r.date('publishedAt'),
    datePrecision: r.enumValue('datePrecision', DatePrecision, DatePrecision.DAY),
    url: r.optString('url'),
    author: r.optString('author'),
    note: r.optString('note'),
  }));
  const agencies = read('agencies.json', 'code', (r) => ({
    code: r.string('code'),
    kind: r.enumValue('kind', AgencyKind),
    name: r.string('name'),
    fullName: r.optString('fullName'),
    nameAscii: r.optString('nameAscii'),
    nameEn: r.optString('nameEn'),
    parent: r.optString('parent'),
    validFrom: r.optDate('validFrom'),
    validTo: r.optDate('validTo'),
    aliases: r.strings('aliases'),
  }));
  const indicators = read('indicators.json', 'code', (r) => ({
    code: r.string('code'),
    name: r.string('name'),
    nameEn: r.optString('nameEn'),
    unit: r.string('unit'),
    countsConnections: r.bool('countsConnections', false),
    measure: r.enumValue('measure', Measure),
    description: r.optString('description'),
  }));
  const systems = read('systems.json', 'code', (r) => {
    const code = r.string('code');
    return {
      code,
      kind: r.enumValue('kind', SystemKind),
      name: r.string('name'),
      nameEn: r.optString('nameEn'),
      description: r.optString('description'),
      owner: r.string('owner'),
      operator: r.optString('operator'),
      agenciesOn: r.optDate('agenciesOn'),
      lifecycle: r.array('lifecycle').map((raw, i) => {
        const e = new EntryReader(raw, `systems.json (code "${code}") lifecycle[${i}]`, problems);
        return {
          status: e.enumValue('status', LifecycleStatus),
          date: e.date('date'),
          note: e.optString('note'),
          ...readMilestoneRole(e),
          ...readEvidence(e),
        };
      }),
    };
  });
  const connections = read('connections.json', 'key', (r) => {
    const key = r.string('key');
    return {
      key,
      consumer: r.string('consumer'),
      provider: r.string('provider'),
      via: r.optString('via'),
      history: r.array('history').map((raw, i) => {
        const e = new EntryReader(raw, `connections.json (key "${key}") history[${i}]`, problems);
        return {
          status: e.enumValue('status', ConnectionStatus),
          date: e.date('date'),
          reason: e.optString('reason'),
          ...readMilestoneRole(e),
          ...readEvidence(e),
        };
      }),
    };
  });
  const observations = read('observations.json', 'key', (r) => ({
    key: r.string('key'),
    indicator: r.string('indicator'),
    agency: r.optString('agency'),
    system: r.optString('system'),
    valueText: r.optString('valueText'),
    value: r.optNumber('value'),
    numerator: r.optNumber('numerator'),
    denominator: r.optNumber('denominator'),
    qualifier: r.enumValue('qualifier', Qualifier, Qualifier.EXACT),
    target: r.optNumber('target'),
    targetQualifier: r.optEnum('targetQualifier', Qualifier),
    asOf: r.date('asOf'),
    periodStart: r.optDate('periodStart'),
    periodEnd: r.optDate('periodEnd'),
    reportedBy: r.optString('reportedBy'),
    note: r.optString('note'),
    role: r.enumValue('role', Role, Role.ACTUAL),
    dueOn: r.optDate('dueOn'),
    level: r.optEnum('level', AdminLevel),
    dateQuote: r.optString('dateQuote'),
    relatedSystems: r.strings('relatedSystems'),
    ...readEvidence(r),
  }));
  const tasks = fs.existsSync(path.join(dir, 'tasks.json'))
    ? read('tasks.json', 'key', (r) => ({
        key: r.string('key'),
        kind: r.enumValue('kind', TaskKind),
        title: r.string('title'),
        titleEn: r.optString('titleEn'),
        assignees: r.strings('assignees'),
        partners: r.strings('partners'),
        assignedBy: r.optString('assignedBy'),
        system: r.optString('system'),
        statedOn: r.date('statedOn'),
        dueOn: r.optDate('dueOn'),
        periodStart: r.optDate('periodStart'),
        periodEnd: r.optDate('periodEnd'),
        status: r.enumValue('status', TaskStatus),
        statusOn: r.date('statusOn'),
        itemCount: r.optNumber('itemCount'),
        itemsDone: r.optNumber('itemsDone'),
        dateQuote: r.optString('dateQuote'),
        note: r.optString('note'),
        ...readEvidence(r),
      }))
    : [];

  const documentTexts = new Map<string, string>();
  for (const doc of documents) {
    const file = path.join(dir, 'documents', doc.fileName);
    if (doc.fileName && fs.existsSync(file)) documentTexts.set(doc.key, fs.readFileSync(file, 'utf8'));
    else if (doc.fileName) problems.push(`documents.json (key "${doc.key}"): file documents/${doc.fileName} does not exist`);
  }

  // Unreadable files make every later check meaningless: stop here. Entry problems are reported with the rest.
  if (problems.some((p) => !p.includes('['))) throw new SeedValidationError(problems);
  return { documents, documentTexts, agencies, indicators, systems, connections, observations, tasks, reference: readReference(dir), problems };
}
