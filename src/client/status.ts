import { parseArgs } from 'node:util';
import type { ConnectionStatus, ConnectionStatusPageQuery, SystemSummaryPageQuery } from './generated/graphql.js';
import { HubError, request } from './hub-client.js';
import { ConnectionStatusPage, SystemSummaryPage } from './operations.js';

const USAGE = `Usage: npm run status -- [options]
Prints integration status from a running hub, built on the typed client (codegen.yml).

  --format csv|json      output format (default csv)
  --province CODE        only connections/systems of systems owned by this agency code, e.g. 68
  --platform CODE        only connections touching this system, e.g. NDXP or LGSP-68
  --status S1,S2         only connections with these statuses (CONNECTED, PLANNED, ...)
  --summary              one row per system with its connection summary, instead of one row per connection
  --as-of YYYY-MM-DD     with --summary: answer for this date
  --url URL              hub endpoint (default $HUB_URL or http://localhost:4000/graphql)
`;

const STATUSES = ['PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED'];
const PAGE = 100;

type Row = Record<string, string | number | boolean | null>;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function csvCell(value: Row[string]): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Row[], columns: string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(','))].join('\n') + '\n';
}

async function connectionRows(url: string, filter: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  do {
    const { connections }: ConnectionStatusPageQuery = await request(url, ConnectionStatusPage, { filter, first: PAGE, after });
    for (const c of connections.nodes) {
      const evidence = c.evidence[0];
      rows.push({
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
        quote: evidence?.quote ?? null,
        document: evidence?.document.title ?? null,
        published_at: evidence?.document.publishedAt ?? null,
      });
    }
    after = connections.pageInfo.hasNextPage ? (connections.pageInfo.endCursor ?? null) : null;
  } while (after);
  return rows;
}

async function summaryRows(url: string, filter: Record<string, unknown>, asOf: string | null): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  do {
    const { informationSystems }: SystemSummaryPageQuery = await request(url, SystemSummaryPage, { filter, first: PAGE, after, asOf });
    for (const s of informationSystems.nodes) {
      const summary = s.connectionSummary;
      rows.push({
        code: s.code,
        name: s.name,
        kind: s.kind,
        owner_code: s.owner.code,
        owner_name: s.owner.name,
        connected: summary.connected,
        total: summary.total,
        text: summary.text,
        basis: summary.basis,
        as_of: summary.asOf ?? null,
        consistent: summary.consistent ?? null,
        quote: summary.evidence[0]?.quote ?? null,
        document: summary.evidence[0]?.document.title ?? null,
      });
    }
    after = informationSystems.pageInfo.hasNextPage ? (informationSystems.pageInfo.endCursor ?? null) : null;
  } while (after);
  return rows;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        format: { type: 'string', default: 'csv' },
        province: { type: 'string' },
        platform: { type: 'string' },
        status: { type: 'string' },
        summary: { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        url: { type: 'string', default: process.env.HUB_URL || 'http://localhost:4000/graphql' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!['csv', 'json'].includes(values.format!)) fail(`--format must be csv or json, got "${values.format}"`);
  const statuses = values.status?.split(',').map((s) => s.trim().toUpperCase());
  const unknown = statuses?.filter((s) => !STATUSES.includes(s));
  if (unknown?.length) fail(`--status: unknown status ${unknown.join(', ')}; use ${STATUSES.join(', ')}`);
  if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) fail('--as-of must be a date YYYY-MM-DD');

  const rows = values.summary
    ? await summaryRows(values.url!, { ownerCode: values.province ?? null, text: values.platform ?? null }, values['as-of'] ?? null)
    : await connectionRows(values.url!, {
        ownerCode: values.province ?? null,
        systemCode: values.platform ?? null,
        statuses: (statuses as ConnectionStatus[] | undefined) ?? null,
      });
  if (values.format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    const columns = rows[0] ? Object.keys(rows[0]) : [];
    process.stdout.write(rows.length ? toCsv(rows, columns) : '');
  }
  process.stderr.write(`${rows.length} row${rows.length === 1 ? '' : 's'}\n`);
}

main().catch((error) => {
  const detail = error instanceof HubError ? `${error.message}${error.code ? ` (${error.code})` : ''}` : (error as Error).message;
  process.stderr.write(`status failed: ${detail}\n`);
  process.exit(1);
});
