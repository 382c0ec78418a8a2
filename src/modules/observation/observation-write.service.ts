import crypto from 'node:crypto';
import { execute, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../graphql/errors.js';
import { FieldErrors } from '../../graphql/field-errors.js';
import { fromGlobalId } from '../../graphql/node.js';
import { searchText } from '../../seed/fold.js';
import { findAgencyByCode } from '../agency/agency.service.js';
import { audit, diff } from '../audit/audit.service.js';
import { requireScope } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { Observation } from './observation.entity.js';
import { Qualifier } from './observation.enums.js';
import type { DeleteObservationInput, RecordObservationInput } from './observation-write.inputs.js';

const KEY = /^[a-z0-9][a-z0-9._-]{2,119}$/;
const FIELDS = ['indicator_id', 'agency_id', 'system_id', 'value_text', 'value', 'numerator', 'denominator', 'qualifier', 'target',
  'target_qualifier', 'as_of', 'period_start', 'period_end', 'evidence_id', 'note'];

function checkFigure(ctx: RequestContext, input: RecordObservationInput, errors: FieldErrors): void {
  if (input.key != null && !KEY.test(input.key)) errors.add('key', 'The key must be 3-120 lower-case letters, digits, dots, hyphens or underscores.');
  if (!input.agencyCode && !input.systemCode) errors.add('agencyCode', 'A figure needs an agency or a system it is about.');
  if ((input.numerator == null) !== (input.denominator == null)) errors.add('denominator', 'numerator and denominator go together.');
  if (input.denominator != null && input.denominator <= 0) errors.add('denominator', 'The denominator must be positive.');
  if (input.value == null && input.numerator == null && input.target == null) errors.add('value', 'Give a value, a numerator/denominator or a target.');
  for (const [field, value] of Object.entries({ value: input.value, numerator: input.numerator, denominator: input.denominator, target: input.target })) {
    if (value != null && !Number.isFinite(value)) errors.add(field, `"${field}" must be a finite number.`);
  }
  if (input.asOf > ctx.today) errors.add('asOf', `The date ${input.asOf} is in the future.`);
  if (input.periodStart && input.periodEnd && input.periodStart > input.periodEnd) errors.add('periodStart', 'periodStart is after periodEnd.');
  if (input.valueText && input.evidence?.quote && !input.evidence.quote.includes(input.valueText)) {
    errors.add('valueText', `valueText "${input.valueText}" does not occur in the quote.`);
  }
  if (input.note && input.note.length > 4000) errors.add('note', 'The note must be at most 4,000 characters.');
  checkEvidence(input.evidence, 'evidence', errors);
}

/**
 * Records a figure, or corrects the figure with the same key (based on its version). Same figure again: no change,
 * no audit record. Returns the figure and whether anything changed.
 */
export async function recordObservation(ctx: RequestContext, input: RecordObservationInput): Promise<{ observation: Observation; changed: boolean }> {
  const errors = new FieldErrors();
  checkFigure(ctx, input, errors);
  const [indicator] = await execute(ctx.em, 'select id, name, name_en from indicator where code = ?', [input.indicatorCode]);
  if (!indicator) errors.add('indicatorCode', `No indicator has the code "${input.indicatorCode}"; list them with indicators.`);
  const agency = input.agencyCode ? await findAgencyByCode(ctx, input.agencyCode, input.asOf) : null;
  if (input.agencyCode && !agency) errors.add('agencyCode', `No agency has the code "${input.agencyCode}".`);
  const [system] = input.systemCode ? await execute(ctx.em, 'select id, name, owner_id from information_system where code = ?', [input.systemCode]) : [];
  if (input.systemCode && !system) errors.add('systemCode', `No information system has the code "${input.systemCode}".`);
  const [existing] = input.key ? await execute(ctx.em, 'select * from observation where key = ?', [input.key]) : [];
  errors.throwIfAny();
  const scopeIds = [agency?.dbId, system ? Number(system.owner_id) : null, existing ? Number(existing.agency_id) : null];
  await requireScope(ctx, scopeIds, `a figure about ${[input.agencyCode, input.systemCode].filter(Boolean).join(' / ')}`);

  const key = input.key ?? `api.${input.indicatorCode}.${crypto.randomUUID()}`;
  const result = await ctx.em.transactional(async (em) => {
    const evidenceId = await writeEvidence(em, input.evidence, 'evidence', errors);
    errors.throwIfAny();
    const row: Row = {
      indicator_id: Number(indicator.id), agency_id: agency?.dbId ?? null, system_id: system ? Number(system.id) : null,
      value_text: input.valueText ?? null, value: input.value ?? null, numerator: input.numerator ?? null, denominator: input.denominator ?? null,
      qualifier: input.qualifier ?? Qualifier.EXACT, target: input.target ?? null, target_qualifier: input.targetQualifier ?? null,
      as_of: input.asOf, period_start: input.periodStart ?? null, period_end: input.periodEnd ?? null, evidence_id: evidenceId, note: input.note ?? null,
    };
    const text = searchText(String(indicator.name), indicator.name_en as string | null, agency?.name, system?.name as string | undefined, input.valueText, input.evidence.quote);
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
  });
  return { observation: await ctx.em.findOneOrFail(Observation, { dbId: result.id }, { refresh: true }), changed: result.changed };
}

export async function deleteObservation(ctx: RequestContext, input: DeleteObservationInput): Promise<string> {
  const decoded = fromGlobalId(input.id);
  if (!decoded || decoded.type !== 'Observation') throw new BadUserInputError(`"${input.id}" is not the id of a figure.`, 'id');
  const [existing] = await execute(ctx.em, 'select o.*, s.owner_id from observation o left join information_system s on s.id = o.system_id where o.id = ?', [decoded.id]);
  if (!existing) throw new NotFoundError(`No figure has the id "${input.id}".`);
  await requireScope(ctx, [Number(existing.agency_id) || null, Number(existing.owner_id) || null], `the figure ${existing.key}`);
  await ctx.em.transactional(async (em) => {
    const deleted = await execute(em, 'delete from observation where id = ? and version = ? returning id', [decoded.id, input.version]);
    if (!deleted.length) throw new ConflictError(`The figure ${existing.key}`, input.version, Number(existing.version));
    await audit(em, ctx, { action: 'observation.delete', entityType: 'Observation', entityId: decoded.id, entityKey: String(existing.key), changes: diff(existing, {}, FIELDS) });
  });
  return input.id;
}
