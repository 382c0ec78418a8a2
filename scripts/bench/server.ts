import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * One API server for the benchmark, in its own process (started by run.ts with `fork`):
 *   server.ts hub            the Lien Thong hub (createApp, NODE_ENV=production, LOG_LEVEL=warn)
 *   server.ts postgraphile   PostGraphile 5 (amber preset) on the same database, schemas public + pgl_bench
 * Both count every SQL statement the same way: by wrapping pg.Client#query (the one pg module both use), so the
 * count costs nothing measurable and needs no debug logging. The parent asks for counters, memory and CPU time over IPC.
 */

const kind = process.argv[2];
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl || (kind !== 'hub' && kind !== 'postgraphile')) {
  process.stderr.write('usage: DATABASE_URL=... server.ts hub|postgraphile\n');
  process.exit(2);
}

let statements = 0;
let recording: string[] | null = null;
const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
const originalQuery = clientProto.query;
clientProto.query = function query(this: unknown, ...args: unknown[]) {
  statements++;
  if (recording) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? String(first));
    recording.push(text.replace(/\s+/g, ' ').trim());
  }
  return originalQuery.apply(this, args);
};

async function startHub(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { createApp } = await import('../../src/app.js');
  const { loadConfig } = await import('../../src/config.js');
  const app = await createApp(
    loadConfig({
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      // One client sends every request: the per-address rate limit (and its one statement per request) would skew the comparison.
      RATE_LIMIT_PER_MINUTE: '0',
      // PostGraphile's pool queues without limit; the hub sheds load after DB_POOL_WAIT_MS (503 DATABASE_BUSY). Waiting
      // as long as autocannon's own 10 s timeout compares throughput, not load-shedding policies.
      DB_POOL_WAIT_MS: '10000',
      // Nor does PostGraphile cancel long statements; under 50 clients on x10 some of the hub's waited past its 5 s default.
      STATEMENT_TIMEOUT_MS: '30000',
    }),
  );
  const url = await app.listen();
  return { url, stop: () => app.stop() };
}

async function startPostGraphile(): Promise<{ url: string; stop: () => Promise<void> }> {
  const { postgraphile } = await import('postgraphile');
  const { PostGraphileAmberPreset } = await import('postgraphile/presets/amber');
  const { makePgService } = await import('postgraphile/adaptors/pg');
  const { grafserv } = await import('postgraphile/grafserv/node');
  // Same pool size as the hub's (10).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    // By default PostGraphile 5 offers `condition`/`orderBy` only on indexed columns; the benchmark filters agencies
    // on valid_from (3,457 rows), which the hub filters without an index too.
    disablePlugins: ['PgIndexBehaviorsPlugin'],
    pgServices: [makePgService({ pool, schemas: ['public', 'pgl_bench'] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: { explain: false },
  };
  const instance = postgraphile(preset);
  const serv = instance.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/graphql`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await instance.release();
      await pool.end();
    },
  };
}

const started = kind === 'hub' ? await startHub() : await startPostGraphile();

type Message = { type: 'cpu' } | { type: 'stats' } | { type: 'record'; on: boolean } | { type: 'stop' } | { type: 'gc' };
process.on('message', async (message: Message) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', micros: user + system });
  } else if (message.type === 'stats') {
    const m = process.memoryUsage();
    process.send!({ type: 'stats', statements, rss: m.rss, heapUsed: m.heapUsed, external: m.external });
  } else if (message.type === 'record') {
    const recorded = recording;
    recording = message.on ? [] : null;
    process.send!({ type: 'recorded', statements: recorded ?? [] });
  } else if (message.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ type: 'gc' });
  } else if (message.type === 'stop') {
    await started.stop();
    process.exit(0);
  }
});
process.send!({ type: 'ready', url: started.url });
