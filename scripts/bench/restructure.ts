import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTurn, median } from './load-turn.js';
import { oldTree } from './old-tree.js';
import { operations } from './operations.js';
import { cpuMicrosOf, firstProvince, forkServer } from './processes.js';

/**
 * `npm run bench:restructure -- [--database-url URL] [--rounds 6] [--duration 5] [--warmup 1] [--connections 50]
 *   [--old-ref b3fe7fc]`
 *
 * The restructured hub (this working tree, Fastify) against the commit before it (--old-ref, the hand-written
 * node:http server, from a `git archive` copy sharing node_modules, as rate-limit.ts does), on op 1 (lookup by code)
 * and op 3 (three-level nested page) at 50 clients. Three hubs run: new, old and a second process of the old tree
 * (old-b): old against old-b is the same code measured twice, so its spread is the run-to-run noise the new/old
 * difference is read against. Each measurement warms up, loads one hub with autocannon and reads its CPU time
 * (process.cpuUsage); the hubs take turns round after round. Rate limiting is on with a limit that never refuses.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/lt_bench_rl_x1' },
    rounds: { type: 'string', default: '6' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    'old-ref': { type: 'string', default: 'b3fe7fc' },
  },
});
const databaseUrl = args['database-url']!;
const [rounds, duration, warmup, connections] = [args.rounds, args.duration, args.warmup, args.connections].map(Number);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Hub {
  child: ChildProcess;
  url: string;
}

async function startHub(root: string): Promise<Hub> {
  const env = { ...process.env, DATABASE_URL: databaseUrl, RATE_LIMIT_PER_MINUTE: '1000000000' };
  return forkServer(path.join(root, 'scripts/bench/rate-limit-server.ts'), [], { env, cwd: root, name: `hub (${root})` });
}

const ops = operations({
  lookupCode: `G-CSDL-DD-${await firstProvince(databaseUrl)}`,
  neighbourhoodRoot: '',
  searchQuery: 'x',
  hasNeighbourhood: false,
});
const bodies = Object.fromEntries(['1', '3'].map((id) => [id, JSON.stringify(ops.find((o) => o.id === id)!.hub)]));
const oldRoot = oldTree(ROOT, args['old-ref']!);
const hubs: Record<string, Hub> = { new: await startHub(ROOT), old: await startHub(oldRoot), 'old-b': await startHub(oldRoot) };

interface Run {
  hub: string;
  op: string;
  round: number;
  rps: number;
  cpuMs: number;
  p99: number;
  bad: number;
}

async function measure(name: string, op: string, round: number): Promise<Run> {
  const hub = hubs[name];
  const turn = await loadTurn({ url: hub.url, body: bodies[op], connections, duration, warmup, cpuMicros: () => cpuMicrosOf(hub.child) });
  return { hub: name, op, round, ...turn };
}

const runs: Run[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? Object.keys(hubs) : Object.keys(hubs).reverse();
    for (const op of ['1', '3']) {
      for (const name of order) {
        const run = await measure(name, op, round);
        runs.push(run);
        log(
          `round ${round} op ${op} ${name.padEnd(6)} ${run.rps.toFixed(0).padStart(6)} req/s  ${run.cpuMs.toFixed(3)} CPU ms/req  p99 ${run.p99} ms  bad ${run.bad}`,
        );
      }
    }
  }
} finally {
  for (const hub of Object.values(hubs)) hub.child.send({ type: 'stop' });
}

for (const op of ['1', '3']) {
  for (const name of Object.keys(hubs)) {
    const mine = runs.filter((r) => r.op === op && r.hub === name);
    const rps = mine.map((r) => r.rps),
      cpu = mine.map((r) => r.cpuMs);
    log(
      `op ${op} ${name.padEnd(6)} req/s median ${median(rps).toFixed(0)} (${Math.min(...rps).toFixed(0)}-${Math.max(...rps).toFixed(0)})  ` +
        `CPU ms/req median ${median(cpu).toFixed(3)} (${Math.min(...cpu).toFixed(3)}-${Math.max(...cpu).toFixed(3)})  bad ${mine.reduce((s, r) => s + r.bad, 0)}`,
    );
  }
  // Per round ratios (the hubs ran seconds apart), then their median and range: new/old against the noise old-b/old.
  for (const [a, b] of [
    ['new', 'old'],
    ['old-b', 'old'],
  ]) {
    const ratios = Array.from({ length: rounds }, (_, i) => {
      const x = runs.find((r) => r.op === op && r.hub === a && r.round === i + 1)!,
        y = runs.find((r) => r.op === op && r.hub === b && r.round === i + 1)!;
      return x.rps / y.rps;
    });
    log(`op ${op} ${a}/${b} req/s ratio median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`);
  }
}
fs.rmSync(oldRoot, { recursive: true, force: true });
