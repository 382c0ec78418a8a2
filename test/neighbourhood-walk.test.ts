import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestContext } from '../src/api/context.js';
import { ConnectionDirection } from '../src/modules/connection/connection.enums.js';
import { NEIGHBOURHOOD_BUDGET } from '../src/modules/connection/traversal.limits.js';
import { neighbourhood } from '../src/modules/connection/traversal.service.js';
import { findSystemByCode } from '../src/modules/system/system.queries.js';
import { readGraph, referenceNeighbourhood, type Ask, type Graph } from './support/neighbourhood-reference.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let graph: Graph;
const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = ['DATABASE', 'APPLICATION', 'INTEGRATION_PLATFORM', 'PORTAL'];
const STATUSES = ['PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED'];
const SYSTEMS = 260;

/**
 * A small graph beside the seed (codes W-*): a few hubs that many systems use, random connections between the
 * others, each with 1-3 dated ACTUAL events (some on the same day, where the later id counts) and now and then a
 * PLANNED milestone (never a status); the connection row holds the latest ACTUAL status, as the hub keeps it.
 */
async function generateGraph() {
  const next = random(14);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const code = (i: number) => `W-${String(i).padStart(3, '0')}`;
  const systems = Array.from({ length: SYSTEMS }, (_, i) => `('${code(i)}', '${i < 4 ? 'INTEGRATION_PLATFORM' : pick(KINDS)}')`);
  await exec(`insert into information_system (code, kind, name, owner_id, search_text)
    select v.code, v.kind, 'Walk ' || v.code, (select id from agency where code = 'BCA'), lower(v.code) from (values ${systems.join(', ')}) v(code, kind)`);
  const pairs = new Set<string>();
  while (pairs.size < 700) {
    const consumer = Math.floor(next() * SYSTEMS);
    const provider = next() < 0.3 ? Math.floor(next() * 4) : Math.floor(next() * SYSTEMS);
    if (consumer !== provider) pairs.add(`${code(consumer)}>${code(provider)}`);
  }
  const events: string[] = [];
  for (const key of pairs) {
    let day = Date.UTC(2019, 0, 1) + Math.floor(next() * 900) * 86_400_000;
    for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
      events.push(`('${key}', '${pick(STATUSES)}', '${new Date(day).toISOString().slice(0, 10)}', 'ACTUAL')`);
      if (next() < 0.1) events.push(`('${key}', '${pick(STATUSES)}', '${new Date(day).toISOString().slice(0, 10)}', 'ACTUAL')`);
      if (next() < 0.15) events.push(`('${key}', 'CONNECTED', '${new Date(day + 86_400_000).toISOString().slice(0, 10)}', 'PLANNED')`);
      day += Math.floor(1 + next() * 700) * 86_400_000;
    }
  }
  await exec(`insert into connection (key, consumer_id, provider_id, status, status_since)
    select k, (select id from information_system where code = split_part(k, '>', 1)),
      (select id from information_system where code = split_part(k, '>', 2)), 'PLANNED', date '2019-01-01'
    from unnest(array[${[...pairs].map((k) => `'${k}'`).join(', ')}]) k`);
  await exec(`insert into connection_event (connection_id, status, occurred_on, role, stated_on)
    select c.id, v.status, v.day::date, v.role, case when v.role = 'PLANNED' then date '2018-12-01' end
    from (values ${events.join(', ')}) v(key, status, day, role) join connection c on c.key = v.key
    on conflict do nothing`);
  await exec(`update connection c set status = e.status, status_since = e.occurred_on
    from (select distinct on (connection_id) connection_id, status, occurred_on from connection_event where role = 'ACTUAL'
          order by connection_id, occurred_on desc, id desc) e
    where e.connection_id = c.id and c.key like 'W-%'`);
}

beforeAll(async () => {
  app = await startTestApp();
  await generateGraph();
  graph = await readGraph(exec);
});
afterAll(async () => {
  await app?.stop();
});

const NEIGHBOURHOOD = `query($code: String!, $depth: Int!, $direction: ConnectionDirection!, $status: [ConnectionStatus!], $limit: Int, $asOf: Date, $kinds: [SystemKind!]) {
  informationSystem(code: $code) { neighbourhood(depth: $depth, direction: $direction, status: $status, perHopLimit: $limit, asOf: $asOf, kinds: $kinds) {
    complete truncated hops { hops systems returned exact } systems { hops system { code } } edges { status statusSince connection { key } } } } }`;

