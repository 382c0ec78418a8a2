import type { EntityManager } from '@mikro-orm/postgresql';
import { execute, rowsOf, sql } from '../../db/sql.js';

/** The owner history of systems (table system_owner_period): one period per owner, the open one today's. */

/**
 * Owner periods in step with the systems' owners after a bulk load: a system without one gets an open period from the
 * start; an undated open period (the seed states owners without dates) takes the owner the load wrote. Dated moves
 * made through the API are left as they are.
 */
export async function syncOwnerPeriods(em: EntityManager): Promise<void> {
  await execute(
    em,
    sql`insert into system_owner_period (system_id, owner_id)
    select s.id, s.owner_id from information_system s where not exists (select 1 from system_owner_period p where p.system_id = s.id)`,
  );
  await execute(
    em,
    sql`update system_owner_period p set owner_id = s.owner_id from information_system s
    where p.system_id = s.id and p.valid_to is null and p.valid_from is null and p.owner_id <> s.owner_id`,
  );
}

/** Opens the first owner period of a system just created. */
export async function openOwnerPeriod(em: EntityManager, systemId: number, ownerId: number): Promise<void> {
  await execute(em, sql`insert into system_owner_period (system_id, owner_id) values (${systemId}, ${ownerId})`);
}

/** A dated owner of a system as stored. */
export interface OwnerPeriodRow {
  id: number;
  system_id: number;
  owner_id: number;
  valid_from: string | null;
  valid_to: string | null;
  evidence_id: number | null;
}

/** The owner periods of each system, oldest first. */
export function ownerPeriodRows(em: EntityManager, systemIds: readonly number[]): Promise<OwnerPeriodRow[]> {
  return rowsOf<OwnerPeriodRow>(
    em,
    sql`select * from system_owner_period where system_id in (${[...systemIds]}) order by system_id, valid_from nulls first, id`,
  );
}

/** The open owner period of a system, locked; a system written without one (by hand) gets it: its owner from the start. */
async function openOwnerPeriodOf(em: EntityManager, systemId: number): Promise<OwnerPeriodRow> {
  const [open] = await rowsOf<OwnerPeriodRow>(
    em,
    sql`select * from system_owner_period where system_id = ${systemId} and valid_to is null for update`,
  );
  if (open) return open;
  const [made] = await rowsOf<OwnerPeriodRow>(
    em,
    sql`insert into system_owner_period (system_id, owner_id) select id, owner_id from information_system where id = ${systemId} returning *`,
  );
  return made;
}

/**
 * Moves a system to a new owner from `since`: the open period ends the day before, a new one opens. A second move on
 * the day the open period began corrects that period instead (and moving back to the owner before it reopens that
 * owner's period, as if the first move had not happened). Returns false (nothing written) when `since` is before the
 * open period's start.
 */
export async function moveOwner(em: EntityManager, systemId: number, ownerId: number, since: string, evidenceId: number | null): Promise<boolean> {
  const open = await openOwnerPeriodOf(em, systemId);
  if (open.valid_from !== null && open.valid_from > since) return false;
  if (open.valid_from === since) {
    const [previous] = await rowsOf<OwnerPeriodRow>(
      em,
      sql`select * from system_owner_period where system_id = ${systemId} and valid_to = ${since}::date - 1 and owner_id = ${ownerId}`,
    );
    if (previous) {
      await execute(em, sql`delete from system_owner_period where id = ${open.id}`);
      await execute(em, sql`update system_owner_period set valid_to = null where id = ${previous.id}`);
    } else {
      await execute(
        em,
        sql`update system_owner_period set owner_id = ${ownerId}, evidence_id = coalesce(${evidenceId}, evidence_id) where id = ${open.id}`,
      );
    }
    return true;
  }
  await execute(em, sql`update system_owner_period set valid_to = ${since}::date - 1 where id = ${open.id}`);
  await execute(
    em,
    sql`insert into system_owner_period (system_id, owner_id, valid_from, evidence_id) values (${systemId}, ${ownerId}, ${since}, ${evidenceId})`,
  );
  return true;
}

/** The start of a system's open owner period (null: from the start). */
export async function currentOwnerSince(em: EntityManager, systemId: number): Promise<string | null> {
  const [row] = await rowsOf<{ valid_from: string | null }>(
    em,
    sql`select valid_from from system_owner_period where system_id = ${systemId} and valid_to is null`,
  );
  return row?.valid_from ?? null;
}

/** Who owned which system on `on`: the owner periods covering the date, as a subquery (system_id, owner_id). */
export const ownersOn = (on: string) => sql`(select system_id, owner_id from system_owner_period
  where (valid_from is null or valid_from <= ${on}) and (valid_to is null or valid_to >= ${on}))`;
