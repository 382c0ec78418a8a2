import { parseArgs } from 'node:util';
import type { ConnectionStatus, Role } from './generated/graphql.js';
import { connectionsExport, observationsExport, summaryExport, type Export, type Row } from './exports.js';
import { HubError, request, type Hub } from './hub-client.js';
import { KnownCodes } from './operations.js';

const USAGE = `Usage: npm run status -- [connections|summary|observations] [options]
Prints integration status or reported figures from a running hub as CSV or JSON, built on the typed client (codegen.yml).

  connections (default)  one row per connection, with its status and quote
  summary                one row per system with its connection summary (same as --summary)
  observations           one row per reported figure, with its quote and document

Every command:
  --format csv|json      output format (default csv); an empty answer still prints the CSV header
  --url URL              hub endpoint (default $HUB_URL or http://localhost:4000/graphql)
  --api-key KEY          API key to send (default $LIEN_THONG_API_KEY); needed when the hub has ANONYMOUS_READ=false
connections and summary:
  --province CODE        only connections/systems of systems owned by this agency code, e.g. 68
  --platform CODE        only connections touching this system, e.g. NDXP or LGSP-68 (summary: systems matching it)
  --status S1,S2         connections only: these statuses (${'PLANNED, IN_PROGRESS, TESTING, CONNECTED, SUSPENDED, DISCONNECTED'})
  --as-of YYYY-MM-DD     summary only: answer for this date
observations (the filters of the API's observations list):
  --indicator CODE       only figures of this indicator, e.g. platform.systems_connected
  --agency C1,C2         only figures about these agency codes; --include-predecessors adds the units they succeeded
  --system CODE          only figures about this system
  --document KEY         only figures from this source document
  --role ACTUAL|TARGET   only reported (ACTUAL) or aimed-at (TARGET) figures
  --from YYYY-MM-DD      only figures dated on or after; --to YYYY-MM-DD on or before

Exit status: 0 done, 1 the hub failed or refused (unreachable, key refused), 2 bad arguments or an unknown code.
`;

