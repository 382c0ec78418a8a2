import type { EntityManager } from '@mikro-orm/postgresql';
import { commitWrite, savedEntity } from '../../db/commit.js';
import type { RequestContext } from '../../api/context.js';
import { ConflictError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { audit, diff } from '../audit/audit.writer.js';
import { requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import { findSystemsByCode } from '../system/system.queries.js';
import type { InformationSystem } from '../system/information-system.entity.js';
import type { SetConnectionStatusInput } from './connection-status.inputs.js';
import {
  bumpConnectionVersion,
  connectionIdByKey,
  insertConnection,
  insertConnectionEvent,
  lockConnectionByKey,
  notify,
  type ConnectionRow,
} from './connection.queries.js';
import { Connection } from './connection.entity.js';

/** Channel on which every hub process hears status changes (PostgreSQL LISTEN/NOTIFY). */
export const STATUS_CHANNEL = 'lien_thong_connection_status';

export interface StatusChange {
  connectionId: number;
  key: string;
  consumerCode: string;
  providerCode: string;
  status: string;
  statusSince: string;
  previousStatus: string | null;
}

const TRACKED = ['status', 'status_since', 'via_id'];

/** The systems a status names: consumer and provider always, via when the connection runs through a hub. */
interface Ends {
  consumer: InformationSystem;
  provider: InformationSystem;
  via: InformationSystem | null;
}

/** The checks that need nothing stored. */
function checkStatusFields(ctx: RequestContext, input: SetConnectionStatusInput, errors: FieldErrors): void {
  if (input.date > ctx.today) errors.add('date', `The date ${input.date} is in the future; record a status once it has happened.`);
  if (input.reason && input.reason.length > 1000) errors.add('reason', 'The reason must be at most 1,000 characters.');
  if (input.consumerCode === input.providerCode) errors.add('providerCode', 'A connection joins two different systems.');
  checkEvidence(input.evidence, 'evidence', errors);
}

/** Finds the named systems in one lookup, recording a field error for each code that names none. */
async function findEnds(ctx: RequestContext, input: SetConnectionStatusInput, errors: FieldErrors): Promise<Ends> {
  const codes = [input.consumerCode, input.providerCode, input.viaCode].filter((c): c is string => !!c);
  const systems = await findSystemsByCode(ctx.em, codes);
  const system = (code: string | null | undefined, field: string): InformationSystem | null => {
    if (!code) return null;
    const found = systems.get(code);
    if (!found) errors.add(field, `No information system has the code "${code}".`);
    return found ?? null;
  };
  const consumer = system(input.consumerCode, 'consumerCode');
  const provider = system(input.providerCode, 'providerCode');
  const via = system(input.viaCode, 'viaCode');
  // Callers throw the recorded errors before they use the ends, so both are found by then.
  return { consumer: consumer!, provider: provider!, via };
}

function connectionKey(input: SetConnectionStatusInput): string {
  return `${input.consumerCode}>${input.providerCode}${input.viaCode ? `@${input.viaCode}` : ''}`;
}

/**
 * Records a dated status of a connection (creating the connection if new) in one transaction: the event with its
 * evidence, the current status recomputed from the history, the version bumped, an audit record, and a NOTIFY for
 * live subscribers once it commits. Recording the same event again changes nothing.
 */
export async function setConnectionStatus(
  ctx: RequestContext,
  input: SetConnectionStatusInput,
): Promise<{ connection: Connection; changed: boolean }> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  checkStatusFields(ctx, input, errors);
  const ends = await findEnds(ctx, input, errors);
  errors.throwIfAny();
  const key = connectionKey(input);
  // A connection belongs to the owners of its two ends; the ends make its key, so they are the same before and after.
  const owners = [ends.consumer.owner.dbId, ends.provider.owner.dbId];
  const stored = await connectionIdByKey(ctx.em, key);
  await requireWriteAccess(ctx, { before: stored !== null ? owners : null, after: owners }, `the connection ${key}`);
  const { result, answer: connection } = await commitWrite(
    ctx,
    (em) => recordStatus(em, ctx, input, ends, key, errors),
    (em, written) => savedEntity(em, Connection, written.id, written.changed),
  );
  return { connection, changed: result.changed };
}

/**
 * The transaction of setConnectionStatus: lock the row, check the version, write the evidence and the event (which
 * recomputes the current status), bump the version, audit, notify.
 */
async function recordStatus(
  em: EntityManager,
  ctx: RequestContext,
  input: SetConnectionStatusInput,
  ends: Ends,
  key: string,
  errors: FieldErrors,
): Promise<{ id: number; changed: boolean }> {
  const before = await lockConnectionByKey(em, key);
  if (before && input.expectedVersion != null && Number(before.version) !== input.expectedVersion) {
    throw new ConflictError(`The connection ${key}`, input.expectedVersion, Number(before.version));
  }
  const evidenceId = await writeEvidence(em, input.evidence, 'evidence', errors);
  errors.throwIfAny();
  const id = before
    ? Number(before.id)
    : await insertConnection(em, {
        key,
        consumerId: ends.consumer.dbId,
        providerId: ends.provider.dbId,
        viaId: ends.via?.dbId ?? null,
        status: input.status,
        since: input.date,
      });
  const event = { status: input.status, date: input.date, evidenceId, reason: input.reason ?? null };
  if (!(await insertConnectionEvent(em, id, event))) return { id, changed: false };
  const after = await bumpConnectionVersion(em, id, before ? 1 : 0);
  await auditStatus(em, ctx, input, key, id, before, after);
  await notifyIfStatusMoved(em, input, key, id, before, after);
  return { id, changed: true };
}

async function auditStatus(
  em: EntityManager,
  ctx: RequestContext,
  input: SetConnectionStatusInput,
  key: string,
  id: number,
  before: ConnectionRow | null,
  after: ConnectionRow,
): Promise<void> {
  await audit(em, ctx, {
    action: before ? 'connection.status' : 'connection.create',
    entityType: 'Connection',
    entityId: id,
    entityKey: key,
    changes: {
      ...diff(before ?? null, after, TRACKED),
      event: { from: null, to: { status: input.status, date: input.date, reason: input.reason ?? null } },
    },
  });
}

/** Subscribers hear of a new connection or a moved current status; a back-dated event that moves neither is silent. */
async function notifyIfStatusMoved(
  em: EntityManager,
  input: SetConnectionStatusInput,
  key: string,
  id: number,
  before: ConnectionRow | null,
  after: ConnectionRow,
): Promise<void> {
  if (before && before.status === after.status && before.status_since === after.status_since) return;
  const change: StatusChange = {
    connectionId: id,
    key,
    consumerCode: input.consumerCode,
    providerCode: input.providerCode,
    status: String(after.status),
    statusSince: String(after.status_since),
    previousStatus: before ? String(before.status) : null,
  };
  await notify(em, STATUS_CHANNEL, JSON.stringify(change));
}
