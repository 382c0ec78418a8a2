import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTurn, median } from './load-turn.js';
import { operations } from './operations.js';
import { cpuMicrosOf, firstProvince, forkServer } from './processes.js';

/**
 * `npm run bench:turns -- [--scale 1] [--ops 1,3] [--rounds 5] [--duration 5] [--warmup 2] [--connections 50]
 *   [--variant name:ENV=value,ENV=value ...] [--no-postgraphile]`
 *
 * Servers measured in turns on one database (lt_bench_x<scale>, made by `npm run bench` first): each --variant is a
 * hub process with those settings (default: `inline:DB_PREPARED_READS=false` and `hub:` with today's defaults), the
 * first variant twice (its second process, "<name>-b", measures the same code again: the spread of that pair is the
 * noise every other ratio is read against), and PostGraphile. Round after round, every server loads each operation
 * in turn (order reversed every other round), after a warm-up, at a fixed concurrency, with its process CPU time read
 * before and after (so CPU ms per answered request sits beside throughput). Reports the median and range over rounds
 * of req/s, CPU ms/request and p99, and per-round ratios against PostGraphile and against the first variant; writes
 * bench-results/turns-x<scale>-<date>.{json,md}.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    ops: { type: 'string', default: '1,3' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    variant: { type: 'string', multiple: true },
    'no-postgraphile': { type: 'boolean', default: false },
    'server-url': { type: 'string', default: process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432' },
    out: { type: 'string', default: path.join(ROOT, 'bench-results') },
  },
});
const [scale, rounds, duration, warmup, connections] = [args.scale, args.rounds, args.duration, args.warmup, args.connections].map(Number);
const databaseUrl = `${args['server-url']}/lt_bench_x${String(scale).replace('.', '_')}`;
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
}

/** `name:A=1,B=2` as a name and its environment. */
function parseVariant(text: string): { name: string; env: Record<string, string> } {
  const [name, settings = ''] = text.split(/:(.*)/s);
  const env = Object.fromEntries(
    settings
      .split(',')
      .filter(Boolean)
      .map((s) => s.split(/=(.*)/s) as [string, string]),
  );
  return { name, env };
}

