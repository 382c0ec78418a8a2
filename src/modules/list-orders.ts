import { registerEnumType } from 'type-graphql';
import { OrderedPageArgs } from '../graphql/pagination.js';

/**
 * The order fields of every paginated list and their page arguments (`first`/`after`, `last`/`before`, `orderBy`),
 * defined once beside the page types (entity-pages.ts). Each field's SQL sort key is in its module's queries file.
 * Names sort in Vietnamese order (src/text/vi-sort.ts); codes and keys byte by byte; absent dates and values sort
 * after all others in ascending order (before them in descending order).
 */

function orderFields<E extends Record<string, string>>(values: E, name: string, what: string, descriptions: Record<keyof E, string>): E {
  registerEnumType(values, {
    name: `${name}OrderField`,
    description: `What ${what} can be ordered by.`,
    valuesConfig: Object.fromEntries(Object.entries(descriptions).map(([k, description]) => [k, { description }])) as never,
  });
  return values;
}

const NAME = 'The name, in Vietnamese alphabetical order (Đ after D; a tone after the unmarked letter: a < à < á < ả < ã < ạ).';
const TITLE = 'The title, in Vietnamese alphabetical order.';

export enum AgencyOrderField {
  NAME = 'NAME',
  CODE = 'CODE',
  VALID_FROM = 'VALID_FROM',
}
orderFields(AgencyOrderField, 'Agency', 'agencies', {
  NAME,
  CODE: 'The code ("01" < "68" < "BCA").',
  VALID_FROM: 'The first day of the unit (units without one first).',
});
export const AgencyPageArgs = OrderedPageArgs<AgencyOrderField>('Agency', AgencyOrderField, 'agencies');
export type AgencyPageArgs = InstanceType<typeof AgencyPageArgs>;

export enum SystemOrderField {
  NAME = 'NAME',
  CODE = 'CODE',
  STATUS_SINCE = 'STATUS_SINCE',
}
orderFields(SystemOrderField, 'InformationSystem', 'information systems', {
  NAME,
  CODE: 'The system code.',
  STATUS_SINCE: 'The date the system took its current lifecycle status (systems without one last).',
});
export const SystemPageArgs = OrderedPageArgs<SystemOrderField>('InformationSystem', SystemOrderField, 'information systems');
export type SystemPageArgs = InstanceType<typeof SystemPageArgs>;

export enum ConnectionOrderField {
  KEY = 'KEY',
  STATUS_SINCE = 'STATUS_SINCE',
}
orderFields(ConnectionOrderField, 'Connection', 'connections', {
  KEY: 'The key "CONSUMER>PROVIDER".',
  STATUS_SINCE: 'The date the connection took its current status.',
});
export const ConnectionPageArgs = OrderedPageArgs<ConnectionOrderField>('Connection', ConnectionOrderField, 'connections');
export type ConnectionPageArgs = InstanceType<typeof ConnectionPageArgs>;

export enum ObservationOrderField {
  AS_OF = 'AS_OF',
  VALUE = 'VALUE',
  KEY = 'KEY',
  DUE_ON = 'DUE_ON',
}
orderFields(ObservationOrderField, 'Observation', 'figures', {
  AS_OF: 'The date the figure describes.',
  VALUE: 'The single value (figures without one, such as counts "15/23", last).',
  KEY: 'The stable key.',
  DUE_ON: "A target's due date, or the end of its period (figures without either last).",
});
export const ObservationPageArgs = OrderedPageArgs<ObservationOrderField>('Observation', ObservationOrderField, 'figures');
export type ObservationPageArgs = InstanceType<typeof ObservationPageArgs>;

export enum IndicatorOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
}
orderFields(IndicatorOrderField, 'Indicator', 'indicators', { CODE: 'The indicator code.', NAME });
export const IndicatorPageArgs = OrderedPageArgs<IndicatorOrderField>('Indicator', IndicatorOrderField, 'indicators');
export type IndicatorPageArgs = InstanceType<typeof IndicatorPageArgs>;

export enum SourceDocumentOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  TITLE = 'TITLE',
  KEY = 'KEY',
}
orderFields(SourceDocumentOrderField, 'SourceDocument', 'source documents', {
  PUBLISHED_AT: 'The publication date.',
  TITLE,
  KEY: 'The stable key.',
});
export const SourceDocumentPageArgs = OrderedPageArgs<SourceDocumentOrderField>('SourceDocument', SourceDocumentOrderField, 'source documents');
export type SourceDocumentPageArgs = InstanceType<typeof SourceDocumentPageArgs>;

export enum TaskOrderField {
  DUE_ON = 'DUE_ON',
  STATED_ON = 'STATED_ON',
  STATUS_ON = 'STATUS_ON',
  TITLE = 'TITLE',
  KEY = 'KEY',
}
orderFields(TaskOrderField, 'Task', 'tasks', {
  DUE_ON: 'The deadline (tasks without one last).',
  STATED_ON: 'The date the task was stated.',
  STATUS_ON: 'The date its status was reported.',
  TITLE,
  KEY: 'The stable key.',
});
export const TaskPageArgs = OrderedPageArgs<TaskOrderField>('Task', TaskOrderField, 'tasks');
export type TaskPageArgs = InstanceType<typeof TaskPageArgs>;

export enum AuditOrderField {
  AT = 'AT',
}
orderFields(AuditOrderField, 'AuditEntry', 'audit records', { AT: 'When the change was committed.' });
export const AuditPageArgs = OrderedPageArgs<AuditOrderField>('AuditEntry', AuditOrderField, 'audit records', 'newest first');
export type AuditPageArgs = InstanceType<typeof AuditPageArgs>;