const ask3: Ask = { depth: 3, direction: 'BOTH', statuses: null, kinds: null, limit: 500, asOf: null, budget: Number.POSITIVE_INFINITY };

async function hubAnswer(code: string, ask: Ask) {
  const { depth, direction, statuses: status, kinds, limit, asOf } = ask;
  // 500 is the default: asked for by leaving perHopLimit out.
  const data = await app.query(NEIGHBOURHOOD, { code, depth, direction, status, kinds, limit: limit === 500 ? null : limit, asOf });
  return data.informationSystem.neighbourhood;
}

/** Variants of everything but root, depth and direction: status filters x kinds x dates x per-hop limits. */
const VARIANTS = [null, ['CONNECTED'], ['CONNECTED', 'TESTING', 'SUSPENDED']].flatMap((statuses) =>
  [null, ['DATABASE', 'INTEGRATION_PLATFORM']].flatMap((kinds) =>
    [null, '2020-06-30', '2021-09-15'].flatMap((asOf) => [500, 3].map((limit) => ({ statuses, kinds, asOf, limit }))),
  ),
);
const DIRECTIONS = ['UPSTREAM', 'DOWNSTREAM', 'BOTH'] as const;

/** Each root x depth 1-4 x direction with `perCase` of the variants (a different choice for each case), compared. */
async function compareAll(roots: string[], perCase: number) {
  const cases: { code: string; ask: Ask }[] = [];
  let i = 0;
  for (const code of roots)
    for (const depth of [1, 2, 3, 4])
      for (const direction of DIRECTIONS)
        for (let k = 0; k < perCase; k++, i++)
          cases.push({ code, ask: { depth, direction, ...VARIANTS[(i * 7) % VARIANTS.length], budget: Number.POSITIVE_INFINITY } });
  const seen = { reachedFar: 0, cutPerHop: 0, withEdges: 0 };
  for (const { code, ask } of cases) {
    const expected = referenceNeighbourhood(graph, graph.idOf.get(code)!, ask);
    const actual = await hubAnswer(code, ask);
    expect({ code, ask, ...actual }).toEqual({ code, ask, ...expected });
    if (expected.hops.some((c) => c.hops >= 3)) seen.reachedFar++;
    if (expected.truncated) seen.cutPerHop++;
    if (expected.edges.length > 0) seen.withEdges++;
  }
  return { cases: cases.length, ...seen };
}

describe('the neighbourhood walk equals a breadth-first search over the connections', () => {
  it('on a generated graph, for roots x depths 1-4 x directions x statuses, kinds, dates and per-hop limits', async () => {
    const roots = ['W-000', 'W-001', 'W-007', 'W-042', 'W-099', 'W-150', 'W-201', 'W-259'];
    const { cases, reachedFar, cutPerHop, withEdges } = await compareAll(roots, 12);
    expect(cases).toBe(8 * 4 * 3 * 12);
    // The graph is dense enough that many walks go 3 hops or more, cut at a per-hop limit and hold edges: the
    // comparison covers deep levels and the limit, not only first neighbours.
    expect(reachedFar).toBeGreaterThan(150);
    expect(cutPerHop).toBeGreaterThan(100);
    expect(withEdges).toBeGreaterThan(500);
  }, 120_000);

  it('on the seed data, from its most connected systems', async () => {
    const rows = await exec(`select s.code from information_system s join connection c on s.id in (c.consumer_id, c.provider_id)
      where s.code not like 'W-%' group by s.code order by count(*) desc, s.code limit 6`);
    expect(rows).toHaveLength(6);
    await compareAll(
      rows.map((r) => String(r.code)),
      2,
    );
  }, 60_000);
});

