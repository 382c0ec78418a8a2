/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Where a count comes from. */
export type Basis =
  /** Counted by the hub from the connection edges it holds. */
  | 'COMPUTED'
  /** Reported by an agency or the press, as quoted in the evidence. */
  | 'REPORTED';

/** Filters for connections; all given filters must match. */
export type ConnectionFilter = {
  /** Only connections that existed on this date; `statuses` then filters on their status that day (read it with `statusOn`). */
  asOf?: string | null | undefined;
  /** Only connections whose consumer has this system code. */
  consumerCode?: string | null | undefined;
  /** Only connections that touch a system owned by the agency with this code (any period of the code), e.g. "68". */
  ownerCode?: string | null | undefined;
  /** Only connections whose provider has this system code. */
  providerCode?: string | null | undefined;
  /** Only connections whose status (on `asOf` when given, else today) is one of these. */
  statuses?: Array<ConnectionStatus> | null | undefined;
  /** Only connections that touch this system code at either end or as the platform. */
  systemCode?: string | null | undefined;
  /** Only connections that touch one of these system codes at either end or as the platform (1..100; a code no system has matches nothing). */
  systemCodes?: Array<string> | null | undefined;
  /** Only connections routed through the platform with this system code. */
  viaCode?: string | null | undefined;
};

/** Integration status of a connection between two systems. */
export type ConnectionStatus =
  /** Officially connected and exchanging data. */
  | 'CONNECTED'
  /** Permanently ended. */
  | 'DISCONNECTED'
  /** Being built. */
  | 'IN_PROGRESS'
  /** Decided or prepared, work not started. */
  | 'PLANNED'
  /** Temporarily stopped. */
  | 'SUSPENDED'
  /** Built and under test. */
  | 'TESTING';

/** Where a system is in its life. */
export type LifecycleStatus =
  /** Being built or populated. */
  | 'IN_DEVELOPMENT'
  /** In official operation. */
  | 'OPERATIONAL'
  /** Running as a pilot. */
  | 'PILOT'
  /** Decided or proposed, not yet being built. */
  | 'PLANNED'
  /** No longer in use. */
  | 'RETIRED';

/** Filters for reported figures; all given filters must match. */
export type ObservationFilter = {
  /** Only figures about the agency with this code (any period of the code), e.g. "68". */
  agencyCode?: string | null | undefined;
  /** Only figures about agencies with these codes; with `includePredecessors`, a roll-up in which each figure counts once. */
  agencyCodes?: Array<string> | null | undefined;
  /** Only figures from the source document with this key. */
  documentKey?: string | null | undefined;
  /** Only figures dated on or after this date. */
  from?: string | null | undefined;
  /** With `agencyCode(s)`: also the figures of the units they succeeded (the pre-2025 provinces merged into a 2025 one). */
  includePredecessors?: boolean | null | undefined;
  /** Only figures of this indicator code, e.g. "platform.systems_connected". */
  indicatorCode?: string | null | undefined;
  /** Only figures of this role: ACTUAL (reported as done) or TARGET (aimed at). */
  role?: Role | null | undefined;
  /** Only figures about the system with this code, e.g. "LGSP-68". */
  systemCode?: string | null | undefined;
  /** Only figures dated on or before this date. */
  to?: string | null | undefined;
};

/** How the source qualifies a number; kept so "hơn 11,2 triệu" is not served as exactly 11,200,000. */
export type Qualifier =
  /** "khoảng": about. */
  | 'ABOUT'
  /** "tối thiểu", "ít nhất": at least. */
  | 'AT_LEAST'
  /** Stated as an exact figure. */
  | 'EXACT'
  /** "hơn": more than. */
  | 'MORE_THAN'
  /** "gần": nearly. */
  | 'NEARLY'
  /** "trên": over. */
  | 'OVER'
  /** "dưới": under. */
  | 'UNDER';

/** What a dated statement is: a fact reported as done, a figure aimed at, or a milestone planned. Figures are ACTUAL or TARGET; lifecycle and connection statuses ACTUAL or PLANNED. Only ACTUAL statuses make a current status. */
export type Role =
  /** Reported as done or as the state of things on its date. */
  | 'ACTUAL'
  /** A status planned for a date (a milestone), stated on `statedOn`; never the current status. */
  | 'PLANNED'
  /** A figure aimed at ("phấn đấu", "mục tiêu", "tối thiểu", ...), with its due date or period. */
  | 'TARGET';

