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
  if (input.date > ctx.today) errors.add('date', `The date ${input.date} is in the future; record a status once it has happened.`);
  if (input.reason && input.reason.length > 1000) errors.add('reason', 'The reason must be at most 1,000 characters.');
  if (input.consumerCode === input.providerCode) errors.add('providerCode', 'A connection joins two different systems.');
  checkEvidence(input.evidence, 'evidence', errors);
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
  errors.throwIfAny();
  const key = `${input.consumerCode}>${input.providerCode}${input.viaCode ? `@${input.viaCode}` : ''}`;
  // A connection belongs to the owners of its two ends; the ends make its key, so they are the same before and after.
  const owners = [consumer!.owner.dbId, provider!.owner.dbId];
  const stored = await connectionIdByKey(ctx.em, key);
  await requireWriteAccess(ctx, { before: stored !== null ? owners : null, after: owners }, `the connection ${key}`);

  const { result, answer: connection } = await commitWrite(
    ctx,
    async (em) => {
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
            consumerId: consumer!.dbId,
            providerId: provider!.dbId,
            viaId: via?.dbId ?? null,
            status: input.status,
            since: input.date,
          });
      const event = { status: input.status, date: input.date, evidenceId, reason: input.reason ?? null };
      if (!(await insertConnectionEvent(em, id, event))) return { id, changed: false };
      const after = await bumpConnectionVersion(em, id, before ? 1 : 0);
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
      if (!before || before.status !== after.status || before.status_since !== after.status_since) {
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
      return { id, changed: true };
    },
    (em, written) => savedEntity(em, Connection, written.id, written.changed),
  );
  return { connection, changed: result.changed };
}