describe('the budget of systems reached', () => {
  const ctx = () => createRequestContext(app.orm.em);
  /** The service's answer with a budget, shaped as the GraphQL query selects it. */
  const walk = async (code: string, depth: number, budget: number, perHopLimit: number | null = null) => {
    const root = (await findSystemByCode(ctx().em, code))!;
    const args = { depth, direction: ConnectionDirection.BOTH, statuses: null, kinds: null, perHopLimit, asOf: ctx().today };
    const n = await neighbourhood(ctx(), root, args, budget);
    return {
      complete: n.complete,
      truncated: n.truncated,
      hops: n.hops,
      systems: n.systems.map((s) => ({ hops: s.hops, system: { code: s.system.code } })),
      edges: n.edges.map((e) => ({ status: e.status, statusSince: e.statusSince, connection: { key: e.connection.key } })),
    };
  };
  const reference = (code: string, depth: number, budget = Number.POSITIVE_INFINITY, limit = 500) =>
    referenceNeighbourhood(graph, graph.idOf.get(code)!, { ...ask3, depth, budget, limit });

  it('stops once the budget is reached, keeps the lowest ids at the distance it stopped in, and says so', async () => {
    const exact = reference('W-042', 3);
    expect(exact.complete).toBe(true);
    const [one, two] = [exact.hops[1].systems, exact.hops[2].systems];
    expect(two).toBeGreaterThan(20);
    const budget = 1 + one + 20;
    const cut = await walk('W-042', 3, budget);
    expect(cut.complete).toBe(false);
    expect(cut.truncated).toBe(true);
    expect(cut.hops).toEqual([
      { hops: 0, systems: 1, returned: 1, exact: true },
      { hops: 1, systems: one, returned: one, exact: true },
      { hops: 2, systems: 20, returned: 20, exact: false },
    ]);
    // The lowest ids among all the systems at 2 hops (the full search's systems there are ordered by id).
    const atTwo = exact.systems.filter((s) => s.hops === 2).slice(0, 20);
    expect(cut.systems).toEqual([...exact.systems.filter((s) => s.hops < 2), ...atTwo]);
    // The edges between the systems kept, the whole answer as the search stopped at the same budget has it.
    expect(cut).toEqual(reference('W-042', 3, budget));
  });

  it('lists the distance it stopped in even when the budget left no room there, and is complete when it was enough', async () => {
    const exact = reference('W-042', 3);
    const tight = await walk('W-042', 3, 1 + exact.hops[1].systems);
    expect(tight.complete).toBe(false);
    expect(tight.hops.at(-1)).toEqual({ hops: 2, systems: 0, returned: 0, exact: false });
    const total = exact.hops.reduce((n, c) => n + c.systems, 0);
    expect(await walk('W-042', 3, total)).toEqual(exact);
    const perHop = await walk('W-042', 3, 1 + exact.hops[1].systems + 20, 5);
    expect(perHop.hops[2]).toEqual({ hops: 2, systems: 20, returned: 5, exact: false });
    expect(perHop).toEqual(reference('W-042', 3, 1 + exact.hops[1].systems + 20, 5));
  });

  it(`is ${NEIGHBOURHOOD_BUDGET} systems by default, through GraphQL`, async () => {
    await exec(`insert into information_system (code, kind, name, owner_id, search_text)
      select 'STAR-' || i, 'DATABASE', 'Star ' || i, (select id from agency where code = 'BCA'), 'star' from generate_series(0, ${NEIGHBOURHOOD_BUDGET}) i`);
    await exec(`insert into connection (key, consumer_id, provider_id, status, status_since)
      select s.code || '>STAR-0', s.id, (select id from information_system where code = 'STAR-0'), 'CONNECTED', date '2020-01-01'
      from information_system s where s.code like 'STAR-%' and s.code <> 'STAR-0'`);
    const n = await hubAnswer('STAR-0', { ...ask3, depth: 2, limit: 2 });
    expect(n.complete).toBe(false);
    expect(n.hops).toEqual([
      { hops: 0, systems: 1, returned: 1, exact: true },
      { hops: 1, systems: NEIGHBOURHOOD_BUDGET - 1, returned: 2, exact: false },
    ]);
    expect(n.systems.map((s: any) => s.system.code)).toEqual(['STAR-0', 'STAR-1', 'STAR-2']);
  }, 60_000);
});

describe('statements per request', () => {
  it('one per distance walked and one for the rows: bounded by the depth, fewer when nothing new is reached', async () => {
    const counts: Record<number, number> = {};
    for (const depth of [1, 2, 3, 4]) {
      app.resetQueries();
      await hubAnswer('W-042', { ...ask3, depth });
      counts[depth] = app.queries.length;
      expect(app.queries.filter((q) => /except select unnest/.test(q))).toHaveLength(depth);
    }
    // The code lookup, `depth` hops, the rows of the systems kept and their edges.
    expect(counts).toEqual({ 1: 3, 2: 4, 3: 5, 4: 6 });
    app.resetQueries();
    const isolated = await hubAnswer('W-259', { ...ask3, depth: 4, kinds: ['NATIONAL_DATABASE'] });
    expect(isolated.hops).toEqual([{ hops: 0, systems: 1, returned: 1, exact: true }]);
    expect(app.queries).toHaveLength(3);
  });
});
