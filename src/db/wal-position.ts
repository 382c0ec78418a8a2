/** WAL positions (LSNs) and how far behind the primary a replica's replay is, in time. Pure: no database here. */

/** `16/B374D848` as a number of bytes. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: "${text}"`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** Readings kept: enough to measure lags of a few minutes at one check a second. */
const MAX_READINGS = 600;

/** The primary's WAL position at each health check, oldest first. */
export class PrimaryHistory {
  readonly readings: { at: number; lsn: bigint }[] = [];

  add(lsn: bigint, at = Date.now()): void {
    this.readings.push({ at, lsn });
    if (this.readings.length > MAX_READINGS) this.readings.shift();
  }
}

/**
 * How long ago the primary first held WAL that the replica has not replayed: 0 when it has replayed everything the
 * primary had at its latest reading; else the age of the oldest reading beyond its replay position (a lower bound,
 * within one check interval). Null when nothing is known yet. An idle primary does not make an idle replica lag.
 */
export function lagMs(history: PrimaryHistory, replayLsn: bigint, now = Date.now()): number | null {
  const { readings } = history;
  if (!readings.length) return null;
  if (replayLsn >= readings[readings.length - 1].lsn) return 0;
  let firstMissed = readings.length - 1;
  while (firstMissed > 0 && readings[firstMissed - 1].lsn > replayLsn) firstMissed--;
  return Math.max(0, now - readings[firstMissed].at);
}