async function start(name: string, kind: 'hub' | 'postgraphile', env: Record<string, string>): Promise<Server> {
  const serverEnv = { ...process.env, ...env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' };
  const { child, url } = await forkServer(path.join(import.meta.dirname, 'server.ts'), [kind], { env: serverEnv, cwd: ROOT, name });
  return { name, child, url };
}

interface Run {
  server: string;
  op: string;
  round: number;
  rps: number;
  cpuMs: number;
  p99: number;
  bad: number;
}

async function measure(server: Server, op: string, body: string, round: number): Promise<Run> {
  const turn = await loadTurn({ url: server.url, body, connections, duration, warmup, cpuMicros: () => cpuMicrosOf(server.child) });
  return { server: server.name, op, round, ...turn };
}

const spread = (xs: number[], digits: number) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)})`;

const variants = (args.variant?.length ? args.variant : ['inline:DB_PREPARED_READS=false', 'hub:']).map(parseVariant);
const province = await firstProvince(databaseUrl);
const ops = operations({
  lookupCode: `G-CSDL-DD-${province}`,
  neighbourhoodRoot: `G-TTHC-${province}`,
  searchQuery: 'Lâm Đồng',
  hasNeighbourhood: true,
}).filter((o) => args.ops!.split(',').includes(o.id));

/**
 * The dashboard queries (issue 12) as hub-only operations: PostGraphile has no counterpart short of writing the
 * same SQL as a function, so they are measured for the hub's own variants (and x1 against x10).
 */
const DASHBOARD_OPS: { id: string; title: string; hub: { query: string; variables: Record<string, unknown> } }[] = [
  {
    id: 'm',
    title: 'integration matrix (provinces x 3 systems, with evidence and counts)',
    hub: {
      query: `{ integrationMatrix(systemCodes: ["CSDLQG-DC", "NDXP", "CDVCQG"]) { columns { system { code } text reported { text } }
        cells { agency { code } system { code } status statusSince evidence { quote } } } }`,
      variables: {},
    },
  },
  {
    id: 'g',
    title: 'group-by counts (connections by status and consumer owner kind; systems by kind and status)',
    hub: {
      query: `{ connectionCounts(groupBy: [STATUS, CONSUMER_OWNER_KIND]) { status consumerOwnerKind count }
        systemCounts(groupBy: [KIND, STATUS]) { kind status count } }`,
      variables: {},
    },
  },
];
const wanted = args.ops!.split(',');
const measured = [...ops, ...DASHBOARD_OPS.filter((o) => wanted.includes(o.id)).map((o) => ({ ...o, pgl: null }))];

const servers: Server[] = [];
servers.push(await start(variants[0].name, 'hub', variants[0].env));
servers.push(await start(`${variants[0].name}-b`, 'hub', variants[0].env));
for (const v of variants.slice(1)) servers.push(await start(v.name, 'hub', v.env));
if (!args['no-postgraphile']) servers.push(await start('postgraphile', 'postgraphile', {}));

const runs: Run[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? servers : [...servers].reverse();
    for (const op of measured) {
      for (const server of order) {
        if (server.name === 'postgraphile' && !op.pgl) continue;
        const body = JSON.stringify(server.name === 'postgraphile' ? op.pgl : op.hub);
        const run = await measure(server, op.id, body, round);
        runs.push(run);
        log(
          `round ${round} op ${op.id} ${server.name.padEnd(14)} ${run.rps.toFixed(0).padStart(6)} req/s  ${run.cpuMs.toFixed(3)} CPU ms/req  p99 ${run.p99} ms  bad ${run.bad}`,
        );
      }
    }
  }
} finally {
  for (const server of servers) server.child.send({ type: 'stop' });
}

const lines: string[] = [
  `### Turns on x${scale}: ${connections} clients, ${rounds} rounds of ${duration} s (after ${warmup} s warm-up), ${new Date().toISOString().slice(0, 16)}`,
  '',
  '| op | server | req/s median (range) | CPU ms/req median (range) | p99 ms median (range) | failed |',
  '| --- | --- | ---: | ---: | ---: | ---: |',
];
const ratioLines: string[] = ['', '| op | ratio of req/s, per round | median (range) |', '| --- | --- | ---: |'];
for (const op of measured) {
  for (const server of servers) {
    const mine = runs.filter((r) => r.op === op.id && r.server === server.name);
    if (!mine.length) continue;
    lines.push(
      `| ${op.id} | ${server.name} | ${spread(
        mine.map((r) => r.rps),
        0,
      )} | ${spread(
        mine.map((r) => r.cpuMs),
        3,
      )} | ${spread(
        mine.map((r) => r.p99),
        0,
      )} | ${mine.reduce((s, r) => s + r.bad, 0)} |`,
    );
  }
  const pairs = servers.flatMap((a) =>
    servers
      .filter((b) => b !== a && ((b.name === 'postgraphile' && op.pgl) || b.name === variants[0].name) && a.name !== 'postgraphile')
      .map((b) => [a.name, b.name] as const),
  );
  for (const [a, b] of pairs) {
    const ratios = Array.from({ length: rounds }, (_, i) => {
      const x = runs.find((r) => r.op === op.id && r.server === a && r.round === i + 1)!;
      const y = runs.find((r) => r.op === op.id && r.server === b && r.round === i + 1)!;
      return x.rps / y.rps;
    });
    ratioLines.push(`| ${op.id} | ${a} / ${b} | ${spread(ratios, 2)} |`);
  }
}
const meta = { variants, scale, rounds, duration, warmup, connections, machine: { cpus: os.cpus().length, load: os.loadavg() } };
const markdown = [...lines, ...ratioLines, '', '```json', JSON.stringify(meta), '```', ''].join('\n');
log(`\n${markdown}`);
fs.mkdirSync(args.out!, { recursive: true });
const stem = path.join(args.out!, `turns-x${scale}-${new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-')}`);
fs.writeFileSync(`${stem}.json`, JSON.stringify({ meta, runs }, null, 2));
fs.writeFileSync(`${stem}.md`, markdown);
log(`wrote ${stem}.md`);
