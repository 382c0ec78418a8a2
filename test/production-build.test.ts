import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/database.js';
import { childEnv, graphql, jsonLineCollector, ROOT, waitFor } from './support/hub-process.js';

/**
 * The production build in a scratch folder, by the steps of the Dockerfile: a clean copy of the tree (its tracked and
 * not-ignored files, committed to a fresh git repository), `npm install` there (it must leave the clone clean),
 * `npm run build`, then a separate runtime folder with what the Dockerfile's runtime stage copies (package.json,
 * package-lock.json, dist/, bin/) where its `npm ci --omit=dev --ignore-scripts` installs production dependencies only.
 * (The Dockerfile's build stage runs `npm ci`; this test runs `npm install`, the README's first command, to check it
 * leaves the lock file alone.) The hub then runs from dist/ with NODE_ENV=production on
 * a PostgreSQL server database and on the embedded database, answers /readyz and a query, and stops on SIGTERM
 * with exit code 0; `lien-thong status` prints CSV and nothing else.
 *
 * The machine's Node 24 (the one running this test, the `node` devDependency) comes first on PATH, as a production
 * machine or the node:24 image has it; npm reuses its usual cache (--prefer-offline).
 */
const exec = promisify(execFile);
const NODE_DIR = path.dirname(process.execPath);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-production-build-'));
const buildDir = path.join(scratch, 'build');
const runtimeDir = path.join(scratch, 'runtime');
const env = (extra: Record<string, string> = {}) => childEnv({ PATH: `${NODE_DIR}${path.delimiter}${process.env.PATH}`, ...extra });
const timings: Record<string, number> = {};

