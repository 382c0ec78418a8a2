import fs from 'node:fs';
import path from 'node:path';
import { AgencyKind } from '../modules/agency/agency.entity.js';
import { ConnectionStatus } from '../modules/connection/connection.enums.js';
import { DatePrecision } from '../modules/evidence/source-document.entity.js';
import { Qualifier } from '../modules/observation/observation.enums.js';
import { LifecycleStatus, SystemKind } from '../modules/system/system.enums.js';
import { AdminLevel, Measure, Role, TaskKind, TaskStatus } from '../modules/plan/role.enums.js';
import { EntryReader, entryName, readEvidence, readJsonArray, readMilestoneRole } from './entry-reader.js';
import { readReference } from './seed-reference.js';
import {
  SeedValidationError,
  type AgencyEntry,
  type ConnectionEntry,
  type DocumentEntry,
  type IndicatorEntry,
  type ObservationEntry,
  type SeedData,
  type SystemEntry,
  type TaskEntry,
} from './seed-types.js';

// The entry shapes live in seed-types.ts; they are re-exported so that readers of the seed keep one import.
export * from './seed-types.js';

function readDocument(r: EntryReader): DocumentEntry {
  return {
    key: r.string('key'),
    fileName: r.string('fileName'),
    title: r.string('title'),
    publisher: r.optString('publisher'),
    publishedAt: r.date('publishedAt'),
    datePrecision: r.enumValue('datePrecision', DatePrecision, DatePrecision.DAY),
    url: r.optString('url'),
    author: r.optString('author'),
    note: r.optString('note'),
  };
}

function readAgency(r: EntryReader): AgencyEntry {
  return {
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
  };
}

function readIndicator(r: EntryReader): IndicatorEntry {
  return {
    code: r.string('code'),
    name: r.string('name'),
    nameEn: r.optString('nameEn'),
    unit: r.string('unit'),
    countsConnections: r.bool('countsConnections', false),
    measure: r.enumValue('measure', Measure),
    description: r.optString('description'),
  };
}

function readSystem(r: EntryReader): SystemEntry {
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
    lifecycle: r
      .entries('lifecycle', (i) => `systems.json (code "${code}") lifecycle[${i}]`)
      .map((e) => ({
        status: e.enumValue('status', LifecycleStatus),
        date: e.date('date'),
        note: e.optString('note'),
        ...readMilestoneRole(e),
        ...readEvidence(e),
      })),
  };
}

function readConnection(r: EntryReader): ConnectionEntry {
  const key = r.string('key');
  return {
    key,
    consumer: r.string('consumer'),
    provider: r.string('provider'),
    via: r.optString('via'),
    history: r
      .entries('history', (i) => `connections.json (key "${key}") history[${i}]`)
      .map((e) => ({
        status: e.enumValue('status', ConnectionStatus),
        date: e.date('date'),
        reason: e.optString('reason'),
        ...readMilestoneRole(e),
        ...readEvidence(e),
      })),
  };
}

function readObservation(r: EntryReader): ObservationEntry {
  return {
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
  };
}

function readTask(r: EntryReader): TaskEntry {
  return {
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
  };
}

/** The text of each document, by key: quotes are checked against it. A listed file that is absent is a problem. */
function readDocumentTexts(dir: string, documents: DocumentEntry[], problems: string[]): Map<string, string> {
  const documentTexts = new Map<string, string>();
  for (const doc of documents) {
    const file = path.join(dir, 'documents', doc.fileName);
    if (doc.fileName && fs.existsSync(file)) documentTexts.set(doc.key, fs.readFileSync(file, 'utf8'));
    else if (doc.fileName) problems.push(`documents.json (key "${doc.key}"): file documents/${doc.fileName} does not exist`);
  }
  return documentTexts;
}

/** Reads every seed file and checks each entry's shape; cross-references are checked by `validateSeed`. */
export function readSeedFiles(dir: string): SeedData {
  const problems: string[] = [];
  const read = <T>(file: string, keyField: string, parse: (r: EntryReader) => T): T[] =>
    readJsonArray(dir, file, problems).map((raw, i) => parse(new EntryReader(raw, entryName(file, i, raw, keyField), problems)));

  const documents = read('documents.json', 'key', readDocument);
  const agencies = read('agencies.json', 'code', readAgency);
  const indicators = read('indicators.json', 'code', readIndicator);
  const systems = read('systems.json', 'code', readSystem);
  const connections = read('connections.json', 'key', readConnection);
  const observations = read('observations.json', 'key', readObservation);
  // tasks.json is optional: a seed written before tasks were recorded has none.
  const tasks = fs.existsSync(path.join(dir, 'tasks.json')) ? read('tasks.json', 'key', readTask) : [];
  const documentTexts = readDocumentTexts(dir, documents, problems);

  // Unreadable files make every later check meaningless: stop here. Entry problems are reported with the rest.
  if (problems.some((p) => !p.includes('['))) throw new SeedValidationError(problems);
  return { documents, documentTexts, agencies, indicators, systems, connections, observations, tasks, reference: readReference(dir), problems };
}
