/**
 * Search latency on a generated database (issue 14): each query's first page of 20, through the GraphQL API in
 * process (no HTTP), read cache off, run a few times; prints the median and the total.
 *   npx node --import @swc-node/register/esm-register scripts/bench/search-latency.ts <database-url> [src dir]
 * The optional src dir runs another checkout's code (the "before" of a change) against a copy of the database.
 */
import path from 'node:path';

const [databaseUrl, srcDir = path.resolve(import.meta.dirname, '../../src')] = process.argv.slice(2);
const QUERIES = ['lam dong', 'dan cu', 'lgsp', 'ndxp', 'lam dnog', 'a', 'h', 'ha noi', 'ho chi minh', 'dich vu cong', 'ket noi', 'so lieu'];
const RUNS = 5;

const { createApp } = await import(path.join(srcDir, 'app.js'));
const { loadConfig } = await import(path.join(srcDir, 'config.js'));
const app = await createApp(
  loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: '0',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    READ_CACHE: 'false',
    SEED_ON_START: 'false',
    RATE_LIMIT_PER_MINUTE: '0',
    STATEMENT_TIMEOUT_MS: '60000',
  }),
);
try {
  for (const q of QUERIES) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const result = await app.execute(`query($q: String!) { search(query: $q, first: 20) { totalCount edges { score } } }`, { q });
      times.push(performance.now() - start);
      if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
      total = (result.data as any).search.totalCount;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${JSON.stringify(q).padEnd(16)} total ${String(total).padStart(7)}  median ${times[RUNS >> 1].toFixed(1).padStart(8)} ms  min ${times[0].toFixed(1).padStart(8)} ms`,
    );
  }
} finally {
  await app.stop();
}
