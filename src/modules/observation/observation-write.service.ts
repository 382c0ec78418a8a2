import crypto from 'node:crypto';
import { commitWrite, deletedEntity, savedEntity } from '../../db/commit.js';
import { execute, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { fromGlobalId } from '../../graphql/node.js';
import { findAgencyByCode } from '../agency/agency.service.js';
import { audit, diff } from '../audit/audit.writer.js';
import { requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { figureSearchText } from '../search/search-text.js';
import { Observation } from './observation.entity.js';
import { Qualifier } from './observation.enums.js';
import type { DeleteObservationInput, RecordObservationInput } from './observation-write.inputs.js';

const KEY = /^[a-z0-9][a-z0-9._-]{2,119}$/;
const FIELDS = ['indicator_id', 'agency_id', 'system_id', 'value_text', 'value', 'numerator', 'denominator', 'qualifier', 'target',
  'target_qualifier', 'as_of', 'period_start', 'period_end', 'evidence_id', 'note'];

/** Checks the input, and the figure as it will be (`f`: the input, with what a correction leaves out kept). */
function checkFigure(ctx: RequestContext, input: RecordObservationInput, f: Row, errors: FieldErrors): void {
  if (input.key != null && !KEY.test(input.key)) errors.add('key', 'The key must be 3-120 lower-case letters, digits, dots, hyphens or underscores.');
  if (!input.agencyCode && !input.systemCode && f.agency_id == null && f.system_id == null) errors.add('agencyCode', 'A figure needs an agency or a system it is about.');
  if ((f.numerator == null) !== (f.denominator == null)) errors.add('denominator', 'numerator and denominator go together.');
  if (f.denominator != null && Number(f.denominator) <= 0) errors.add('denominator', 'The denominator must be positive.');
  if (f.value == null && f.numerator == null && f.target == null) errors.add('value', 'Give a value, a numerator/denominator or a target.');
  for (const [field, value] of Object.entries({ value: input.value, numerator: input.numerator, denominator: input.denominator, target: input.target })) {
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
function figureRow(input: RecordObservationInput, existing: Row | undefined, ids: { indicator: number; agency: number | null; system: number | null }): Row {
  const value = <T>(given: T | null | undefined, column: string, fallback: unknown = null): unknown =>
    (given === undefined && existing ? existing[column] : given ?? fallback);
  return {
    indicator_id: ids.indicator,
    agency_id: input.agencyCode === undefined && existing ? existing.agency_id : ids.agency,
    system_id: input.systemCode === undefined && existing ? existing.system_id : ids.system,
    value_text: value(input.valueText, 'value_text'), value: value(input.value, 'value'), numerator: value(input.numerator, 'numerator'),
    denominator: value(input.denominator, 'denominator'), qualifier: value(input.qualifier, 'qualifier', Qualifier.EXACT),
    target: value(input.target, 'target'), target_qualifier: value(input.targetQualifier, 'target_qualifier'), as_of: input.asOf,
    period_start: value(input.periodStart, 'period_start'), period_end: value(input.periodEnd, 'period_end'), note: value(input.note, 'note'),
  };
}

/** A figure belongs to its agency when it has one, otherwise to its system's owner. */
function figureOwner(agencyId: unknown, systemOwnerId: unknown): number | null {
  if (agencyId != null) return Number(agencyId);
  return systemOwnerId != null ? Number(systemOwnerId) : null;
}

/**
 * Records a figure, or corrects the figure with the same key (based on its version); a correction keeps every field
 * it leaves out. Nothing new (the same figure again): no change, no version bump, no audit record. Returns the figure
 * and whether anything changed.
 */
export async function recordObservation(ctx: RequestContext, input: RecordObservationInput): Promise<{ observation: Observation; changed: boolean }> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  const [indicator] = await execute(ctx.em, 'select id, name, name_en from indicator where code = ?', [input.indicatorCode]);
  if (!indicator) errors.add('indicatorCode', `No indicator has the code "${input.indicatorCode}"; list them with indicators.`);
  const agency = input.agencyCode ? await findAgencyByCode(ctx, input.agencyCode, input.asOf) : null;
  if (input.agencyCode && !agency) errors.add('agencyCode', `No agency has the code "${input.agencyCode}".`);
  const [system] = input.systemCode ? await execute(ctx.em, 'select id, name, owner_id from information_system where code = ?', [input.systemCode]) : [];
  if (input.systemCode && !system) errors.add('systemCode', `No information system has the code "${input.systemCode}".`);
  const [existing] = input.key ? await execute(ctx.em, `select o.*, s.owner_id from observation o left join information_system s on s.id = o.system_id
    where o.key = ?`, [input.key]) : [];
  const row = figureRow(input, existing, { indicator: Number(indicator?.id), agency: agency?.dbId ?? null, system: system ? Number(system.id) : null });
  checkFigure(ctx, input, row, errors);
  errors.throwIfAny();
  await requireWriteAccess(ctx, {
    before: existing ? [figureOwner(existing.agency_id, existing.owner_id)] : null,
    after: [figureOwner(row.agency_id, input.systemCode === undefined && existing ? existing.owner_id : system?.owner_id)],
  }, existing ? `the figure ${input.key}` : `a new figure about ${[input.agencyCode, input.systemCode].filter(Boolean).join(' / ')}`);

  const key = input.key ?? `api.${input.indicatorCode}.${crypto.randomUUID()}`;
  const { result, answer: observation } = await commitWrite(ctx, async (em) => {
    row.evidence_id = await writeEvidence(em, input.evidence, 'evidence', errors);
    errors.throwIfAny();
    const [names] = await execute(em, `select (select name from agency where id = ?) as agency_name,
      (select name from information_system where id = ?) as system_name`, [row.agency_id, row.system_id]);
    const text = figureSearchText({ indicator_name: String(indicator.name), indicator_name_en: indicator.name_en as string | null,
      agency_name: names.agency_name as string | null, system_name: names.system_name as string | null, value_text: row.value_text as string | null,
      quote: input.evidence.quote });
    if (existing) {
      const changes = diff(existing, row, FIELDS);
      if (!Object.keys(changes).length) return { id: Number(existing.id), changed: false };
      if (input.version == null || input.version !== Number(existing.version)) {
        if (input.version == null) throw new BadUserInputError(`A figure with the key "${key}" exists and differs; pass its version to correct it.`, 'version');
        throw new ConflictError(`The figure ${key}`, input.version, Number(existing.version));
      }
      const updated = await execute(em, `update observation set ${FIELDS.map((f) => `${f} = ?`).join(', ')}, search_text = ?, version = version + 1
        where id = ? and version = ? returning id`, [...FIELDS.map((f) => row[f]), text, existing.id, input.version]);
      if (!updated.length) throw new ConflictError(`The figure ${key}`, input.version, Number(existing.version) + 1);
      await audit(em, ctx, { action: 'observation.update', entityType: 'Observation', entityId: Number(existing.id), entityKey: key, changes });
      return { id: Number(existing.id), changed: true };
    }
    const [created] = await execute(em, `insert into observation (key, ${FIELDS.join(', ')}, basis, search_text)
      values (?, ${FIELDS.map(() => '?').join(', ')}, 'REPORTED', ?) returning id`, [key, ...FIELDS.map((f) => row[f]), text]);
    await audit(em, ctx, { action: 'observation.create', entityType: 'Observation', entityId: Number(created.id), entityKey: key, changes: diff(null, row, FIELDS) });
    return { id: Number(created.id), changed: true };
  }, (em, written) => savedEntity(em, Observation, written.id, written.changed));
  return { observation, changed: result.changed };
}

export async function deleteObservation(ctx: RequestContext, input: DeleteObservationInput): Promise<string> {
  requireWriter(ctx);
  const decoded = fromGlobalId(input.id);
  if (!decoded || decoded.type !== 'Observation') throw new BadUserInputError(`"${input.id}" is not the id of a figure.`, 'id');
  const [existing] = await execute(ctx.em, 'select o.*, s.owner_id from observation o left join information_system s on s.id = o.system_id where o.id = ?', [decoded.id]);
  if (!existing) throw new NotFoundError(`No figure has the id "${input.id}".`);
  await requireWriteAccess(ctx, { before: [figureOwner(existing.agency_id, existing.owner_id)], after: null }, `the figure ${existing.key}`);
  await commitWrite(ctx, async (em) => {
    const deleted = await execute(em, 'delete from observation where id = ? and version = ? returning id', [decoded.id, input.version]);
    if (!deleted.length) throw new ConflictError(`The figure ${existing.key}`, input.version, Number(existing.version));
    await audit(em, ctx, { action: 'observation.delete', entityType: 'Observation', entityId: decoded.id, entityKey: String(existing.key), changes: diff(existing, {}, FIELDS) });
  }, async () => deletedEntity(input.id, 'Observation', decoded.id, String(existing.key)));
  return input.id;
}
