import type { EntityManager } from '@mikro-orm/postgresql';
import { commitWrite, savedByKey } from '../../db/commit.js';
import { relationJoins } from '../../db/relations.js';
import type { RequestContext } from '../../api/context.js';
import { AppError, InvalidInputError } from '../../errors.js';
import { dataExceptionError } from '../../db/db-errors.js';
import { isCalendarDate } from '../../graphql/scalars.js';
import { FieldErrors } from '../../field-errors.js';
import { requireWriter } from '../auth/authorize.js';
import { ConnectionStatus } from '../connection/connection.enums.js';
import { setConnectionStatus } from '../connection/connection-status.service.js';
import type { EvidenceData } from '../evidence/evidence.writer.js';
import { Qualifier } from '../observation/observation.enums.js';
import { recordObservation } from '../observation/observation-write.service.js';
import { auditEntriesSince, lastAuditId } from '../audit/audit.queries.js';
import { figureVersion } from '../observation/observation.queries.js';
import { InformationSystem } from '../system/information-system.entity.js';
import { SystemKind } from '../system/system.enums.js';
import { findSystemByCode } from '../system/system.queries.js';
import { createInformationSystem, updateInformationSystem } from '../system/system-write.service.js';
import { ROW_TYPES, type ImportRow } from './import-rows.js';
import type { ImportError, ImportResult } from './import.types.js';

const MAX_ROWS = 10_000;

/** Typed access to a row's fields, recording a problem for each bad one. */
class RowReader {
  constructor(
    private readonly row: ImportRow,
    readonly errors: FieldErrors,
  ) {}

  text(name: string, required = false): string | null {
    const v = this.row.fields[name];
    if (v == null || v === '') {
      if (required) this.errors.add(name, `"${name}" is required for a ${this.row.type} row.`);
      return null;
    }
    return String(v);
  }

  date(name: string, required = false): string | null {
    const v = this.text(name, required);
    // Date.parse rolls 2023-02-30 over to 2 March: check the calendar itself.
    if (v && !isCalendarDate(v))
      this.errors.add(name, `"${name}" must be a real calendar date YYYY-MM-DD (0001-01-01 to 9999-12-31), got "${v.slice(0, 40)}".`);
    return v;
  }

  number(name: string): number | null {
    const v = this.row.fields[name];
    if (v == null || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) this.errors.add(name, `"${name}" must be a number in plain notation (68.45, not 68,45), got "${v}".`);
    return n;
  }

  oneOf<T extends string>(name: string, values: Record<string, T>, required = false): T | null {
    const v = this.text(name, required);
    if (v && !Object.values(values).includes(v as T))
      this.errors.add(name, `"${name}" must be one of ${Object.values(values).join(', ')}, got "${v}".`);
    return v as T | null;
  }

  evidence(): EvidenceData {
    const title = this.text('documentTitle');
    return {
      documentKey: this.text('documentKey'),
      document: title
        ? {
            title,
            publisher: this.text('documentPublisher'),
            publishedAt: this.date('documentPublishedAt', true) ?? '',
            url: this.text('documentUrl'),
          }
        : null,
      quote: this.text('quote', true) ?? '',
    };
  }
}

/**
 * An optional field left out, null or empty keeps what is stored: a CSV cannot tell an empty cell from a missing one,
 * so neither format clears a field (the mutations do, with an explicit null).
 */
const given = <T>(value: T | null): T | undefined => value ?? undefined;

async function applyConnectionStatusRow(ctx: RequestContext, r: RowReader): Promise<boolean> {
  const input = {
    consumerCode: r.text('consumer', true)!,
    providerCode: r.text('provider', true)!,
    viaCode: r.text('via'),
    status: r.oneOf('status', ConnectionStatus, true)!,
    date: r.date('date', true)!,
    reason: r.text('reason'),
    evidence: r.evidence(),
  };
  r.errors.throwIfAny();
  return (await setConnectionStatus(ctx, input)).changed;
}

async function applyObservationRow(ctx: RequestContext, r: RowReader): Promise<boolean> {
  const key = r.text('key', true);
  // A keyed figure is changed at its stored version: a row says what the figure is, not which version it replaces.
  const version = key ? await figureVersion(ctx.em, key) : null;
  const input = {
    key,
    indicatorCode: r.text('indicator', true)!,
    agencyCode: given(r.text('agency')),
    systemCode: given(r.text('system')),
    valueText: given(r.text('valueText')),
    value: given(r.number('value')),
    numerator: given(r.number('numerator')),
    denominator: given(r.number('denominator')),
    qualifier: given(r.oneOf('qualifier', Qualifier)),
    target: given(r.number('target')),
    targetQualifier: given(r.oneOf('targetQualifier', Qualifier)),
    asOf: r.date('asOf', true)!,
    periodStart: given(r.date('periodStart')),
    periodEnd: given(r.date('periodEnd')),
    note: given(r.text('note')),
    evidence: r.evidence(),
    version,
  };
  r.errors.throwIfAny();
  return (await recordObservation(ctx, input)).changed;
}

