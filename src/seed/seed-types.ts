// The shapes of the seed files once read (seed-files.ts reads them, validate-seed.ts checks them, the writers load them).
import { AgencyKind } from '../modules/agency/agency.entity.js';
import { ConnectionStatus } from '../modules/connection/connection.enums.js';
import { DatePrecision } from '../modules/evidence/source-document.entity.js';
import { Qualifier } from '../modules/observation/observation.enums.js';
import { LifecycleStatus, SystemKind } from '../modules/system/system.enums.js';
import { AdminLevel, Measure, Role, TaskKind, TaskStatus } from '../modules/plan/role.enums.js';

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
