import type { Exec } from '../db/current-status.js';

/** Key -> id of the rows just upserted, read back with `sql` (which selects `id` and a key `k`): later tables refer to them. */
export async function idMap(exec: Exec, sql: string): Promise<Map<string, number>> {
  const rows = await exec(sql);
  return new Map(rows.map((r) => [String(r.k), Number(r.id)]));
}
