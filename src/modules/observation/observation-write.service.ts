import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { commitWrite, deletedEntity, savedEntity } from '../../db/commit.js';
import type { Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { fromGlobalId } from '../../graphql/node.js';
import { findAgencyByCode } from '../agency/agency.service.js';
import { findSystemByCode } from '../system/system.queries.js';
import { audit, diff } from '../audit/audit.writer.js';
import { requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { figureSearchText } from '../../text/search-text.js';
import { Observation } from './observation.entity.js';
import { Qualifier } from './observation.enums.js';
import type { DeleteObservationInput, RecordObservationInput } from './observation-write.inputs.js';
import {
  deleteFigure,
  FIGURE_COLUMNS as FIELDS,
  figureById,
  figureByKey,
  insertFigure,
  subjectNames,
  updateFigure,
  type StoredFigure,
} from './observation.queries.js';
import { indicatorNames } from './indicator.queries.js';

const KEY = /^[a-z0-9][a-z0-9._-]{2,119}$/;

/** Checks the input, and the figure as it will be (`f`: the input, with what a correction leaves out kept). */
function checkFigure(ctx: RequestContext, input: RecordObservationInput, f: Row, errors: FieldErrors): void {
  if (input.key != null && !KEY.test(input.key)) errors.add('key', 'The key must be 3-120 lower-case letters, digits, dots, hyphens or underscores.');
  if (!input.agencyCode && !input.systemCode && f.agency_id == null && f.system_id == null)
    errors.add('agencyCode', 'A figure needs an agency or a system it is about.');
  if ((f.numerator == null) !== (f.denominator == null)) errors.add('denominator', 'numerator and denominator go together.');
  if (f.denominator != null && Number(f.denominator) <= 0) errors.add('denominator', 'The denominator must be positive.');
  if (f.value == null && f.numerator == null && f.target == null) errors.add('value', 'Give a value, a numerator/denominator or a target.');
  for (const [field, value] of Object.entries({
    value: input.value,
    numerator: input.numerator,
    denominator: input.denominator,
    target: input.target,
  })) {
    if (value != null && !Number.isFinite(value)) errors.add(field, `"${field}" must be a finite number.`);
  }
  if (input.asOf > ctx.today) errors.add('asOf', `The date ${input.asOf} is in the future.`);
  if (f.period_start && f.period_end && String(f.period_start) > String(f.period_end)) errors.add('periodStart', 'periodStart is after periodEnd.');
  if (f.value_text && input.evidence?.quote && !input.evidence.quote.includes(String(f.value_text))) {
    errors.add('valueText', `valueText "${f.value_text}" does not occur in the quote.`);
  }
  if (input.note && input.note.length > 4000) errors.add('note', 'The note must be at most 4,000 characters.');
  checkEvidence(input.evidence, 'evidence', errors);
}

/**
 * The figure as it will be, without its evidence: the input's values, where a correction of `existing` keeps every
 * field the input leaves out (undefined); an explicit null clears (the qualifier goes back to EXACT).
 */
function figureRow(
  input: RecordObservationInput,
  existing: StoredFigure | null,
  ids: { indicator: number; agency: number | null; system: number | null },
): Row {
  const value = <T>(given: T | null | undefined, column: string, fallback: unknown = null): unknown =>
    given === undefined && existing ? existing[column] : (given ?? fallback);
  return {
    indicator_id: ids.indicator,
    agency_id: input.agencyCode === undefined && existing ? existing.agency_id : ids.agency,
    system_id: input.systemCode === undefined && existing ? existing.system_id : ids.system,
    value_text: value(input.valueText, 'value_text'),
    value: value(input.value, 'value'),
    numerator: value(input.numerator, 'numerator'),
    denominator: value(input.denominator, 'denominator'),
    qualifier: value(input.qualifier, 'qualifier', Qualifier.EXACT),
    target: value(input.target, 'target'),
    target_qualifier: value(input.targetQualifier, 'target_qualifier'),
    as_of: input.asOf,
    period_start: value(input.periodStart, 'period_start'),
    period_end: value(input.periodEnd, 'period_end'),
    note: value(input.note, 'note'),
  };
}

/** A figure belongs to its agency when it has one, otherwise to its system's owner. */
function figureOwner(agencyId: unknown, systemOwnerId: unknown): number | null {
  if (agencyId != null) return Number(agencyId);
  return systemOwnerId != null ? Number(systemOwnerId) : null;
}

/** What a figure refers to, looked up by the codes of the input; a field error for each code that names nothing. */
async function figureSubjects(ctx: RequestContext, input: RecordObservationInput, errors: FieldErrors) {
  const indicator = await indicatorNames(ctx.em, input.indicatorCode);
  if (!indicator) errors.add('indicatorCode', `No indicator has the code "${input.indicatorCode}"; list them with indicators.`);
  const agency = input.agencyCode ? await findAgencyByCode(ctx, input.agencyCode, input.asOf) : null;
  if (input.agencyCode && !agency) errors.add('agencyCode', `No agency has the code "${input.agencyCode}".`);
  const system = input.systemCode ? await findSystemByCode(ctx.em, input.systemCode) : null;
  if (input.systemCode && !system) errors.add('systemCode', `No information system has the code "${input.systemCode}".`);
  const existing = input.key ? await figureByKey(ctx.em, input.key) : null;
  return { indicator, agency, system, existing };
}

/**
 * Records a figure, or corrects the figure with the same key (based on its version); a correction keeps every field
 * it leaves out. Nothing new (the same figure again): no change, no version bump, no audit record. Returns the figure
 * and whether anything changed.
 */
export async function recordObservation(ctx: RequestContext, input: RecordObservationInput): Promise<{ observation: Observation; changed: boolean }> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  const { indicator, agency, system, existing } = await figureSubjects(ctx, input, errors);
  const row = figureRow(input, existing, { indicator: Number(indicator?.id), agency: agency?.dbId ?? null, system: system?.dbId ?? null });
  checkFigure(ctx, input, row, errors);
  errors.throwIfAny();
  await requireWriteAccess(
    ctx,
    {
      before: existing ? [figureOwner(existing.agency_id, existing.owner_id)] : null,
      after: [figureOwner(row.agency_id, input.systemCode === undefined && existing ? existing.owner_id : system?.owner.dbId)],
    },
    existing ? `the figure ${input.key}` : `a new figure about ${[input.agencyCode, input.systemCode].filter(Boolean).join(' / ')}`,
  );

  const key = input.key ?? `api.${input.indicatorCode}.${crypto.randomUUID()}`;
  const { result, answer: observation } = await commitWrite(
    ctx,
    async (em) => {
      row.evidence_id = await writeEvidence(em, input.evidence, 'evidence', errors);
      errors.throwIfAny();
      const text = figureSearchText({
        indicator_name: indicator!.name,
        indicator_name_en: indicator!.name_en,
        ...(await subjectNames(em, row.agency_id, row.system_id)),
        value_text: row.value_text as string | null,
        quote: input.evidence.quote,
      });
      if (existing) return correctFigure(em, ctx, { input, key, existing, row, text });
      const id = await insertFigure(em, key, row, text);
      await audit(em, ctx, {
        action: 'observation.create',
        entityType: 'Observation',
        entityId: id,
        entityKey: key,
        changes: diff(null, row, FIELDS),
      });
      return { id, changed: true };
    },
    (em, written) => savedEntity(em, Observation, written.id, written.changed),
  );
  return { observation, changed: result.changed };
}

/** Writes a correction of a stored figure, if it changes anything, based on the version the input names. */
async function correctFigure(
  em: EntityManager,
  ctx: RequestContext,
  f: { input: RecordObservationInput; key: string; existing: StoredFigure; row: Row; text: string },
): Promise<{ id: number; changed: boolean }> {
  const { input, key, existing } = f;
  const id = Number(existing.id);
  const changes = diff(existing, f.row, FIELDS);
  if (!Object.keys(changes).length) return { id, changed: false };
  if (input.version == null || input.version !== Number(existing.version)) {
    if (input.version == null)
      throw new BadUserInputError(`A figure with the key "${key}" exists and differs; pass its version to correct it.`, 'version');
    throw new ConflictError(`The figure ${key}`, input.version, Number(existing.version));
  }
  if (!(await updateFigure(em, id, input.version, f.row, f.text)))
    throw new ConflictError(`The figure ${key}`, input.version, Number(existing.version) + 1);
  await audit(em, ctx, { action: 'observation.update', entityType: 'Observation', entityId: id, entityKey: key, changes });
  return { id, changed: true };
}

export async function deleteObservation(ctx: RequestContext, input: DeleteObservationInput): Promise<string> {
  requireWriter(ctx);
  const decoded = fromGlobalId(input.id);
  if (!decoded || decoded.type !== 'Observation') throw new BadUserInputError(`"${input.id}" is not the id of a figure.`, 'id');
  const existing = await figureById(ctx.em, decoded.id);
  if (!existing) throw new NotFoundError(`No figure has the id "${input.id}".`);
  await requireWriteAccess(ctx, { before: [figureOwner(existing.agency_id, existing.owner_id)], after: null }, `the figure ${existing.key}`);
  await commitWrite(
    ctx,
    async (em) => {
      if (!(await deleteFigure(em, decoded.id, input.version)))
        throw new ConflictError(`The figure ${existing.key}`, input.version, Number(existing.version));
      await audit(em, ctx, {
        action: 'observation.delete',
        entityType: 'Observation',
        entityId: decoded.id,
        entityKey: String(existing.key),
        changes: diff(existing, {}, FIELDS),
      });
    },
    async () => deletedEntity(input.id, 'Observation', decoded.id, String(existing.key)),
  );
  return input.id;
}
