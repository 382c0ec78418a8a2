import { foldText } from '../../src/text/fold.js';

/**
 * The benchmark operations, written once for each API. The GraphQL documents differ (PostGraphile's schema is
 * generated from the tables), so each side has its own `normalise` that reduces the answer to the same plain
 * content (codes, counts, statuses) before the two are compared.
 */

export interface Request {
  query: string;
  variables: Record<string, unknown>;
}
export interface Operation {
  id: string;
  title: string;
  /** What each side computes, for BENCHMARKS.md. */
  note: string;
  /** Levels of nested object/list fields that need data (root = 1): the bound for SQL statements per request. */
  depth: number;
  hub: Request;
  pgl: Request;
  normaliseHub: (data: any) => unknown;
  normalisePgl: (data: any) => unknown;
}

export interface OperationParams {
  /** A system code for the lookup. */
  lookupCode: string;
  /** The system the neighbourhood starts from. */
  neighbourhoodRoot: string;
  searchQuery: string;
  /** Whether the hub's schema has InformationSystem.neighbourhood yet. */
  hasNeighbourhood: boolean;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const sum = (...n: number[]) => n.reduce((s, x) => s + x, 0);

export function operations(p: OperationParams): Operation[] {
  const pglLgspCounts = `
    cc: connectionsByConsumerId(condition: { status: "CONNECTED" }) { totalCount }
    cp: connectionsByProviderId(condition: { status: "CONNECTED" }) { totalCount }
    cv: connectionsByViaId(condition: { status: "CONNECTED" }) { totalCount }
    ac: connectionsByConsumerId { totalCount }
    ap: connectionsByProviderId { totalCount }
    av: connectionsByViaId { totalCount }`;
  const pglProvinces = (
    kind: string,
  ) => `${kind === 'PROVINCE' ? 'p' : 'c'}: allAgencies(condition: { kind: "${kind}", validFrom: "2025-07-01" }, orderBy: PRIMARY_KEY_ASC) {
      nodes { code name informationSystemsByOwnerId(first: 1, orderBy: PRIMARY_KEY_ASC) { nodes { code kind ${pglLgspCounts} } } } }`;
  const pglOp2 = `query Op2 { ${pglProvinces('PROVINCE')} ${pglProvinces('CENTRAL_CITY')} }`;
  const normalisePgl2 = (d: any) =>
    [...d.p.nodes, ...d.c.nodes]
      .map((a: any) => {
        const s = a.informationSystemsByOwnerId.nodes[0];
        return {
          code: a.code,
          name: a.name,
          lgsp: s?.code,
          kind: s?.kind,
          connected: s && sum(s.cc.totalCount, s.cp.totalCount, s.cv.totalCount),
          all: s && sum(s.ac.totalCount, s.ap.totalCount, s.av.totalCount),
        };
      })
      .sort(byCode);
  const normaliseHub2 = (d: any) =>
    d.agencies.nodes
      .map((a: any) => {
        const s = a.systems.nodes[0];
        return { code: a.code, name: a.name, lgsp: s?.code, kind: s?.kind, connected: s?.connected.totalCount, all: s?.all.totalCount };
      })
      .sort(byCode);
  const hubOp2 = (summary: boolean) => `query Op2 {
    agencies(filter: { kinds: [PROVINCE, CENTRAL_CITY] }, first: 100) { totalCount nodes { code name
      systems(first: 1) { nodes { code kind
        connected: connections(status: [CONNECTED], first: 1) { totalCount }
        all: connections(first: 1) { totalCount }
        ${summary ? 'connectionSummary { text connected total basis asOf computed { text } reported { text } }' : ''} } } } } }`;

  const folded = foldText(p.searchQuery);
  const words = folded.split(' ').map((w) => `%${w.replace(/[\\%_]/g, '\\$&')}%`);

  const ops: Operation[] = [
    {
      id: '1',
      title: 'lookup by code',
      depth: 2,
      note: 'One system by its unique code, with its owner. Hub: `informationSystem(code)`; PostGraphile: `informationSystemByCode(code)` + `agencyByOwnerId`.',
      hub: {
        query: `query Op1($code: String!) { informationSystem(code: $code) { code name kind status statusSince owner { code name } } }`,
        variables: { code: p.lookupCode },
      },
      pgl: {
        query: `query Op1($code: String!) { informationSystemByCode(code: $code) { code name kind status statusSince agencyByOwnerId { code name } } }`,
        variables: { code: p.lookupCode },
      },
      normaliseHub: (d) => {
        const s = d.informationSystem;
        return { code: s.code, name: s.name, kind: s.kind, status: s.status, since: s.statusSince, owner: s.owner };
      },
      normalisePgl: (d) => {
        const s = d.informationSystemByCode;
        return { code: s.code, name: s.name, kind: s.kind, status: s.status, since: s.statusSince, owner: s.agencyByOwnerId };
      },
    },
    {
      id: '2a',
      title: 'provinces -> LGSP -> connection counts',
      depth: 3,
      note: 'The 34 current provinces, each one\'s first system (its LGSP, `G-LGSP-<code>`, the generator makes it the first), and the number of connections touching it (as consumer, provider or platform): CONNECTED and all. Hub: `agencies(kinds: [PROVINCE, CENTRAL_CITY])` -> `systems(first: 1)` -> two `connections(...){ totalCount }`. PostGraphile: two `allAgencies(condition: {kind, validFrom: "2025-07-01"})` lists -> `informationSystemsByOwnerId(first: 1)` -> six `totalCount`s (consumer/provider/via x CONNECTED/all), summed by the client. Same content on both sides.',
      hub: { query: hubOp2(false), variables: {} },
      pgl: { query: pglOp2, variables: {} },
      normaliseHub: normaliseHub2,
      normalisePgl: normalisePgl2,
    },
    {
      id: '2b',
      title: 'provinces -> LGSP -> connection summary',
      depth: 3,
      note: 'As 2a, plus on the hub each LGSP\'s `connectionSummary` (distinct counterpart systems CONNECTED / not DISCONNECTED on today\'s date from the dated history, the latest reported "n/m" figure, which one is served, and why). PostGraphile cannot compute the summary from its generated schema; its side is the same document as 2a, so 2b shows the cost of the summary, and the compared content is the 2a content only.',
      hub: { query: hubOp2(true), variables: {} },
      pgl: { query: pglOp2, variables: {} },
      normaliseHub: normaliseHub2,
      normalisePgl: normalisePgl2,
    },
    {
      id: '3',
      title: 'three-level nested page',
      depth: 4,
      note: 'First 10 provinces (kind PROVINCE, current) -> first 10 systems of each -> first 10 connections where the system is the consumer, with totalCount at each level and the provider of each connection. Hub: `agencies` -> `systems` -> `connections(direction: UPSTREAM)` -> `provider`; PostGraphile: `allAgencies` -> `informationSystemsByOwnerId` -> `connectionsByConsumerId` -> `informationSystemByProviderId`.',
      hub: {
        query: `query Op3 { agencies(filter: { kinds: [PROVINCE] }, first: 10) { totalCount nodes { code name
          systems(first: 10) { totalCount nodes { code kind
            connections(direction: UPSTREAM, first: 10) { totalCount nodes { key status statusSince provider { code name } } } } } } } }`,
        variables: {},
      },
      pgl: {
        query: `query Op3 { allAgencies(condition: { kind: "PROVINCE", validFrom: "2025-07-01" }, first: 10, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { code name
          informationSystemsByOwnerId(first: 10, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { code kind
            connectionsByConsumerId(first: 10, orderBy: PRIMARY_KEY_ASC) { totalCount nodes { key status statusSince informationSystemByProviderId { code name } } } } } } } }`,
        variables: {},
      },
      normaliseHub: (d) => ({
        total: d.agencies.totalCount,
        agencies: d.agencies.nodes.map((a: any) => ({
          code: a.code,
          name: a.name,
          systems: a.systems.totalCount,
          list: a.systems.nodes.map((s: any) => ({
            code: s.code,
            kind: s.kind,
            connections: s.connections.totalCount,
            list: s.connections.nodes.map((c: any) => ({ key: c.key, status: c.status, since: c.statusSince, provider: c.provider })),
          })),
        })),
      }),
      normalisePgl: (d) => ({
        total: d.allAgencies.totalCount,
        agencies: d.allAgencies.nodes.map((a: any) => ({
          code: a.code,
          name: a.name,
          systems: a.informationSystemsByOwnerId.totalCount,
          list: a.informationSystemsByOwnerId.nodes.map((s: any) => ({
            code: s.code,
            kind: s.kind,
            connections: s.connectionsByConsumerId.totalCount,
            list: s.connectionsByConsumerId.nodes.map((c: any) => ({
              key: c.key,
              status: c.status,
              since: c.statusSince,
              provider: c.informationSystemByProviderId,
            })),
          })),
        })),
      }),
    },
    {
      id: '4',
      title: 'depth-3 neighbourhood',
      depth: 3,
      note: "Systems within 3 connections (either direction) of one provincial admin-procedure system, with their distance, and the connections between them (max 500 systems per distance). Hub: `informationSystem(code) { neighbourhood(depth: 3, direction: BOTH) }`; PostGraphile: a root function `neighbourhood(rootCode, depth)` in schema pgl_bench holding a copy of the hub's SQL walk (PostGraphile cannot traverse recursively from tables alone).",
      hub: {
        query: `query Op4($code: String!) { informationSystem(code: $code) { neighbourhood(depth: 3, direction: BOTH) { systems { hops system { code } } edges { connection { key status } } truncated } } }`,
        variables: { code: p.neighbourhoodRoot },
      },
      pgl: {
        query: `query Op4($code: String!) { pglBenchNeighbourhood(rootCode: $code, depth: 3) { nodes { kind hops perHop code key status } } }`,
        variables: { code: p.neighbourhoodRoot },
      },
      normaliseHub: (d) => {
        const n = d.informationSystem.neighbourhood;
        return {
          systems: n.systems.map((s: any) => `${s.hops}:${s.system.code}`).sort(),
          edges: n.edges.map((e: any) => `${e.connection.key}:${e.connection.status}`).sort(),
          truncated: n.truncated,
        };
      },
      normalisePgl: (d) => {
        const rows = d.pglBenchNeighbourhood.nodes as any[];
        const systems = rows.filter((r) => r.kind === 'S');
        const returned = new Map<number, number>();
        for (const s of systems) returned.set(s.hops, (returned.get(s.hops) ?? 0) + 1);
        return {
          systems: systems.map((s) => `${s.hops}:${s.code}`).sort(),
          edges: rows
            .filter((r) => r.kind === 'E')
            .map((e) => `${e.key}:${e.status}`)
            .sort(),
          // A row of kind 'X': the walk stopped at its budget, which the hub also reports as truncated.
          truncated: systems.some((s) => s.perHop > returned.get(s.hops)!) || rows.some((r) => r.kind === 'X'),
        };
      },
    },
    {
      id: '5',
      title: 'search',
      depth: 2,
      note: `Ranked accent-insensitive search for "${p.searchQuery}" over agencies, systems, indicators and figures, first 10 with the total. Hub: \`search(query)\`; PostGraphile: a root function \`search(folded, words, first)\` in schema pgl_bench with a copy of the hub's SQL (the client folds the text, as the hub does in TypeScript).`,
      hub: {
        query: `query Op5($q: String!) { search(query: $q, first: 10) { totalCount nodes { __typename
          ... on Agency { code } ... on InformationSystem { code } ... on Indicator { code } ... on Observation { key } ... on SourceDocument { key } } } }`,
        variables: { q: p.searchQuery },
      },
      pgl: {
        query: `query Op5($folded: String!, $words: [String]!) { pglBenchSearch(folded: $folded, words: $words, lim: 11) { nodes { type code total } } }`,
        variables: { folded, words },
      },
      normaliseHub: (d) => ({ total: d.search.totalCount, hits: d.search.nodes.map((n: any) => `${n.__typename}:${n.code ?? n.key}`) }),
      normalisePgl: (d) => ({
        total: d.pglBenchSearch.nodes[0]?.total ?? 0,
        hits: d.pglBenchSearch.nodes.slice(0, 10).map((n: any) => `${n.type}:${n.code}`),
      }),
    },
  ];
  return p.hasNeighbourhood ? ops : ops.filter((o) => o.id !== '4');
}