/** Creates the system when its code is new, else updates it at its stored version. */
async function applySystemRow(ctx: RequestContext, r: RowReader): Promise<boolean> {
  const code = r.text('code', true)!;
  const fields = {
    kind: r.oneOf('kind', SystemKind, true)!,
    name: r.text('name', true)!,
    nameEn: given(r.text('nameEn')),
    description: given(r.text('description')),
  };
  const owner = r.text('owner', true)!;
  const operatorCode = given(r.text('operator'));
  r.errors.throwIfAny();
  const current = await findSystemByCode(ctx.em, code, relationJoins(ctx.em, InformationSystem, { operator: ['code'], owner: ['code'] }));
  if (!current) {
    await createInformationSystem(ctx, { code, ...fields, ownerCode: owner, operatorCode });
    return true;
  }
  // Another owner moves the system (write access to both owners needed); the same code keeps it, even when the
  // code names a newer unit than the stored one (e.g. a province after 1 July 2025).
  const ownerCode = current.owner.code === owner ? undefined : owner;
  // Likewise the stored operator's code keeps it; the service decides whether anything changes.
  const operator = operatorCode === current.operator?.code ? undefined : operatorCode;
  return (await updateInformationSystem(ctx, { code, version: Number(current.version), ...fields, ownerCode, operatorCode: operator })).changed;
}

/**
 * Applies one row through the same services as the API (same validation, authorization and audit). A row that
 * changes nothing stored answers false: the services bump no version and write no audit record for it.
 */
async function applyRow(ctx: RequestContext, row: ImportRow): Promise<boolean> {
  const r = new RowReader(row, new FieldErrors());
  switch (row.type) {
    case 'connectionStatus':
      return applyConnectionStatusRow(ctx, r);
    case 'observation':
      return applyObservationRow(ctx, r);
    case 'system':
      return applySystemRow(ctx, r);
    default:
      throw new InvalidInputError([{ field: 'type', message: `"type" must be one of ${ROW_TYPES.join(', ')}, got "${row.type}".` }]);
  }
}

function toImportErrors(row: number, error: unknown): ImportError[] {
  // A value the database refused (SQLSTATE class 22) is this row's problem, not the hub's: its savepoint rolled back.
  const refused = dataExceptionError(error);
  if (refused) return [{ row, field: null, message: refused.message, code: 'BAD_USER_INPUT' }];
  if (error instanceof InvalidInputError) return error.fields.map((f) => ({ row, field: f.field, message: f.message, code: 'BAD_USER_INPUT' }));
  if (error instanceof AppError) {
    const field = (error.extensions.field as string | undefined) ?? null;
    return [{ row, field, message: error.message, code: String(error.extensions.code) }];
  }
  throw error;
}

class Rollback extends Error {}

/**
 * Runs an import in one transaction: every row goes through the API's services inside its own savepoint, so one
 * bad row does not hide the problems of the next. Any problem, or a dry run, rolls everything back; the changes
 * listed are the audit records the run wrote (or would have written).
 */
export async function runImport(ctx: RequestContext, rows: ImportRow[], dryRun: boolean): Promise<ImportResult> {
  requireWriter(ctx);
  if (rows.length > MAX_ROWS) {
    return {
      dryRun,
      applied: false,
      rows: rows.length,
      unchanged: 0,
      changes: [],
      errors: [{ row: null, field: null, message: `An import holds at most ${MAX_ROWS} rows; split the file.`, code: 'BAD_USER_INPUT' }],
    };
  }
  const errors: ImportError[] = [];
  let changes: ImportResult['changes'] = [];
  let unchanged = 0;
  const tag = `${ctx.requestId}:import-row-`;
  const run = async (em: EntityManager) => {
    // Every lookup of the import, the scope of an editor's key and the loaders included, runs inside its transaction.
    const inImport = ctx.inTransaction(em);
    const last = await lastAuditId(em);
    for (const row of rows) {
      try {
        const changed = await em.transactional((savepoint) =>
          applyRow(inImport.inTransaction(savepoint as EntityManager, `${tag}${row.row}`, true), row),
        );
        if (!changed) unchanged++;
      } catch (error) {
        errors.push(...toImportErrors(row.row, error));
      }
    }
    const written = await auditEntriesSince(em, last, tag);
    changes = written.map((a) => ({
      row: Number(String(a.request_id).slice(tag.length)),
      action: String(a.action),
      entityType: String(a.entity_type),
      entityKey: a.entity_key ?? null,
      changes: a.changes,
    }));
    if (dryRun || errors.length) throw new Rollback();
  };
  try {
    await commitWrite(
      ctx,
      (em) => run(em),
      async (em) => ({ answer: null, changes: await savedByKey(em, changes) }),
    );
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return { dryRun, applied: !dryRun && errors.length === 0, rows: rows.length, unchanged, changes, errors };
}
