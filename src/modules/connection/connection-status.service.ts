import { commitWrite, savedEntity } from '../../db/commit.js';
import { refreshCurrentStatus } from '../../db/current-status.js';
import { execute, type Row } from '../../db/sql.js';
import type { RequestContext } from '../../api/context.js';
import { ConflictError } from '../../errors.js';
import { FieldErrors } from '../../field-errors.js';
import { audit, diff } from '../audit/audit.writer.js';
import { requireWriteAccess, requireWriter } from '../auth/authorize.js';
import { checkEvidence, writeEvidence } from '../evidence/evidence.writer.js';
import type { SetConnectionStatusInput } from './connection-status.inputs.js';
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
export async function setConnectionStatus(ctx: RequestContext, input: SetConnectionStatusInput): Promise<{ connection: Connection; changed: boolean }> {
  requireWriter(ctx);
  const errors = new FieldErrors();
  if (input.date > ctx.today) errors.add('date', `The date ${input.date} is in the future; record a status once it has happened.`);
  if (input.reason && input.reason.length > 1000) errors.add('reason', 'The reason must be at most 1,000 characters.');
  if (input.consumerCode === input.providerCode) errors.add('providerCode', 'A connection joins two different systems.');
  checkEvidence(input.evidence, 'evidence', errors);
  const codes = [input.consumerCode, input.providerCode, input.viaCode].filter((c): c is string => !!c);
  const systems = await execute(ctx.em, 'select id, code, owner_id from information_system where code in (?)', [codes]);
  const system = (code: string | null | undefined, field: string): Row | null => {
    if (!code) return null;
    const found = systems.find((s) => s.code === code);
    if (!found) errors.add(field, `No information system has the code "${code}".`);
    return found ?? null;
  };
  const consumer = system(input.consumerCode, 'consumerCode');
  const provider = system(input.providerCode, 'providerCode');
  const via = system(input.viaCode, 'viaCode');
  errors.throwIfAny();
  const key = `${input.consumerCode}>${input.providerCode}${input.viaCode ? `@${input.viaCode}` : ''}`;
  // A connection belongs to the owners of its two ends; the ends make its key, so they are the same before and after.
  const owners = [Number(consumer!.owner_id), Number(provider!.owner_id)];
  const [stored] = await execute(ctx.em, 'select id from connection where key = ?', [key]);
  await requireWriteAccess(ctx, { before: stored ? owners : null, after: owners }, `the connection ${key}`);

  const { result, answer: connection } = await commitWrite(ctx, async (em) => {
    const [before] = await execute(em, 'select * from connection where key = ? for update', [key]);
    if (before && input.expectedVersion != null && Number(before.version) !== input.expectedVersion) {
      throw new ConflictError(`The connection ${key}`, input.expectedVersion, Number(before.version));
    }
    const evidenceId = await writeEvidence(em, input.evidence, 'evidence', errors);
    errors.throwIfAny();
    const id = before ? Number(before.id) : Number((await execute(em, `insert into connection (key, consumer_id, provider_id, via_id, status, status_since)
      values (?, ?, ?, ?, ?, ?) returning id`, [key, consumer!.id, provider!.id, via?.id ?? null, input.status, input.date]))[0].id);
    const inserted = await execute(em, `insert into connection_event (connection_id, status, occurred_on, evidence_id, reason) values (?, ?, ?, ?, ?)
      on conflict (connection_id, occurred_on, status, role) do nothing returning id`, [id, input.status, input.date, evidenceId, input.reason ?? null]);
    if (!inserted.length) return { id, changed: false };
    await refreshCurrentStatus((sql, params) => execute(em, sql, params), 'connection', [id]);
    const [after] = await execute(em, 'update connection set version = version + ? where id = ? returning *', [before ? 1 : 0, id]);
    await audit(em, ctx, {
      action: before ? 'connection.status' : 'connection.create', entityType: 'Connection', entityId: id, entityKey: key,
      changes: { ...diff(before ?? null, after, TRACKED), event: { from: null, to: { status: input.status, date: input.date, reason: input.reason ?? null } } },
    });
    if (!before || before.status !== after.status || before.status_since !== after.status_since) {
      const change: StatusChange = {
        connectionId: id, key, consumerCode: input.consumerCode, providerCode: input.providerCode,
        status: String(after.status), statusSince: String(after.status_since), previousStatus: before ? String(before.status) : null,
      };
      await execute(em, 'select pg_notify(?, ?)', [STATUS_CHANNEL, JSON.stringify(change)]);
    }
    return { id, changed: true };
  }, (em, written) => savedEntity(em, Connection, written.id, written.changed));
  return { connection, changed: result.changed };
}
