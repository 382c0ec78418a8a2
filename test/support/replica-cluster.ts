import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A primary PostgreSQL cluster and a streaming replica of it (pg_basebackup -R), both in a temporary folder on free
 * ports, for tests of the read replicas. The primary is a cluster of the test's own, not the shared server on 5432:
 * that server refuses physical replication connections (its pg_hba.conf has no `replication` line, and changing it
 * means editing the configuration of a server other sessions use), and a base backup of it would copy every database
 * of every session. The binaries are the same PostgreSQL 15 the shared server runs.
 */
const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why replicas cannot be run here, or null when they can. */
export function replicaUnsupported(): string | null {
  for (const tool of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!fs.existsSync(path.join(PG_BIN, tool))) return `no ${tool} in ${PG_BIN} (set PG_BIN to PostgreSQL's bin folder)`;
  }
  if (process.getuid?.() === 0 && !fs.existsSync('/usr/sbin/runuser') && !fs.existsSync('/sbin/runuser'))
    return 'running as root without runuser: PostgreSQL refuses to run as root';
  return null;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ReplicaCluster {
  primaryPort: number;
  replicaPort: number;
  /** postgres:// URL of `database` on the primary or on the replica. */
  url(database: string, on: 'primary' | 'replica'): string;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  /** Stops both clusters and removes the folder (never throws). */
  destroy(): Promise<void>;
}

/** Starts the primary, takes the base backup, starts the replica and waits until it streams. */
export async function startReplicaCluster(): Promise<ReplicaCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-replicas-'));
  // PostgreSQL will not run as root: as root, every tool runs as the postgres user, which owns the folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    fs.chownSync(dir, Number(stdout.trim()), Number(stdout.trim()));
  }
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, name), ...args]) : run(path.join(PG_BIN, name), args);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primary = path.join(dir, 'primary');
  const replica = path.join(dir, 'replica');
  const pgctl = (data: string, port: number, action: 'start' | 'stop') =>
    action === 'start'
      ? tool('pg_ctl', [
          '-D',
          data,
          '-w',
          '-l',
          `${data}.log`,
          '-o',
          `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir}`,
          'start',
        ])
      : tool('pg_ctl', ['-D', data, '-w', '-m', 'immediate', 'stop']);
  const url = (database: string, on: 'primary' | 'replica') =>
    `postgresql://postgres@127.0.0.1:${on === 'primary' ? primaryPort : replicaPort}/${database}`;
  const destroy = async () => {
    for (const data of [replica, primary]) await pgctl(data, 0, 'stop').catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await tool('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    fs.appendFileSync(path.join(primary, 'pg_hba.conf'), '\nhost replication all 127.0.0.1/32 trust\n');
    // A throwaway cluster: no fsync; the rest as on a real primary (wal_level replica and WAL senders are defaults).
    fs.appendFileSync(path.join(primary, 'postgresql.conf'), '\nfsync = off\nshared_buffers = 32MB\n');
    await pgctl(primary, primaryPort, 'start');
    await tool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]);
    await pgctl(replica, replicaPort, 'start');
    await waitStreaming(url('postgres', 'primary'));
  } catch (error) {
    await destroy();
    throw error;
  }
  return {
    primaryPort,
    replicaPort,
    url,
    stopReplica: () => pgctl(replica, replicaPort, 'stop').then(() => undefined),
    startReplica: () => pgctl(replica, replicaPort, 'start').then(() => undefined),
    destroy,
  };
}

async function waitStreaming(primaryUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await client.query(`select count(*)::int as n from pg_stat_replication where state = 'streaming'`);
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the replica did not start streaming within 10 s');
  } finally {
    await client.end();
  }
}

/** One statement on `url` with a client of its own. */
export async function queryOn<T = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
