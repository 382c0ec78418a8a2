import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createRateLimiter } from '../../src/server/rate-limit.js';
import { createLogger } from '../../src/logger.js';
import { oldTree } from './old-tree.js';
import { operations } from './operations.js';

/**
 * `npm run bench:rate-limit -- [--database-url URL] [--rounds 8] [--duration 5] [--warmup 1] [--connections 50]
 *   [--variants new-off,new-on,old-off,old-on] [--old-ref a561257]`
 *
 * What rate limiting costs the lookup by code (op 1 of the main benchmark) at 50 concurrent clients: the hub with
 * RATE_LIMIT_PER_MINUTE=0 (off) against a limit so high it never refuses (on), for this working tree (new) and for
 * the commit with the limiter that upserted one row per request (old, --old-ref, run from a copy made with
 * `git archive`). One hub per variant is started (each its own process and pool); each measurement warms one up
 * briefly, loads it with autocannon and reads the hub's
 * own CPU time (process.cpuUsage); the variants run alternately, round after round, so drift in the shared
 * machine spreads over all of them. Reports the median and range of req/s and of Node CPU ms per request, and
 * on/off ratios; writes bench-results/rate-limit-<date>.{json,md}. The database must be generated already
 * (`npm run generate -- --scale 1 --database-url ...`).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/lt_bench_x1' },
    rounds: { type: 'string', default: '8' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    variants: { type: 'string', default: 'new-off,new-on,old-off,old-on' },
    'old-ref': { type: 'string', default: 'a561257' },
    out: { type: 'string', default: path.join(ROOT, 'bench-results') },
  },
});
const databaseUrl = args['database-url']!;
const rounds = Number(args.rounds);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const variants = args.variants!.split(',');
const log = (line: string) => process.stdout.write(`${line}\n`);
/** "On" without ever refusing: 50 clients at a few thousand req/s send well under this per minute. */
const NEVER_REFUSING_LIMIT = '1000000000';

interface Hub {
  child: ReturnType<typeof fork>;
  url: string;
}

async function startHub(root: string, rateLimit: string): Promise<Hub> {
  const child = fork(path.join(root, 'scripts/bench/rate-limit-server.ts'), [], {
    execArgv: ['--import', '@swc-node/register/esm-register', '--no-warnings'],
    env: { ...process.env, DATABASE_URL: databaseUrl, RATE_LIMIT_PER_MINUTE: rateLimit },
    cwd: root,
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`hub (${root}) exited with code ${code} before it was ready`)));
    child.once('message', (m: { type: string; url: string }) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(`unexpected ${m.type}`))));
  });
  child.removeAllListeners('exit');
  return { child, url };
}

function cpuMicros(hub: Hub): Promise<number> {
  return new Promise((resolve) => {
    hub.child.once('message', (m: { type: string; micros: number }) => resolve(m.micros));
    hub.child.send({ type: 'cpu' });
  });
}

async function stopHub(hub: Hub): Promise<void> {
  const exited = new Promise((resolve) => hub.child.once('exit', resolve));
  hub.child.send({ type: 'stop' });
  const timer = setTimeout(() => hub.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

interface Run {
  variant: string;
  round: number;
  rps: number;
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  completed: number;
  non2xx: number;
  errors: number;
}

const firstProvince = await (async () => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query(
      `select code from agency where valid_from = date '2025-07-01' and kind in ('PROVINCE', 'CENTRAL_CITY') order by id limit 1`,
    );
    const generated = await client.query(`select count(*)::int as n from information_system`);
    log(`database ${new URL(databaseUrl).pathname.slice(1)}: ${generated.rows[0].n} information systems`);
    return String(r.rows[0].code);
  } finally {
    await client.end();
  }
})();
const lookup = operations({ lookupCode: `G-CSDL-DD-${firstProvince}`, neighbourhoodRoot: '', searchQuery: 'x', hasNeighbourhood: false }).find(
  (o) => o.id === '1',
)!.hub;
const body = JSON.stringify(lookup);
const roots: Record<string, string> = { new: ROOT };
if (variants.some((v) => v.startsWith('old-'))) roots.old = oldTree(ROOT, args['old-ref']!);

/**
 * The new limiter's own cost, free of the machine's noise: hit() called in a loop in this process, against the
 * same database (its flushes run meanwhile), for one subject and for 1,000 subjects.
 */
async function hitCost(): Promise<{ subjects: number; hits: number; nsPerHit: number }[]> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const results = [];
  try {
    for (const subjects of [1, 1000]) {
      const limiter = createRateLimiter({ perMinute: 1e9, query: (text, values) => pool.query(text, values), logger: createLogger('error') });
      await limiter.start();
      const hits = 1_000_000;
      const names = Array.from({ length: subjects }, (_, i) => `bench:${process.pid}:${i}`);
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < hits; i++) {
        limiter.hit(names[i % subjects], true);
        if (i % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve)); // let flushes run
      }
      const ns = Number(process.hrtime.bigint() - t0) / hits;
      await limiter.stop();
      results.push({ subjects, hits, nsPerHit: ns });
      log(`hit(): ${ns.toFixed(0)} ns per call with ${subjects} subject(s) (${hits} calls, flushes running)`);
    }
    await pool.query(`delete from rate_limit_window where subject like 'bench:%'`);
  } finally {
    await pool.end();
  }
  return results;
}
const micro = variants.some((v) => v.startsWith('new-')) ? await hitCost() : [];

