import type { EntityManager } from '@mikro-orm/postgresql';
import { refreshCurrentStatus } from '../../db/current-status.js';
import { execute } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { ConflictError, NotFoundError } from '../../graphql/errors.js';
import { FieldErrors } from '../../graphql/field-errors.js';
import { searchText } from '../../seed/fold.js';
import { findAgencyByCode } from '../agency/agency.service.js';
import { audit, diff } from '../audit/audit.service.js';
import { requireScope } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { InformationSystem } from './information-system.entity.js';
import type { CreateInformationSystemInput, LifecycleStatusInput, UpdateInformationSystemInput } from './system-write.inputs.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,49}$/;
const TRACKED = ['code', 'kind', 'name', 'name_en', 'description', 'owner_id', 'operator_id', 'status', 'status_since'];

function checkText(errors: FieldErrors, field: string, value: string | null | undefined, max: number, required = false): void {
  if (value == null) {
    if (required) errors.add(field, `"${field}" is required.`);
    return;
  }
  if (!value.trim()) errors.add(field, `"${field}" must not be blank.`);
  else if (value.length > max) errors.add(field, `"${field}" must be at most ${max} characters.`);
}

function checkLifecycle(ctx: RequestContext, lifecycle: LifecycleStatusInput | null | undefined, errors: FieldErrors): void {
  if (!lifecycle) return;
  if (lifecycle.date > ctx.today) errors.add('lifecycle.date', `The date ${lifecycle.date} is in the future.`);
  checkEvidence(lifecycle.evidence, 'lifecycle.evidence', errors);
}

async function agencyId(ctx: RequestContext, code: string | null | undefined, field: string, errors: FieldErrors): Promise<number | null> {
  if (!code) return null;
  const agency = await findAgencyByCode(ctx, code, null);
  if (!agency) errors.add(field, `No agency has the code "${code}".`);
  return agency?.dbId ?? null;
}

/** Adds a lifecycle event and recomputes the system's current status from its history. */
async function addLifecycle(em: EntityManager, systemId: number, lifecycle: LifecycleStatusInput, errors: FieldErrors): Promise<void> {
  const evidenceId = await writeEvidence(em, lifecycle.evidence, 'lifecycle.evidence', errors);
  errors.throwIfAny();
  await execute(em, `insert into system_lifecycle_event (system_id, status, occurred_on, evidence_id) values (?, ?, ?, ?)
    on conflict (system_id, occurred_on, status, role) do nothing`, [systemId, lifecycle.status, lifecycle.date, evidenceId]);
  await refreshCurrentStatus((sql, params) => execute(em, sql, params), 'information_system', [systemId]);
}

export async function createInformationSystem(ctx: RequestContext, input: CreateInformationSystemInput): Promise<InformationSystem> {
  const errors = new FieldErrors();
  if (!CODE.test(input.code)) errors.add('code', 'The code must be 2-50 capital letters, digits or hyphens, e.g. "LGSP-48".');
  checkText(errors, 'name', input.name, 300, true);
  checkText(errors, 'nameEn', input.nameEn, 300);
  checkText(errors, 'description', input.description, 4000);
  checkLifecycle(ctx, input.lifecycle, errors);
  const ownerId = await agencyId(ctx, input.ownerCode, 'ownerCode', errors);
  const operatorId = await agencyId(ctx, input.operatorCode, 'operatorCode', errors);
  if (CODE.test(input.code) && (await execute(ctx.em, 'select 1 from information_system where code = ?', [input.code])).length) {
    errors.add('code', `A system with the code "${input.code}" exists already; change it with updateInformationSystem.`);
  }
  errors.throwIfAny();
  await requireScope(ctx, [ownerId], `an agency "${input.ownerCode}" system`);
  const id = await ctx.em.transactional(async (em) => {
    const [row] = await execute(em, `insert into information_system (code, kind, name, name_en, description, owner_id, operator_id, search_text)
      values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
    [input.code, input.kind, input.name.trim(), input.nameEn ?? null, input.description ?? null, ownerId, operatorId, searchText(input.code, input.name, input.nameEn)]);
    const systemId = Number(row.id);
    if (input.lifecycle) await addLifecycle(em, systemId, input.lifecycle, errors);
    const [after] = await execute(em, 'select * from information_system where id = ?', [systemId]);
    await audit(em, ctx, { action: 'system.create', entityType: 'InformationSystem', entityId: systemId, entityKey: input.code, changes: diff(null, after, TRACKED) });
    return systemId;
  });
  return ctx.em.findOneOrFail(InformationSystem, { dbId: id }, { refresh: true });
}

export async function updateInformationSystem(ctx: RequestContext, input: UpdateInformationSystemInput): Promise<InformationSystem> {
  const errors = new FieldErrors();
  checkText(errors, 'name', input.name, 300);
  checkText(errors, 'nameEn', input.nameEn, 300);
  checkText(errors, 'description', input.description, 4000);
  checkLifecycle(ctx, input.lifecycle, errors);
  const operatorId = await agencyId(ctx, input.operatorCode, 'operatorCode', errors);
  const [current] = await execute(ctx.em, 'select * from information_system where code = ?', [input.code]);
  if (!current) throw new NotFoundError(`No information system has the code "${input.code}".`);
  errors.throwIfAny();
  await requireScope(ctx, [Number(current.owner_id)], `the system ${input.code}`);
  await ctx.em.transactional(async (em) => {
    const name = input.name ?? current.name;
    const nameEn = input.nameEn !== undefined && input.nameEn !== null ? input.nameEn : current.name_en;
    const updated = await execute(em, `update information_system set name = ?, name_en = ?, description = ?, kind = ?, operator_id = ?,
        search_text = ?, version = version + 1
      where id = ? and version = ? returning id`,
    [name, nameEn, input.description ?? current.description, input.kind ?? current.kind, operatorId ?? current.operator_id,
      searchText(input.code, String(name), nameEn as string | null), current.id, input.version]);
    if (!updated.length) {
      const [now] = await execute(em, 'select version from information_system where id = ?', [current.id]);
      throw new ConflictError(`The system ${input.code}`, input.version, Number(now.version));
    }
    if (input.lifecycle) await addLifecycle(em, Number(current.id), input.lifecycle, errors);
    const [after] = await execute(em, 'select * from information_system where id = ?', [current.id]);
    await audit(em, ctx, { action: 'system.update', entityType: 'InformationSystem', entityId: Number(current.id), entityKey: input.code, changes: diff(current, after, TRACKED) });
  });
  return ctx.em.findOneOrFail(InformationSystem, { dbId: Number(current.id) }, { refresh: true });
}
