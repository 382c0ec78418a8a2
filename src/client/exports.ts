import type { ConnectionStatusPageQuery, ObservationExportPageQuery, SystemSummaryPageQuery } from './generated/graphql.js';
import { request, type Hub } from './hub-client.js';
import { ConnectionStatusPage, ObservationExportPage, SystemSummaryPage } from './operations.js';

/** One output line: column -> cell. */
export type Row = Record<string, string | number | boolean | null>;

/** What one export reads: its columns (also the CSV header of an empty answer) and its rows, every page of them. */
export interface Export {
  columns: readonly string[];
  rows(hub: Hub): Promise<Row[]>;
}

const PAGE = 100;

/** A Relay page as the exports read it. */
interface Page<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** Every page of a list, one request after the other, each node turned into a row. */
async function allRows<N>(fetchPage: (after: string | null) => Promise<Page<N>>, toRow: (node: N) => Row): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  do {
    const page: Page<N> = await fetchPage(after);
    rows.push(...page.nodes.map(toRow));
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null;
  } while (after);
  return rows;
}

type ConnectionNode = ConnectionStatusPageQuery['connections']['nodes'][number];
const connectionRow = (c: ConnectionNode): Row => ({
  key: c.key,
  consumer_code: c.consumer.code,
  consumer_name: c.consumer.name,
  consumer_owner: c.consumer.owner.code,
  provider_code: c.provider.code,
  provider_name: c.provider.name,
  provider_owner: c.provider.owner.code,
  via_code: c.via?.code ?? null,
  status: c.status,
  status_since: c.statusSince ?? null,
  quote: c.evidence[0]?.quote ?? null,
  document: c.evidence[0]?.document.title ?? null,
  published_at: c.evidence[0]?.document.publishedAt ?? null,
});

/** One row per connection, with its status and the quote for it. */
export function connectionsExport(filter: Record<string, unknown>): Export {
  return {
    columns: Object.keys(connectionRow(SAMPLE_CONNECTION)),
    rows: (hub) => allRows(async (after) => (await request(hub, ConnectionStatusPage, { filter, first: PAGE, after })).connections, connectionRow),
  };
}

type SystemNode = SystemSummaryPageQuery['informationSystems']['nodes'][number];
const summaryRow = (s: SystemNode): Row => ({
  code: s.code,
  name: s.name,
  kind: s.kind,
  owner_code: s.owner.code,
  owner_name: s.owner.name,
  connected: s.connectionSummary.connected,
  total: s.connectionSummary.total,
  text: s.connectionSummary.text,
  basis: s.connectionSummary.basis,
  as_of: s.connectionSummary.asOf ?? null,
  consistent: s.connectionSummary.consistent ?? null,
  quote: s.connectionSummary.evidence[0]?.quote ?? null,
  document: s.connectionSummary.evidence[0]?.document.title ?? null,
});

/** One row per system, with its connection summary. */
export function summaryExport(filter: Record<string, unknown>, asOf: string | null): Export {
  return {
    columns: Object.keys(summaryRow(SAMPLE_SYSTEM)),
    rows: (hub) =>
      allRows(async (after) => (await request(hub, SystemSummaryPage, { filter, first: PAGE, after, asOf })).informationSystems, summaryRow),
  };
}

type ObservationNode = ObservationExportPageQuery['observations']['nodes'][number];
const observationRow = (o: ObservationNode): Row => ({
  key: o.key,
  indicator_code: o.indicator.code,
  indicator_name: o.indicator.name,
  role: o.role,
  as_of: o.asOf,
  value: o.value ?? null,
  value_text: o.valueText ?? null,
  numerator: o.numerator ?? null,
  denominator: o.denominator ?? null,
  unit: o.unit,
  qualifier: o.qualifier,
  agency_code: o.agency?.code ?? null,
  agency_name: o.agency?.name ?? null,
  system_code: o.informationSystem?.code ?? null,
  quote: o.evidence.quote,
  document_key: o.evidence.document.key,
  document: o.evidence.document.title,
  published_at: o.evidence.document.publishedAt,
});

/** One row per reported figure, with its quote and document. */
export function observationsExport(filter: Record<string, unknown>): Export {
  return {
    columns: Object.keys(observationRow(SAMPLE_OBSERVATION)),
    rows: (hub) => allRows(async (after) => (await request(hub, ObservationExportPage, { filter, first: PAGE, after })).observations, observationRow),
  };
}

// Nodes with every field, for the column lists: an empty answer still prints its header.
const SAMPLE_SYSTEM_REF = { code: '', name: '', owner: { code: '', name: '' } };
const SAMPLE_DOCUMENT = { key: '', title: '', publishedAt: '' };
const SAMPLE_CONNECTION = {
  key: '',
  status: 'CONNECTED',
  consumer: SAMPLE_SYSTEM_REF,
  provider: SAMPLE_SYSTEM_REF,
  evidence: [],
} as unknown as ConnectionNode;
const SAMPLE_SYSTEM = { ...SAMPLE_SYSTEM_REF, kind: 'OTHER', connectionSummary: { evidence: [] } } as unknown as SystemNode;
const SAMPLE_OBSERVATION = { indicator: {}, evidence: { quote: '', document: SAMPLE_DOCUMENT } } as unknown as ObservationNode;
