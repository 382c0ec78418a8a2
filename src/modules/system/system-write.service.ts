import type { EntityManager } from '@mikro-orm/postgresql';
import { commitWrite, savedEntity } from '../../db/commit.js';
import type { RequestContext } from '../../api/context.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { findAgencyByCode } from '../agency/agency.service.js';
import { audit, diff } from '../audit/audit.writer.js';
import { keep, refuseClearing } from '../audit/omitted-keeps.js';
import { requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { refreshFigureSearchText } from '../observation/observation.queries.js';
import { systemSearchText } from '../../text/search-text.js';
import { InformationSystem } from './information-system.entity.js';
import { currentOwnerSince, moveOwner, openOwnerPeriod } from './system-owner.queries.js';
import { findSystemByCode, insertLifecycleEvent, insertSystem, systemRowById, systemRowOf, systemVersion, updateSystem } from './system.queries.js';
import type { CreateInformationSystemInput, LifecycleStatusInput, UpdateInformationSystemInput } from './system-write.inputs.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,49}$/;
const TRACKED = ['code', 'kind', 'name', 'name_en', 'description', 'owner_id', 'operator_id', 'status', 'status_since'];
/** The columns an update sets; the status follows from the lifecycle history. */
const EDITABLE = ['kind', 'name', 'name_en', 'description', 'owner_id', 'operator_id'];

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

/** Adds a lifecycle event and recomputes the system's current status from its history; false if it was recorded already. */
async function addLifecycle(em: EntityManager, systemId: number, lifecycle: LifecycleStatusInput, errors: FieldErrors): Promise<boolean> {
  const evidenceId = await writeEvidence(em, lifecycle.evidence, 'lifecycle.evidence', errors);
  errors.throwIfAny();
  return insertLifecycleEvent(em, systemId, { status: lifecycle.status, date: lifecycle.date, evidenceId });
}

/** ownerSince and ownerEvidence go with a move, never alone; a move is not dated in the future. */
function checkMove(ctx: RequestContext, input: UpdateInformationSystemInput, moves: boolean, errors: FieldErrors): void {
  for (const field of ['ownerSince', 'ownerEvidence'] as const) {
    if (input[field] != null && !moves) errors.add(field, `"${field}" goes with a new "ownerCode" (a move of the system); leave it out otherwise.`);
  }
  if (input.ownerSince && input.ownerSince > ctx.today) errors.add('ownerSince', `The date ${input.ownerSince} is in the future.`);
  if (input.ownerEvidence) checkEvidence(input.ownerEvidence, 'ownerEvidence', errors);
}

/** The move in the owner history: the old owner's period ends the day before `ownerSince` (default today). */
async function recordMove(
  ctx: RequestContext,
  em: EntityManager,
  systemId: number,
  ownerId: number,
  input: UpdateInformationSystemInput,
  errors: FieldErrors,
) {
  const since = input.ownerSince ?? ctx.today;
  const evidenceId = input.ownerEvidence ? await writeEvidence(em, input.ownerEvidence, 'ownerEvidence', errors) : null;
  errors.throwIfAny();
  if (!(await moveOwner(em, systemId, ownerId, since, evidenceId))) {
    const from = await currentOwnerSince(em, systemId);
    errors.add('ownerSince', `The current owner has held the system since ${from}: a move must be dated after that.`);
    errors.throwIfAny();
  }
}

export async function createInformationSystem(ctx: RequestContext, input: CreateInformationSystemInput): Promise<InformationSystem> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  if (!CODE.test(input.code)) errors.add('code', 'The code must be 2-50 capital letters, digits or hyphens, e.g. "LGSP-48".');
  checkText(errors, 'name', input.name, 300, true);
  checkText(errors, 'nameEn', input.nameEn, 300);
  checkText(errors, 'description', input.description, 4000);
  checkLifecycle(ctx, input.lifecycle, errors);
  const ownerId = await agencyId(ctx, input.ownerCode, 'ownerCode', errors);
  const operatorId = await agencyId(ctx, input.operatorCode, 'operatorCode', errors);
  if (CODE.test(input.code) && (await findSystemByCode(ctx.em, input.code))) {
    errors.add('code', `A system with the code "${input.code}" exists already; change it with updateInformationSystem.`);
  }
  errors.throwIfAny();
  await requireWriteAccess(ctx, { before: null, after: [ownerId] }, `the new system ${input.code}`);
  const { answer: created } = await commitWrite(
    ctx,
    async (em) => {
      const system = { code: input.code, name: input.name.trim(), name_en: input.nameEn ?? null };
      const systemId = await insertSystem(em, {
        ...system,
        kind: input.kind,
        description: input.description ?? null,
        owner_id: ownerId!,
        operator_id: operatorId,
        search_text: systemSearchText(system),
      });
      await openOwnerPeriod(em, systemId, ownerId!);
      if (input.lifecycle) await addLifecycle(em, systemId, input.lifecycle, errors);
      const after = await systemRowById(em, systemId);
      await audit(em, ctx, {
        action: 'system.create',
        entityType: 'InformationSystem',
        entityId: systemId,
        entityKey: input.code,
        changes: diff(null, after, TRACKED),
      });
      return systemId;
    },
    (em, id) => savedEntity(em, InformationSystem, id),
  );
  return created;
}

