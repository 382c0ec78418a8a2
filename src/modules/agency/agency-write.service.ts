import { commitWrite, savedEntity } from '../../db/commit.js';
import type { RequestContext } from '../../api/context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { fromGlobalId } from '../../graphql/node.js';
import { asciiName } from '../../text/fold.js';
import { audit, diff } from '../audit/audit.writer.js';
import { keep, refuseClearing } from '../audit/omitted-keeps.js';
import { requireAdmin, requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { agencySearchText } from '../../text/search-text.js';
import { Agency } from './agency.entity.js';
import type { CreateAgencyInput, UpdateAgencyInput } from './agency-write.inputs.js';
import { findAgencyByCode } from './agency.service.js';
import { agencyPeriodExists, agencyRowById, insertAgency, renameAgency } from './agency.queries.js';
import { refreshFigureSearchText } from '../observation/observation.queries.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const TRACKED = ['code', 'kind', 'name', 'full_name', 'name_ascii', 'name_en', 'parent_id', 'valid_from'];

/** Creates an agency; admins only (agencies define editors' scopes). */
export async function createAgency(ctx: RequestContext, input: CreateAgencyInput): Promise<Agency> {
  requireAdmin(ctx, 'create agencies');
  const errors = new FieldErrors();
  if (!CODE.test(input.code)) errors.add('code', 'The code must be 1-40 letters, digits or hyphens.');
  if (!input.name.trim() || input.name.length > 300) errors.add('name', 'The name must be 1-300 characters.');
  const parent = input.parentCode ? await findAgencyByCode(ctx, input.parentCode, input.validFrom ?? null) : null;
  if (input.parentCode && !parent) errors.add('parentCode', `No agency has the code "${input.parentCode}".`);
  if (await agencyPeriodExists(ctx.em, input.code, input.validFrom ?? null))
    errors.add('code', `An agency with the code "${input.code}" and the same validFrom exists already.`);
  errors.throwIfAny();
  const { answer: created } = await commitWrite(
    ctx,
    async (em) => {
      const agency = {
        code: input.code,
        name: input.name.trim(),
        full_name: input.fullName ?? null,
        name_ascii: asciiName(input.name),
        name_en: input.nameEn ?? null,
      };
      const row = await insertAgency(em, {
        ...agency,
        kind: input.kind,
        parent_id: parent?.dbId ?? null,
        valid_from: input.validFrom ?? null,
        search_text: agencySearchText(agency),
      });
      await audit(em, ctx, {
        action: 'agency.create',
        entityType: 'Agency',
        entityId: Number(row.id),
        entityKey: input.code,
        changes: diff(null, row, TRACKED),
      });
      return Number(row.id);
    },
    (em, id) => savedEntity(em, Agency, id),
  );
  return created;
}

/** Renames an agency; admins, or editors whose scope holds it. */
export async function updateAgency(ctx: RequestContext, input: UpdateAgencyInput): Promise<Agency> {
  requireWriter(ctx);
  const decoded = fromGlobalId(input.id);
  if (!decoded || decoded.type !== 'Agency') throw new BadUserInputError(`"${input.id}" is not the id of an agency.`, 'id');
  const current = await agencyRowById(ctx.em, decoded.id);
  if (!current) throw new NotFoundError(`No agency has the id "${input.id}".`);
  const errors = new FieldErrors();
  for (const field of ['name', 'fullName', 'nameEn'] as const) {
    const value = input[field];
    if (value != null && (!value.trim() || value.length > 300)) errors.add(field, `"${field}" must be 1-300 characters.`);
  }
  refuseClearing(errors, input, ['name']);
  errors.throwIfAny();
  // An agency belongs to itself and cannot move (UpdateAgencyInput has no parent): the same owner before and after.
  await requireWriteAccess(ctx, { before: [decoded.id], after: [decoded.id] }, `the agency ${current.code}`);
  const name = String(keep(input.name, current.name));
  // The ASCII name (from the reference data for provinces) is derived again only when the name changes.
  const next = {
    ...current,
    code: String(current.code),
    name,
    full_name: keep(input.fullName, current.full_name) as string | null,
    name_en: keep(input.nameEn, current.name_en) as string | null,
    name_ascii: name === current.name ? (current.name_ascii as string) : asciiName(name),
    aliases: current.aliases as string[],
  };
  const changes = diff(current, next, TRACKED);
  // Nothing new: no write, no version bump, no audit record (whatever version the caller based it on).
  if (Object.keys(changes).length) {
    return (
      await commitWrite(
        ctx,
        async (em) => {
          const renamed = await renameAgency(em, decoded.id, input.version, { ...next, search_text: agencySearchText(next) });
          if (!renamed) throw new ConflictError(`The agency ${current.code}`, input.version, Number(current.version));
          // Figures about the agency are found by its name.
          if (changes.name) await refreshFigureSearchText(em, { agencyId: decoded.id });
          await audit(em, ctx, { action: 'agency.update', entityType: 'Agency', entityId: decoded.id, entityKey: String(current.code), changes });
        },
        (em) => savedEntity(em, Agency, decoded.id),
      )
    ).answer;
  }
  return ctx.em.findOneOrFail(Agency, { dbId: decoded.id }, { refresh: true });
}