const STATUSES = ['PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED'];
const COMMANDS = ['connections', 'summary', 'observations'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const OPTIONS = {
  format: { type: 'string', default: 'csv' },
  url: { type: 'string', default: process.env.HUB_URL || 'http://localhost:4000/graphql' },
  'api-key': { type: 'string', default: process.env.LIEN_THONG_API_KEY || '' },
  province: { type: 'string' },
  platform: { type: 'string' },
  status: { type: 'string' },
  summary: { type: 'boolean', default: false },
  'as-of': { type: 'string' },
  indicator: { type: 'string' },
  agency: { type: 'string' },
  'include-predecessors': { type: 'boolean', default: false },
  system: { type: 'string' },
  document: { type: 'string' },
  role: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;
type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function csvCell(value: Row[string]): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: Row[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(','))].join('\n') + '\n';
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Refuses options of another command and malformed values, before anything is sent. */
function checkOptions(command: string, v: Options): void {
  if (!['csv', 'json'].includes(v.format!)) fail(`--format must be csv or json, got "${v.format}"`);
  const foreign =
    command === 'observations'
      ? ['province', 'platform', 'status', 'as-of']
      : ['indicator', 'agency', 'include-predecessors', 'system', 'document', 'role', 'from', 'to'];
  if (command === 'summary') foreign.push('status');
  if (command === 'connections') foreign.push('as-of');
  const given = foreign.filter((name) => v[name as keyof Options] !== undefined && v[name as keyof Options] !== false);
  if (given.length) fail(`--${given[0]} does not apply to the ${command} command`);
  const unknown = list(v.status)?.filter((s) => !STATUSES.includes(s.toUpperCase()));
  if (unknown?.length) fail(`--status: unknown status ${unknown.join(', ')}; use ${STATUSES.join(', ')}`);
  for (const name of ['as-of', 'from', 'to'] as const) if (v[name] && !DATE.test(v[name])) fail(`--${name} must be a date YYYY-MM-DD`);
  if (v.from && v.to && v.from > v.to) fail(`--from (${v.from}) is after --to (${v.to})`);
  if (v.role && !['ACTUAL', 'TARGET'].includes(v.role.toUpperCase())) fail(`--role must be ACTUAL or TARGET, got "${v.role}"`);
  if (v.agency !== undefined && !list(v.agency)?.length) fail('--agency needs at least one agency code');
}

/** Exits 2 naming every agency, system or indicator code the hub does not know (the export would be empty). */
async function checkCodes(hub: Hub, codes: { agencies: string[]; systems: string[]; indicators: string[] }): Promise<void> {
  const known = await request(hub, KnownCodes, {
    ...codes,
    withAgencies: codes.agencies.length > 0,
    withSystems: codes.systems.length > 0,
    withIndicators: codes.indicators.length > 0,
  });
  const missing = (kind: string, asked: string[], found: { code: string }[] | undefined) =>
    asked.filter((c) => !found?.some((f) => f.code === c)).map((c) => `no ${kind} has the code "${c}"`);
  const problems = [
    ...missing('agency', codes.agencies, known.agencies?.nodes),
    ...missing('information system', codes.systems, known.informationSystems?.nodes),
    ...missing('indicator', codes.indicators, known.indicators?.nodes),
  ];
  if (problems.length) {
    process.stderr.write(`status: ${problems.join('; ')}\n`);
    process.exit(2);
  }
}

/** The export a command asks for, and the codes it names (to check first). */
function exportFor(command: string, v: Options): { job: Export; codes: { agencies: string[]; systems: string[]; indicators: string[] } } {
  if (command === 'observations') {
    const agencyCodes = list(v.agency) ?? null;
    const filter = {
      indicatorCode: v.indicator ?? null,
      agencyCodes,
      includePredecessors: v['include-predecessors'] || null,
      systemCode: v.system ?? null,
      documentKey: v.document ?? null,
      role: (v.role?.toUpperCase() as Role | undefined) ?? null,
      from: v.from ?? null,
      to: v.to ?? null,
    };
    const codes = { agencies: agencyCodes ?? [], systems: v.system ? [v.system] : [], indicators: v.indicator ? [v.indicator] : [] };
    return { job: observationsExport(filter), codes };
  }
  const codes = { agencies: v.province ? [v.province] : [], systems: v.platform ? [v.platform] : [], indicators: [] };
  if (command === 'summary') return { job: summaryExport({ ownerCode: v.province ?? null, text: v.platform ?? null }, v['as-of'] ?? null), codes };
  const statuses = list(v.status)?.map((s) => s.toUpperCase()) as ConnectionStatus[] | undefined;
  return { job: connectionsExport({ ownerCode: v.province ?? null, systemCode: v.platform ?? null, statuses: statuses ?? null }), codes };
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (positionals.length > 1) fail(`one command at a time, got ${positionals.join(' ')}`);
  const command = positionals[0] ?? (values.summary ? 'summary' : 'connections');
  if (!COMMANDS.includes(command)) fail(`unknown command "${command}"; use ${COMMANDS.join(', ')}`);
  if (values.summary && command !== 'summary') fail(`--summary does not apply to the ${command} command`);
  checkOptions(command, values);
  const hub: Hub = { url: values.url!, apiKey: values['api-key'] || null };
  const { job, codes } = exportFor(command, values);
  await checkCodes(hub, codes);
  const rows = await job.rows(hub);
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : toCsv(rows, job.columns));
  process.stderr.write(`${rows.length} row${rows.length === 1 ? '' : 's'}\n`);
}

main().catch((error) => {
  const detail = error instanceof HubError ? `${error.message}${error.code ? ` (${error.code})` : ''}` : (error as Error).message;
  process.stderr.write(`status failed: ${detail}\n`);
  process.exit(1);
});
