import { fork, type ChildProcess } from 'node:child_process';
import pg from 'pg';

/**
 * A server process of the benchmarks (server.ts, rate-limit-server.ts), forked with the TypeScript loader; resolves
 * with its URL once it says it is ready, rejects if it exits first.
 */
export async function forkServer(
  script: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; name: string },
): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(script, args, {
    execArgv: ['--import', '@swc-node/register/esm-register', '--no-warnings'],
    env: options.env,
    cwd: options.cwd,
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${options.name} exited with code ${code} before it was ready`)));
    child.once('message', (m: { type: string; url: string }) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(m.type))));
  });
  child.removeAllListeners('exit');
  return { child, url };
}

/** The process's CPU time (user + system) in microseconds, asked over IPC (its `cpu` message). */
export function cpuMicrosOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (m: { type: string; micros: number }) => {
      if (m.type !== 'cpu') return;
      child.off('message', onMessage);
      resolve(m.micros);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu' });
  });
}

/** The code of the first province of today (2025) in a generated database: the operations' systems are named by it. */
export async function firstProvince(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query(
      `select code from agency where valid_from = date '2025-07-01' and kind in ('PROVINCE', 'CENTRAL_CITY') order by id limit 1`,
    );
    return String(r.rows[0].code);
  } finally {
    await client.end();
  }
}
