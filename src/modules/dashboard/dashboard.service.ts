import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { mapRows, type Row } from '../../db/sql.js';
import { Agency, AgencyKind } from '../agency/agency.entity.js';
import { ConnectionStatus } from '../connection/connection.enums.js';
import type { Observation } from '../observation/observation.entity.js';
import { InformationSystem } from '../system/information-system.entity.js';
import type { LifecycleStatus, SystemKind } from '../system/system.enums.js';
import { ConnectionGroupField, SystemGroupField } from './dashboard.enums.js';
import type { GroupRow, MatrixRow } from './dashboard.queries.js';
import type {
  AgencyRollup,
  ConnectionGroupCount,
  IntegrationMatrix,
  IntegrationMatrixCell,
  IntegrationMatrixCount,
  SystemGroupCount,
} from './dashboard.types.js';

export const MAX_MATRIX_SYSTEMS = 20;
export const MAX_MATRIX_AGENCIES = 500;
/** "Localities": the provinces and centrally-run cities, the rows a national dashboard asks for most. */
const LOCALITIES = [AgencyKind.PROVINCE, AgencyKind.CENTRAL_CITY];

export interface MatrixArgs {
  systemCodes: string[];
  agencyKinds?: AgencyKind[] | null;
  agencyCodes?: string[] | null;
  asOf?: string | null;
}

function count(connected: number, known: number, total: number): IntegrationMatrixCount {
  return { connected, known, total, text: `${connected}/${total}`, ratio: total ? connected / total : null };
}

function checkMatrixArgs(args: MatrixArgs): void {
  const codes = args.systemCodes;
  if (codes.length < 1 || codes.length > MAX_MATRIX_SYSTEMS)
    throw new BadUserInputError(`"systemCodes" takes 1 to ${MAX_MATRIX_SYSTEMS} system codes, got ${codes.length}.`, 'systemCodes');
  if (new Set(codes).size !== codes.length) throw new BadUserInputError('"systemCodes" names a system twice.', 'systemCodes');
  if (args.agencyCodes && args.agencyCodes.length > MAX_MATRIX_AGENCIES)
    throw new BadUserInputError(`"agencyCodes" takes at most ${MAX_MATRIX_AGENCIES} codes.`, 'agencyCodes');
}

/** The integration matrix (one statement, dashboard.queries.ts) with the counts of every row and column. */
export async function integrationMatrix(ctx: RequestContext, args: MatrixArgs): Promise<IntegrationMatrix> {
  checkMatrixArgs(args);
  const asOf = args.asOf ?? ctx.today;
  const rows = await ctx.loaders.matrixRows({
    asOf,
    systemCodes: args.systemCodes,
    agencyCodes: args.agencyCodes ?? null,
    agencyKinds: args.agencyKinds ?? (args.agencyCodes?.length ? [] : LOCALITIES),
  });
  const data = (tag: MatrixRow['tag']) => rows.filter((r) => r.tag === tag).map((r) => r.data as Row);
  const agencies = mapRows(ctx.em, Agency, data('A')).sort((a, b) => a.code.localeCompare(b.code) || a.dbId - b.dbId);
  if (agencies.length > MAX_MATRIX_AGENCIES)
    throw new BadUserInputError(
      `The matrix would have ${agencies.length} rows (at most ${MAX_MATRIX_AGENCIES}): narrow "agencyKinds" or "agencyCodes".`,
      'agencyKinds',
    );
  const found = new Map(mapRows(ctx.em, InformationSystem, data('S')).map((s) => [s.code, s]));
  const missing = args.systemCodes.filter((c) => !found.has(c));
  if (missing.length)
    throw new NotFoundError(`No information system has the code ${missing.map((c) => `"${c}"`).join(', ')} (argument "systemCodes").`);
  const systems = args.systemCodes.map((c) => found.get(c)!);
  const cells = matrixCells(agencies, systems, rows);
  const reported = await Promise.all(systems.map((s) => ctx.loaders.reportedCountBySystem.for({ asOf }).load(s.dbId)));
  return {
    asOf,
    agencies,
    systems,
    cells,
    rows: agencies.map((agency, i) => ({ agency, ...lineCount(cells.slice(i * systems.length, (i + 1) * systems.length)) })),
    columns: systems.map((system, j) => ({
      system,
      ...lineCount(cells.filter((_, k) => k % systems.length === j)),
      reported: reportedCount(reported[j]),
    })),
  };
}