/** Filters for information systems; all given filters must match. */
export type SystemFilter = {
  /** Take the systems as they were on this date: `statuses` and `ownerCode` match the status and the owner then, and a system whose recorded lifecycle begins after it is left out (one without any lifecycle entry stays: the hub does not know when it began). */
  asOf?: string | null | undefined;
  /** Only systems with one of these codes (1..100; a code no system has matches nothing), e.g. ["NDXP", "LGSP-68"]. */
  codes?: Array<string> | null | undefined;
  /** Only systems of these kinds. */
  kinds?: Array<SystemKind> | null | undefined;
  /** Only systems owned by the agency with this code (any period of that code), e.g. "68" or "BCA". */
  ownerCode?: string | null | undefined;
  /** Only systems owned by an agency with one of these codes (1..100, any period of each code; on `asOf` when given, like `ownerCode`). */
  ownerCodes?: Array<string> | null | undefined;
  /** Only systems whose lifecycle status (on `asOf` when given, else today) is one of these. */
  statuses?: Array<LifecycleStatus> | null | undefined;
  /** Only systems whose code or name contains this text, accent- and case-insensitively ("lgsp lam dong"). */
  text?: string | null | undefined;
};

/** What sort of information system this is. */
export type SystemKind =
  /** A provincial administrative-procedure information system. */
  | 'ADMIN_PROCEDURE_SYSTEM'
  /** An application for citizens or officials, e.g. VNeID, eGOV-CONNECT. */
  | 'APPLICATION'
  /** Another database: a sector or provincial database. */
  | 'DATABASE'
  /** A data integration and sharing platform: NDXP, a ministry's or province's LGSP. */
  | 'INTEGRATION_PLATFORM'
  /** A monitoring and measurement system, e.g. EMC. */
  | 'MONITORING_SYSTEM'
  /** A national database (cơ sở dữ liệu quốc gia): population, land, cadres and civil servants, ... */
  | 'NATIONAL_DATABASE'
  /** An intelligent operations centre (IOC). */
  | 'OPERATIONS_CENTRE'
  /** Anything else. */
  | 'OTHER'
  /** A portal, e.g. the National Public Service Portal. */
  | 'PORTAL';

export type ConnectionStatusPageQueryVariables = Exact<{
  filter?: ConnectionFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ConnectionStatusPageQuery = { connections: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ key: string, status: ConnectionStatus, statusSince: string | null, consumer: { code: string, name: string, owner: { code: string, name: string } }, provider: { code: string, name: string, owner: { code: string, name: string } }, via: { code: string, name: string } | null, evidence: Array<{ quote: string, document: { key: string, title: string, publishedAt: string } }> }> } };

export type SystemSummaryPageQueryVariables = Exact<{
  filter?: SystemFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
  asOf?: string | null | undefined;
}>;


export type SystemSummaryPageQuery = { informationSystems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ code: string, name: string, kind: SystemKind, status: LifecycleStatus | null, owner: { code: string, name: string }, connectionSummary: { connected: number, total: number, text: string, basis: Basis, asOf: string | null, consistent: boolean | null, note: string | null, evidence: Array<{ quote: string, document: { key: string, title: string, publishedAt: string } }> } }> } };

export type ObservationExportPageQueryVariables = Exact<{
  filter?: ObservationFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type ObservationExportPageQuery = { observations: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ key: string, role: Role, asOf: string, value: number | null, valueText: string | null, numerator: number | null, denominator: number | null, unit: string, qualifier: Qualifier, indicator: { code: string, name: string }, agency: { code: string, name: string } | null, informationSystem: { code: string } | null, evidence: { quote: string, document: { key: string, title: string, publishedAt: string } } }> } };

export type KnownCodesQueryVariables = Exact<{
  agencies?: Array<string> | string | null | undefined;
  systems?: Array<string> | string | null | undefined;
  indicators?: Array<string> | string | null | undefined;
  withAgencies: boolean;
  withSystems: boolean;
  withIndicators: boolean;
}>;


export type KnownCodesQuery = { agencies?: { nodes: Array<{ code: string }> }, informationSystems?: { nodes: Array<{ code: string }> }, indicators?: { nodes: Array<{ code: string }> } };


export const ConnectionStatusPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectionStatusPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ConnectionFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"statusSince"}},{"kind":"Field","name":{"kind":"Name","value":"consumer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"provider"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"via"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConnectionStatusPageQuery, ConnectionStatusPageQueryVariables>;
export const SystemSummaryPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SystemSummaryPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SystemFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"informationSystems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"owner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"connectionSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"asOf"},"value":{"kind":"Variable","name":{"kind":"Name","value":"asOf"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connected"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"basis"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"consistent"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SystemSummaryPageQuery, SystemSummaryPageQueryVariables>;
export const ObservationExportPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ObservationExportPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ObservationFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"observations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"valueText"}},{"kind":"Field","name":{"kind":"Name","value":"numerator"}},{"kind":"Field","name":{"kind":"Name","value":"denominator"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"indicator"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"informationSystem"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"document"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publishedAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ObservationExportPageQuery, ObservationExportPageQueryVariables>;
export const KnownCodesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"KnownCodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agencies"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"systems"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"indicators"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withAgencies"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withSystems"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withIndicators"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"codes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agencies"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"allPeriods"},"value":{"kind":"BooleanValue","value":true}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withAgencies"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"informationSystems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"codes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"systems"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withSystems"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"indicators"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"codes"},"value":{"kind":"Variable","name":{"kind":"Name","value":"indicators"}}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withIndicators"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<KnownCodesQuery, KnownCodesQueryVariables>;