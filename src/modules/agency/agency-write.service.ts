import { execute } from '../../db/sql.js';
import type { RequestContext } from '../../graphql/context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../graphql/errors.js';
import { FieldErrors } from '../../graphql/field-errors.js';
import { fromGlobalId } from '../../graphql/node.js';
import { asciiName, searchText } from '../../seed/fold.js';
import { audit, diff } from '../audit/audit.service.js';
import { requireAdmin, requireScope } from '../auth/authorize.js';
import { Agency } from './agency.entity.js';
import type { CreateAgencyInput, UpdateAgencyInput } from './agency-write.inputs.js';
import { findAgencyByCode } from './agency.service.js';

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
  const clash = await execute(ctx.em, `select 1 from agency where code = ? and coalesce(valid_from, date '0001-01-01') = coalesce(?::date, date '0001-01-01')`,
    [input.code, input.validFrom ?? null]);
  if (clash.length) errors.add('code', `An agency with the code "${input.code}" and the same validFrom exists already.`);
  errors.throwIfAny();
  const id = await ctx.em.transactional(async (em) => {
    const [row] = await execute(em, `insert into agency (code, kind, name, full_name, name_ascii, name_en, parent_id, valid_from, search_text)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
    [input.code, input.kind, input.name.trim(), input.fullName ?? null, asciiName(input.name), input.nameEn ?? null, parent?.dbId ?? null,
      input.validFrom ?? null, searchText(input.code, input.name, input.fullName, input.nameEn)]);
    await audit(em, ctx, { action: 'agency.create', entityType: 'Agency', entityId: Number(row.id), entityKey: input.code, changes: diff(null, row, TRACKED) });
    return Number(row.id);
  });
  return ctx.em.findOneOrFail(Agency, { dbId: id }, { refresh: true });
}

/** Renames an agency; admins, or editors whose scope holds it. */
export async function updateAgency(ctx: RequestContext, input: UpdateAgencyInput): Promise<Agency> {
  const decoded = fromGlobalId(input.id);
  if (!decoded || decoded.type !== 'Agency') throw new BadUserInputError(`"${input.id}" is not the id of an agency.`, 'id');
  const [current] = await execute(ctx.em, 'select * from agency where id = ?', [decoded.id]);
  if (!current) throw new NotFoundError(`No agency has the id "${input.id}".`);
  const errors = new FieldErrors();
  for (const field of ['name', 'fullName', 'nameEn'] as const) {
    const value = input[field];
    if (value != null && (!value.trim() || value.length > 300)) errors.add(field, `"${field}" must be 1-300 characters.`);
  }
  errors.throwIfAny();
  await requireScope(ctx, [decoded.id], `the agency ${current.code}`);
  await ctx.em.transactional(async (em) => {
    const name = input.name ?? String(current.name);
    const fullName = input.fullName ?? current.full_name;
    const nameEn = input.nameEn ?? current.name_en;
    const updated = await execute(em, `update agency set name = ?, full_name = ?, name_en = ?, name_ascii = ?, search_text = ?, version = version + 1
      where id = ? and version = ? returning *`,
    [name, fullName, nameEn, asciiName(name), searchText(String(current.code), name, fullName as string, nameEn as string), decoded.id, input.version]);
    if (!updated.length) throw new ConflictError(`The agency ${current.code}`, input.version, Number(current.version));
    await audit(em, ctx, { action: 'agency.update', entityType: 'Agency', entityId: decoded.id, entityKey: String(current.code), changes: diff(current, updated[0], TRACKED) });
  });
  return ctx.em.findOneOrFail(Agency, { dbId: decoded.id }, { refresh: true });
}