function matrixCells(agencies: Agency[], systems: InformationSystem[], rows: MatrixRow[]): IntegrationMatrixCell[] {
  const key = (agencyId: number, systemId: number) => `${agencyId}:${systemId}`;
  const best = new Map<string, Extract<MatrixRow, { tag: 'C' }>['data']>();
  const owned = new Set<string>();
  for (const r of rows) {
    if (r.tag === 'C') best.set(key(r.data.agency_id, r.data.system_id), r.data);
    if (r.tag === 'O') owned.add(key(r.data.agency_id, r.data.system_id));
  }
  return agencies.flatMap((agency) =>
    systems.map((system) => {
      const c = best.get(key(agency.dbId, system.dbId));
      return {
        agency,
        system,
        status: (c?.status as ConnectionStatus | undefined) ?? null,
        statusSince: c?.since ?? null,
        owns: owned.has(key(agency.dbId, system.dbId)),
        connectionId: c?.connection_id ?? null,
        throughId: c?.through_id ?? null,
        evidenceId: c?.evidence_id ?? null,
      };
    }),
  );
}

function lineCount(cells: IntegrationMatrixCell[]): IntegrationMatrixCount {
  return count(cells.filter((c) => c.status === ConnectionStatus.CONNECTED).length, cells.filter((c) => c.status !== null).length, cells.length);
}

function reportedCount(observation: Observation | null) {
  if (!observation) return null;
  const connected = observation.numerator ?? 0;
  const total = observation.denominator ?? 0;
  return { connected, total, text: `${connected}/${total}`, observation };
}

/** Checks `groupBy` and returns the reader of a grouped row: a field's value (column g<i>), null when not grouped by it. */
function groupReader<F extends string>(groupBy: readonly F[]): (r: GroupRow, field: F) => unknown {
  if (new Set(groupBy).size !== groupBy.length) throw new BadUserInputError('"groupBy" names a field twice.', 'groupBy');
  return (r, field) => (groupBy.includes(field) ? (r[`g${groupBy.indexOf(field)}`] ?? null) : null);
}

/** Connections counted per group on a date (one statement). */
export async function connectionCounts(
  ctx: RequestContext,
  groupBy: ConnectionGroupField[],
  asOf: string | null | undefined,
): Promise<ConnectionGroupCount[]> {
  const value = groupReader(groupBy);
  const rows = await ctx.loaders.connectionGroupRows(groupBy, asOf ?? ctx.today);
  return rows.map((r) => ({
    status: value(r, ConnectionGroupField.STATUS) as ConnectionStatus | null,
    consumerKind: value(r, ConnectionGroupField.CONSUMER_KIND) as SystemKind | null,
    providerKind: value(r, ConnectionGroupField.PROVIDER_KIND) as SystemKind | null,
    consumerOwnerKind: value(r, ConnectionGroupField.CONSUMER_OWNER_KIND) as AgencyKind | null,
    providerOwnerKind: value(r, ConnectionGroupField.PROVIDER_OWNER_KIND) as AgencyKind | null,
    consumerOwnerId: value(r, ConnectionGroupField.CONSUMER_OWNER) as number | null,
    providerOwnerId: value(r, ConnectionGroupField.PROVIDER_OWNER) as number | null,
    count: r.n,
  }));
}

/** Systems counted per group on a date (one statement). */
export async function systemCounts(ctx: RequestContext, groupBy: SystemGroupField[], asOf: string | null | undefined): Promise<SystemGroupCount[]> {
  const value = groupReader(groupBy);
  const rows = await ctx.loaders.systemGroupRows(groupBy, asOf ?? ctx.today);
  return rows.map((r) => ({
    status: value(r, SystemGroupField.STATUS) as LifecycleStatus | null,
    kind: value(r, SystemGroupField.KIND) as SystemKind | null,
    ownerKind: value(r, SystemGroupField.OWNER_KIND) as AgencyKind | null,
    ownerId: value(r, SystemGroupField.OWNER) as number | null,
    count: r.n,
  }));
}

const counts = (values: Record<string, number> | null) =>
  Object.entries(values ?? {})
    .map(([value, n]) => ({ value, count: n }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));

/** An agency's roll-up on a date (batched over the agencies of a page: dashboard.loaders.ts). */
export async function agencyRollup(ctx: RequestContext, agency: Agency, asOf: string | null | undefined): Promise<AgencyRollup> {
  const on = asOf ?? ctx.today;
  const row = await ctx.loaders.rollupByAgency.for({ asOf: on }).load(agency.dbId);
  const systemsByKind = counts(row.systems_by_kind);
  const connectionsByStatus = counts(row.connections_by_status);
  return {
    asOf: on,
    systems: systemsByKind.reduce((n, c) => n + c.count, 0),
    systemsByKind,
    connections: connectionsByStatus.reduce((n, c) => n + c.count, 0),
    connectionsByStatus,
    succeededIds: (row.succeeded ?? []).map(Number),
  };
}