/**
 * Changes a system: fields left out keep their stored values, an explicit null clears one (nameEn, description,
 * operatorCode). A change that changes nothing writes nothing: no version bump, no audit record.
 */
export async function updateInformationSystem(
  ctx: RequestContext,
  input: UpdateInformationSystemInput,
): Promise<{ system: InformationSystem; changed: boolean }> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  checkText(errors, 'name', input.name, 300);
  checkText(errors, 'nameEn', input.nameEn, 300);
  checkText(errors, 'description', input.description, 4000);
  checkLifecycle(ctx, input.lifecycle, errors);
  refuseClearing(errors, input, ['name', 'kind']);
  const operatorId = await agencyId(ctx, input.operatorCode, 'operatorCode', errors);
  refuseClearing(errors, input, ['ownerCode']); // every system has an owner: move it, never clear it
  const newOwnerId = await agencyId(ctx, input.ownerCode, 'ownerCode', errors);
  const found = await findSystemByCode(ctx.em, input.code);
  if (!found) throw new NotFoundError(`No information system has the code "${input.code}".`);
  errors.throwIfAny();
  const current = systemRowOf(found);
  const ownerId = newOwnerId ?? Number(current.owner_id);
  await requireWriteAccess(ctx, { before: [Number(current.owner_id)], after: [ownerId] }, `the system ${input.code}`);
  const next = {
    code: String(current.code),
    name: String(keep(input.name, current.name)),
    name_en: keep(input.nameEn, current.name_en) as string | null,
    description: keep(input.description, current.description),
    kind: keep(input.kind, current.kind) as string,
    operator_id: input.operatorCode === undefined ? current.operator_id : operatorId,
    owner_id: ownerId,
  };
  const changes = diff(current, next, EDITABLE);
  checkMove(ctx, input, !!changes.owner_id, errors);
  errors.throwIfAny();
  const { result: changed, answer: system } = await commitWrite(
    ctx,
    async (em) => {
      const lifecycleAdded = input.lifecycle ? await addLifecycle(em, Number(current.id), input.lifecycle, errors) : false;
      if (!Object.keys(changes).length && !lifecycleAdded) return false;
      if (changes.owner_id) await recordMove(ctx, em, Number(current.id), ownerId, input, errors);
      if (!(await updateSystem(em, current.id, input.version, { ...next, search_text: systemSearchText(next) }))) {
        throw new ConflictError(`The system ${input.code}`, input.version, await systemVersion(em, current.id));
      }
      // Figures about the system are found by its name.
      if (changes.name) await refreshFigureSearchText(em, { systemId: current.id });
      const after = await systemRowById(em, current.id);
      await audit(em, ctx, {
        action: 'system.update',
        entityType: 'InformationSystem',
        entityId: Number(current.id),
        entityKey: input.code,
        changes: diff(current, after, TRACKED),
      });
      return true;
    },
    (em, changed) => savedEntity(em, InformationSystem, Number(current.id), changed),
  );
  return { system, changed };
}
