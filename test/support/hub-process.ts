import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The environment of a child process: this one's, without what would point it elsewhere (vitest sets NODE_ENV). */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'NODE_ENV', 'PORT', 'LOG_LEVEL', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID']) delete base[name];
  return { ...base, RATE_LIMIT_PER_MINUTE: '0', ...env };
}

let template: Promise<string> | null = null;
/**
 * A seeded embedded data folder, made once per test file (the first start seeds ~3,500 agencies); each test gets
 * its own copy.
 */
export async function seededDataDir(prefix: string): Promise<string> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-template-'));
    const app = await createApp(loadConfig({ DATA_DIR: dir, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'error' }));
    await app.stop();
    return dir;
  })();
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(await template, copy, { recursive: true });
  return copy;
}

export function removeTemplate(): void {
  if (!template) return;
  void template.then((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  template = null;
}

export interface HubProcess {
  /** npm's process (the one a user starts); also the leader of the process group Ctrl-C signals. */
  npm: ChildProcess;
  /** The hub's own process (npm's child, after `exec`). */
  hubPid(): number | null;
  port: number;
  base: string;
  logs: any[];
  /** All output, JSON or not. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** SIGTERM/SIGINT to npm only, to the whole group as a terminal's Ctrl-C does, or to the hub process only. */
  signal(signal: NodeJS.Signals, to: 'npm' | 'group' | 'hub'): void;
}

/** `npm start` as a user runs it, in its own process group; resolves once the hub logs that it is ready. */
export async function startHub(env: Record<string, string>, options: { waitReady?: boolean } = {}): Promise<HubProcess> {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: childEnv({ PORT: '0', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const logs: any[] = [];
  let text = '';
  const collectLines = jsonLineCollector(logs);
  const collect = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    collectLines(chunk);
  };
  npm.stdout!.on('data', collect);
  npm.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    npm.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const hubPid = () => {
    try {
      const children = fs.readFileSync(`/proc/${npm.pid}/task/${npm.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      return children.length ? Number(children[0]) : null;
    } catch {
      return null;
    }
  };
  const hub: HubProcess = {
    npm,
    hubPid,
    port: 0,
    base: '',
    logs,
    exited,
    output: () => text,
    signal(signal, to) {
      if (to === 'npm') npm.kill(signal);
      else if (to === 'group') process.kill(-npm.pid!, signal);
      else process.kill(hubPid()!, signal);
    },
  };
  if (options.waitReady === false) return hub;
  const ready = await Promise.race([
    waitFor('the hub to be ready', () => logs.find((l) => l.message?.startsWith('Lien Thong is ready')), 120_000),
    exited.then(({ code }) => {
      throw new Error(`the hub exited with ${code} before it was ready:\n${text}`);
    }),
  ]);
  hub.port = ready.port;
  hub.base = `http://127.0.0.1:${ready.port}`;
  return hub;
}

/** Kills what is left of a hub started by a test (its whole process group). */
export function killHub(hub: HubProcess | undefined): void {
  if (!hub || hub.npm.exitCode !== null || hub.npm.signalCode !== null) return;
  try {
    process.kill(-hub.npm.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** `npm run <script> -- args` as a user runs it; never throws on a non-zero exit. */
export async function runTool(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', script, '--', ...args], {
      cwd: ROOT,
      env: childEnv({ LOG_LEVEL: 'warn', ...env }),
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

export async function graphql(base: string, query: string, variables: Record<string, unknown> = {}, key?: string): Promise<any> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** A stream handler that parses a child's output into `logs`, one JSON log line each (other lines as `{ raw }`). */
export function jsonLineCollector(logs: any[]): (chunk: Buffer) => void {
  let buffered = '';
  return (chunk) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        logs.push({ raw: line });
      }
    }
  };
}
