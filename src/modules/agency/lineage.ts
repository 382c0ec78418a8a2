/**
 * SQL selecting (root, agency_id) for each root agency id (`?`, a list) and every unit it succeeded, directly or
 * through a chain (a 2025 province and the pre-2025 provinces merged into it). UNION keeps each pair once, so a
 * figure of a predecessor is counted once per root however many paths lead to it.
 */
export const LINEAGE = `with recursive lineage(root, agency_id) as (
    select a, a from unnest(array[?]::int[]) a
    union
    select l.root, s.predecessor_id from lineage l join agency_succession s on s.successor_id = l.agency_id
  )`;

/** Agency ids matching a code (any period), extended to their predecessors: for `t.agency_id in (...)`. */
export const CODE_WITH_PREDECESSORS = `(with recursive lineage(agency_id) as (
    select a.id from agency a where a.code in (?)
    union
    select s.predecessor_id from lineage l join agency_succession s on s.successor_id = l.agency_id
  ) select agency_id from lineage)`;