/** One hub per variant, started once and checked; the rounds then load them in turn. */
const hubs: Record<string, Hub> = {};
for (const variant of variants) {
  const [tree, mode] = variant.split('-');
  const hub = await startHub(roots[tree], mode === 'on' ? NEVER_REFUSING_LIMIT : '0');
  hubs[variant] = hub;
  const check = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await check.text();
  if (check.status !== 200 || !JSON.parse(answer).data?.informationSystem)
    throw new Error(`${variant}: the lookup answered ${check.status} ${answer.slice(0, 300)}`);
}

async function measure(variant: string, round: number): Promise<Run> {
  const hub = hubs[variant];
  const load = (seconds: number) =>
    autocannon({ url: hub.url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds, timeout: 10 });
  if (warmup > 0) await load(warmup);
  const before = await cpuMicros(hub);
  const result = await load(duration);
  const after = await cpuMicros(hub);
  const ok = result['2xx'];
  return {
    variant,
    round,
    rps: ok / duration,
    cpuMsPerRequest: (after - before) / 1000 / Math.max(1, ok),
    p50: result.latency.p50,
    p99: result.latency.p99,
    completed: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const runs: Run[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    // Alternate the order too, so no variant always runs right after the same one.
    const order = round % 2 ? variants : [...variants].reverse();
    for (const variant of order) {
      const run = await measure(variant, round);
      runs.push(run);
      log(
        `round ${round} ${variant.padEnd(8)} ${run.rps.toFixed(0).padStart(6)} req/s  ${run.cpuMsPerRequest.toFixed(3)} CPU ms/req  p50 ${run.p50} ms  p99 ${run.p99} ms  non-2xx ${run.non2xx}  errors ${run.errors}`,
      );
    }
  }
} finally {
  for (const hub of Object.values(hubs)) await stopHub(hub);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const summary = variants.map((variant) => {
  const mine = runs.filter((r) => r.variant === variant);
  const rps = mine.map((r) => r.rps),
    cpu = mine.map((r) => r.cpuMsPerRequest);
  return {
    variant,
    rpsMedian: median(rps),
    rpsMin: Math.min(...rps),
    rpsMax: Math.max(...rps),
    cpuMedian: median(cpu),
    cpuMin: Math.min(...cpu),
    cpuMax: Math.max(...cpu),
    p99Median: median(mine.map((r) => r.p99)),
    non2xx: mine.reduce((s, r) => s + r.non2xx, 0),
    errors: mine.reduce((s, r) => s + r.errors, 0),
  };
});
const of = (v: string) => summary.find((s) => s.variant === v);
/** on/off of each round (the two ran minutes apart at most), then the median of those. */
const roundRatios = (tree: string) => {
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const on = runs.find((r) => r.variant === `${tree}-on` && r.round === round),
      off = runs.find((r) => r.variant === `${tree}-off` && r.round === round);
    if (on && off) ratios.push(on.rps / off.rps);
  }
  return ratios;
};

const meta = {
  date: new Date().toISOString(),
  database: new URL(databaseUrl).pathname.slice(1),
  operation: 'op 1, lookup by code',
  lookupCode: `G-CSDL-DD-${firstProvince}`,
  connections,
  duration,
  warmup,
  rounds,
  oldRef: roots.old ? args['old-ref'] : undefined,
  machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
};
const lines = [
  `### Rate limiting off vs on: op 1 (lookup by code), ${connections} connections, ${duration} s per run, ${rounds} rounds`,
  '',
  '| variant | req/s median | req/s min-max | Node CPU ms/req median | CPU ms/req min-max | p99 ms median | non-2xx | errors |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...summary.map(
    (s) =>
      `| ${s.variant} | ${s.rpsMedian.toFixed(0)} | ${s.rpsMin.toFixed(0)}-${s.rpsMax.toFixed(0)} | ${s.cpuMedian.toFixed(3)} | ${s.cpuMin.toFixed(3)}-${s.cpuMax.toFixed(3)} | ${s.p99Median} | ${s.non2xx} | ${s.errors} |`,
  ),
  '',
];
for (const tree of ['new', 'old']) {
  const on = of(`${tree}-on`),
    off = of(`${tree}-off`);
  if (!on || !off) continue;
  const ratios = roundRatios(tree);
  lines.push(
    `- ${tree}: on/off req/s (medians) ${(on.rpsMedian / off.rpsMedian).toFixed(2)}; per round ${ratios.map((r) => r.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}); CPU ms/req on/off ${(on.cpuMedian / off.cpuMedian).toFixed(2)}`,
  );
}
for (const m of micro)
  lines.push(
    `- new limiter alone: hit() costs ${m.nsPerHit.toFixed(0)} ns per call with ${m.subjects} subject(s) (${m.hits} calls in a loop, its flushes running)`,
  );
lines.push('', '```json', JSON.stringify(meta, null, 2), '```', '');
const md = lines.join('\n');
fs.mkdirSync(args.out!, { recursive: true });
const stamp = `rate-limit-${meta.date.slice(0, 16).replace(/[:T]/g, '-')}`;
fs.writeFileSync(path.join(args.out!, `${stamp}.md`), md);
fs.writeFileSync(path.join(args.out!, `${stamp}.json`), JSON.stringify({ meta, summary, runs, hitCost: micro }, null, 2));
if (roots.old) fs.rmSync(roots.old, { recursive: true, force: true });
log('');
log(md);
log(`written ${path.relative(process.cwd(), path.join(args.out!, `${stamp}.json`))} and .md`);
// autocannon leaves handles open after its runs; the work is done and written.
process.exit();
