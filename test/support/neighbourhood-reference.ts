/**
 * An independent neighbourhood, for tests: the connections and systems read as plain rows from the database, then a
 * breadth-first search in memory with a distance per system. It shares no code or SQL with the hub's walk
 * (src/modules/connection/traversal.*), only the rules the schema states: the fewest hops to each system, statuses
 * on `asOf` (the connection's own row today, else its latest ACTUAL event on or before the date, the highest id among
 * events of one day), the lowest ids kept per distance, edges between kept systems, and the budget of systems reached.
 */

type Exec = (sql: string) => Promise<Record<string, unknown>[]>;

interface Edge {
  id: number;
  key: string;
  consumer: number;
  provider: number;
  status: string;
  since: string;
  /** ACTUAL events, oldest first (by day, then id). */
  events: { status: string; on: string }[];
}

export interface Graph {
  edges: Edge[];
  byConsumer: Map<number, Edge[]>;
  byProvider: Map<number, Edge[]>;
  kindOf: Map<number, string>;
  codeOf: Map<number, string>;
  idOf: Map<string, number>;
}

const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

export async function readGraph(exec: Exec): Promise<Graph> {
  // to_char: a date as text, whatever the driver's time zone makes of a Date.
  const systems = await exec(`select id, code, kind from information_system`);
  const edgeRows = await exec(`select id, key, consumer_id, provider_id, status, to_char(status_since, 'YYYY-MM-DD') as since from connection`);
  const eventRows = await exec(
    `select connection_id, status, to_char(occurred_on, 'YYYY-MM-DD') as day, id from connection_event where role = 'ACTUAL'`,
  );
  const graph: Graph = { edges: [], byConsumer: new Map(), byProvider: new Map(), kindOf: new Map(), codeOf: new Map(), idOf: new Map() };
  for (const s of systems) {
    graph.kindOf.set(Number(s.id), String(s.kind));
    graph.codeOf.set(Number(s.id), String(s.code));
    graph.idOf.set(String(s.code), Number(s.id));
  }
  const byId = new Map<number, Edge>();
  for (const r of edgeRows) {
    const edge = { id: Number(r.id), key: String(r.key), consumer: Number(r.consumer_id), provider: Number(r.provider_id) };
    byId.set(edge.id, { ...edge, status: String(r.status), since: day(r.since), events: [] });
  }
  eventRows.sort((a, b) => (day(a.day) < day(b.day) ? -1 : day(a.day) > day(b.day) ? 1 : Number(a.id) - Number(b.id)));
  for (const e of eventRows) byId.get(Number(e.connection_id))?.events.push({ status: String(e.status), on: day(e.day) });
  for (const edge of byId.values()) {
    graph.edges.push(edge);
    for (const [map, end] of [
      [graph.byConsumer, edge.consumer],
      [graph.byProvider, edge.provider],
    ] as const)
      map.set(end, [...(map.get(end) ?? []), edge]);
  }
  graph.edges.sort((a, b) => a.id - b.id);
  return graph;
}

export interface Ask {
  depth: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
  statuses: string[] | null;
  kinds: string[] | null;
  limit: number;
  /** null: today (the connection rows' own statuses). */
  asOf: string | null;
  budget: number;
}

/** A connection's status on the date, or null when it had none yet (or is filtered out by `statuses`). */
function statusOn(edge: Edge, ask: Ask): { status: string; since: string } | null {
  let found: { status: string; since: string } | null = ask.asOf === null ? { status: edge.status, since: edge.since } : null;
  if (ask.asOf !== null) for (const e of edge.events) if (e.on <= ask.asOf) found = { status: e.status, since: e.on };
  return found && (!ask.statuses || ask.statuses.includes(found.status)) ? found : null;
}

function neighbours(graph: Graph, id: number, ask: Ask): number[] {
  const out: number[] = [];
  if (ask.direction !== 'DOWNSTREAM') for (const e of graph.byConsumer.get(id) ?? []) if (statusOn(e, ask)) out.push(e.provider);
  if (ask.direction !== 'UPSTREAM') for (const e of graph.byProvider.get(id) ?? []) if (statusOn(e, ask)) out.push(e.consumer);
  return out.filter((other) => !ask.kinds || ask.kinds.includes(graph.kindOf.get(other)!));
}

/** The answer as the GraphQL query in the tests selects it (codes and keys instead of ids). */
export function referenceNeighbourhood(graph: Graph, root: number, ask: Ask) {
  const levels: number[][] = [[root]];
  const seen = new Set([root]);
  let complete = true;
  while (levels.length <= ask.depth && levels.at(-1)!.length > 0) {
    const next = new Set<number>();
    for (const id of levels.at(-1)!) for (const other of neighbours(graph, id, ask)) if (!seen.has(other)) next.add(other);
    const ids = [...next].sort((a, b) => a - b);
    const room = ask.budget - seen.size;
    if (ids.length > room) complete = false;
    levels.push(ids.slice(0, room));
    for (const id of levels.at(-1)!) seen.add(id);
    if (!complete) break;
  }
  const kept = levels.map((ids) => ids.slice(0, ask.limit));
  const keptSet = new Set(kept.flat());
  const hops = levels
    .map((ids, h) => ({ hops: h, systems: ids.length, returned: kept[h].length, exact: complete || h < levels.length - 1 }))
    .filter((c) => c.systems > 0 || !c.exact);
  const edges = graph.edges
    .filter((e) => keptSet.has(e.consumer) && keptSet.has(e.provider))
    .flatMap((e) => {
      const st = statusOn(e, ask);
      return st ? [{ status: st.status, statusSince: st.since, connection: { key: e.key } }] : [];
    });
  return {
    complete,
    truncated: !complete || hops.some((c) => c.returned < c.systems),
    hops,
    systems: kept.flatMap((ids, h) => ids.map((id) => ({ hops: h, system: { code: graph.codeOf.get(id)! } }))),
    edges,
  };
}