async function run(what: string, file: string, args: string[], cwd: string, extra: Record<string, string> = {}) {
  const started = Date.now();
  try {
    return await exec(file, args, { cwd, env: env(extra), maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${what} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
  } finally {
    timings[what] = Date.now() - started;
  }
}

const git = (args: string[], cwd = buildDir) =>
  run(`git ${args[0]}`, 'git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], cwd);
const npm = (args: string[], cwd: string) => run(`npm ${args[0]} in ${path.basename(cwd)}`, 'npm', [...args, '--prefer-offline'], cwd);

/** The files a clean clone of this working tree would have: tracked ones that still exist, and new ones not ignored. */
async function copyTree(): Promise<number> {
  const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  const files = stdout.split('\0').filter((file) => file && fs.existsSync(path.join(ROOT, file)));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(buildDir, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(buildDir, file));
  }
  return files.length;
}

/**
 * The Dockerfile's two stages: the commands they run and what the runtime stage copies (from the build context or
 * the build stage's /app), so this test runs the same steps. Docker itself cannot run here (no daemon, no images).
 */
function readDockerfile() {
  const [build, runtime] = fs
    .readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
    .split(/^FROM /m)
    .slice(1);
  const runs = (stage: string) => [...stage.matchAll(/^RUN (.+)$/gm)].map((m) => m[1]);
  // [source in the build folder, target in the runtime folder]: `COPY a b ./` keeps the names, `COPY a ./b` renames.
  const runtimeCopies = [...runtime.matchAll(/^COPY (.+)$/gm)].flatMap((m) => {
    const tokens = m[1].split(/\s+/).filter((token) => !token.startsWith('--'));
    const target = tokens.at(-1)!;
    return tokens.slice(0, -1).map((source) => {
      const relative = source.replace(/^\/app\//, '');
      return [relative, path.normalize(target.endsWith('/') ? path.join(target, path.basename(relative)) : target)];
    });
  });
  // The runtime's install, without the cache clean-up that follows it (this test shares the machine's npm cache).
  const runtimeInstall = runs(runtime)[0].split('&&')[0].trim().split(/\s+/).slice(1);
  return { build, runtime, buildRuns: runs(build), runtimeRuns: runs(runtime), runtimeCopies, runtimeInstall };
}
const dockerfile = readDockerfile();

let installStatus = '';
beforeAll(async () => {
  fs.mkdirSync(buildDir);
  const started = Date.now();
  expect(await copyTree()).toBeGreaterThan(100);
  timings['copy the tree'] = Date.now() - started;
  await git(['init', '-q']);
  await git(['add', '-A']);
  await git(['commit', '-qm', 'snapshot']);
  await npm(['install', '--no-audit', '--no-fund'], buildDir);
  installStatus = (await git(['status', '--porcelain'])).stdout;
  // The build stage's steps after its install (the Dockerfile's `npm ci`; here `npm install`, whose prepare step
  // already made the embedded snapshot, so `--if-stale` keeps it).
  for (const command of dockerfile.buildRuns.slice(1)) await run(command, 'sh', ['-c', command], buildDir);
  // The runtime stage: what the Dockerfile's runtime stage copies, then production dependencies only.
  fs.mkdirSync(runtimeDir);
  for (const [source, target] of dockerfile.runtimeCopies) fs.cpSync(path.join(buildDir, source), path.join(runtimeDir, target), { recursive: true });
  await npm(dockerfile.runtimeInstall, runtimeDir);
}, 600_000);

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  // Two node_modules trees take a minute or more to delete on a busy machine: a detached rm does it after the test.
  spawn('rm', ['-rf', scratch], { detached: true, stdio: 'ignore' }).unref();
  process.stderr.write(`production build steps (ms): ${JSON.stringify(timings)}\n`);
});

/** Starts the built hub in the runtime folder; resolves once it logs that it is ready. */
async function startBuilt(command: string[], extra: Record<string, string>) {
  const child = spawn(command[0], command.slice(1), {
    cwd: runtimeDir,
    env: env({ NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
  const logs: any[] = [];
  let output = '';
  const collect = jsonLineCollector(logs);
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (collect(chunk), (output += chunk.toString('utf8'))));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await Promise.race([
    waitFor('the built hub to be ready', () => logs.find((l) => l.message?.startsWith('Lien Thong is ready')), 180_000),
    exited.then((code) => Promise.reject(new Error(`the built hub exited with ${code} before it was ready:\n${output}`))),
  ]);
  return { child, logs, exited, base: `http://127.0.0.1:${ready.port}`, ready, output: () => output };
}

/** What every built hub must answer: ready, the 15/23 summary with its quote (seeds found), the explorer's and GraphiQL's files. */
async function checkServes(base: string) {
  const readyz = await fetch(`${base}/readyz`);
  expect(readyz.status).toBe(200);
  const body = await graphql(base, '{ informationSystem(code: "LGSP-68") { code connectionSummary { text evidence { quote } } } }');
  expect(body.errors).toBeUndefined();
  expect(body.data.informationSystem.connectionSummary).toMatchObject({
    text: '15/23',
    evidence: [{ quote: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL' }],
  });
  for (const asset of ['explorer', 'explorer/assets/explorer.js', 'explorer/assets/explorer.css', 'explorer/assets/cytoscape.min.js']) {
    expect((await fetch(`${base}/${asset}`)).status, asset).toBe(200);
  }
  // GraphiQL stays on in production (GRAPHIQL): its page, every file it names and the example tabs.
  const page = await fetch(`${base}/graphiql`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  const html = await page.text();
  const assets = [...html.matchAll(/"\/graphiql\/assets\/([\w.-]+)"/g)].map((m) => m[1]).concat('examples.json');
  expect(assets).toEqual(expect.arrayContaining(['graphiql.min.js', 'graphiql.min.css', 'react.production.min.js', 'react-dom.production.min.js']));
  for (const asset of assets) expect((await fetch(`${base}/graphiql/assets/${asset}`)).status, asset).toBe(200);
  expect(((await (await fetch(`${base}/graphiql/assets/examples.json`)).json()) as unknown[]).length).toBeGreaterThanOrEqual(10);
  // Apollo's production landing page (from its CDN) points offline users to both pages.
  const landing = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
  expect(landing).toContain('<a href="/graphiql">GraphiQL</a>');
  expect(landing).toContain('<a href="/explorer">');
  // Production: no introspection.
  const introspection = await graphql(base, '{ __schema { queryType { name } } }');
  expect(introspection.errors?.[0]?.extensions?.code).toBeDefined();
}

async function stopsCleanly(hub: Awaited<ReturnType<typeof startBuilt>>) {
  hub.child.kill('SIGTERM');
  expect(await hub.exited).toBe(0);
  expect(hub.logs.map((l) => l.message)).toContain('stopped');
}

describe('production build in a scratch folder', () => {
  it('a fresh npm install leaves the clean clone unchanged (package-lock.json included)', () => {
    expect(installStatus).toBe('');
  });

  it('the Dockerfile runs these steps: npm ci and the build, then production dependencies, the build and bin/', () => {
    expect(dockerfile.buildRuns).toEqual(['npm ci --no-audit --no-fund', 'npm run build', 'npm run snapshot -- --if-stale']);
    expect(dockerfile.runtimeInstall).toEqual(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(dockerfile.runtimeCopies).toEqual([
      ['package.json', 'package.json'],
      ['package-lock.json', 'package-lock.json'],
      ['dist', 'dist'],
      ['bin', 'bin'],
      ['node_modules/.cache/lien-thong', 'snapshot'],
    ]);
    expect(dockerfile.runtime).toMatch(/EMBEDDED_SNAPSHOT_DIR=\/app\/snapshot/);
    expect(dockerfile.runtime).toMatch(/^USER node$/m);
    expect(dockerfile.runtime).toMatch(/^HEALTHCHECK .*\n?.*\/readyz/m);
    expect(dockerfile.runtime).toMatch(/NODE_ENV=production/);
    expect(dockerfile.runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/src\/main\.js"\]$/m);
  });

  it('npm run build writes dist/ with the compiled hub, tools, migrations, explorer assets and seeds', () => {
    for (const file of [
      'src/main.js',
      'scripts/cli.js',
      'scripts/keys.js',
      'migrations',
      'src/explorer/explorer.html',
      'src/graphiql/graphiql.html',
      'src/graphiql/graphiql-page.js',
      'seeds/agencies.json',
    ]) {
      expect(fs.existsSync(path.join(runtimeDir, 'dist', file)), file).toBe(true);
    }
  });

  it('the runtime folder has production dependencies only', () => {
    const installed = (name: string) => fs.existsSync(path.join(runtimeDir, 'node_modules', name, 'package.json'));
    expect(installed('fastify')).toBe(true);
    expect(installed('@mikro-orm/core')).toBe(true);
    // The browser pages' libraries are served from node_modules: production dependencies.
    for (const library of ['graphiql', 'react', 'react-dom', 'cytoscape']) expect(installed(library), library).toBe(true);
    for (const dev of ['typescript', '@swc-node/register', '@swc/core', 'vitest', 'node', 'prettier']) expect(installed(dev), dev).toBe(false);
  });

  it('`npm run start:prod` serves on a PostgreSQL server database and exits 0 on SIGTERM', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const hub = await startBuilt(['npm', 'run', 'start:prod'], { DATABASE_URL: db.url });
    expect(hub.ready).toMatchObject({ database: 'server', nodeEnv: 'production' });
    await checkServes(hub.base);
    await stopsCleanly(hub);
  }, 240_000);

  it('`node dist/src/main.js` serves on the embedded database; `lien-thong` prints CSV only; exits 0 on SIGTERM', async () => {
    const dataDir = path.join(scratch, 'data');
    // As in the image: EMBEDDED_SNAPSHOT_DIR names the snapshot copied from the build stage.
    const snapshotDir = path.join(runtimeDir, 'snapshot');
    const hub = await startBuilt([process.execPath, '--enable-source-maps', 'dist/src/main.js'], {
      DATA_DIR: dataDir,
      EMBEDDED_SNAPSHOT_DIR: snapshotDir,
    });
    expect(hub.ready).toMatchObject({ database: 'embedded', nodeEnv: 'production' });
    expect(hub.logs.find((l) => l.message?.startsWith('embedded PostgreSQL'))).toMatchObject({ created: 'snapshot' });
    await checkServes(hub.base);

    const help = await run('lien-thong --help', 'npx', ['--no', '--', 'lien-thong', '--help'], runtimeDir);
    for (const command of ['serve', 'status', 'keys', 'import', 'seed', 'snapshot', 'generate'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));

    const status = await run(
      'lien-thong status',
      'npx',
      ['--no', '--', 'lien-thong', 'status', '--summary', '--url', `${hub.base}/graphql`],
      runtimeDir,
    );
    const lines = status.stdout.split('\n');
    expect(lines[0]).toBe('code,name,kind,owner_code,owner_name,connected,total,text,basis,as_of,consistent,quote,document');
    expect(lines.at(-1)).toBe('');
    const rows = Number(/(\d+) rows/.exec(status.stderr)?.[1]);
    expect(rows).toBeGreaterThan(10);
    // Header, one line per row (quotes hold no line breaks), the final newline: no banner, nothing else.
    expect(lines.length).toBe(rows + 2);
    expect(status.stdout).toMatch(/^LGSP-68,.*,15\/23,REPORTED,/m);

    // A tool beside the running hub, through the data folder's lock: the key is usable at once.
    const created = await run(
      'lien-thong keys',
      'npx',
      ['--no', '--', 'lien-thong', 'keys', 'create', '--name', 'ops', '--role', 'reader', '--json'],
      runtimeDir,
      {
        DATA_DIR: dataDir,
      },
    );
    const key = JSON.parse(created.stdout).key;
    const query = '{ informationSystem(code: "NDXP") { code } }';
    expect((await graphql(hub.base, query, {}, key)).data).toEqual({ informationSystem: { code: 'NDXP' } });
    expect((await graphql(hub.base, query, {}, `${key}x`)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await stopsCleanly(hub);
  }, 240_000);
});
