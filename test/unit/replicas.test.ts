import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ReplicaSet } from '../../src/db/replicas.js';
import { lagMs, parseLsn, PrimaryHistory } from '../../src/db/wal-position.js';
import { createLogger } from '../../src/logger.js';

const PRIMARY = 'postgresql://hub@db1:5432/lien_thong';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('DATABASE_REPLICA_URLS and its settings', () => {
  it('reads a comma-separated list (spaces and repeats ignored) and the defaults', () => {
    const config = loadConfig({
      DATABASE_URL: PRIMARY,
      DATABASE_REPLICA_URLS: ' postgresql://hub@db2/lien_thong , postgres://hub@db3:6432/lien_thong,postgresql://hub@db2/lien_thong ',
    });
    expect(config.databaseReplicaUrls).toEqual(['postgresql://hub@db2/lien_thong', 'postgres://hub@db3:6432/lien_thong']);
    expect(config).toMatchObject({ replicaMaxLagMs: 5000, replicaCheckIntervalMs: 1000 });
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
  });

  it('refuses every kind of bad entry, naming the setting and what to write, without showing a password', () => {
    const bad = [
      'mysql://hub@db2/lien_thong',
      'postgresql://hub@db2',
      'postgresql://hub@db2/',
      'db2:5432/lien_thong',
      'http://db2/x',
      'postgresql://hub:s3cret@db2',
    ];
    for (const entry of bad) {
      const problems = problemsOf({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: entry });
      expect(problems, entry).toHaveLength(1);
      expect(problems[0]).toMatch(/^DATABASE_REPLICA_URLS: .* is not a postgres:\/\/ URL naming a database, e\.g\. postgres:\/\//);
      expect(problems[0]).not.toContain('s3cret');
    }
    expect(problemsOf({ DATABASE_URL: PRIMARY, DATABASE_REPLICA_URLS: PRIMARY })).toEqual([
      'DATABASE_REPLICA_URLS lists DATABASE_URL itself: list the replicas only',
    ]);
    expect(problemsOf({ DATABASE_REPLICA_URLS: 'postgresql://hub@db2/lien_thong' })[0]).toMatch(/needs DATABASE_URL/);
  });

  it('refuses lag and interval values that are not whole numbers in range', () => {
    for (const value of ['-1', 'soon', '1.5', '1e3']) {
      expect(problemsOf({ REPLICA_MAX_LAG_MS: value })[0]).toMatch(/^REPLICA_MAX_LAG_MS must be an integer >= 0/);
      expect(problemsOf({ REPLICA_CHECK_INTERVAL_MS: value })[0]).toMatch(/^REPLICA_CHECK_INTERVAL_MS must be an integer >= 100/);
    }
    expect(problemsOf({ REPLICA_CHECK_INTERVAL_MS: '50' })[0]).toMatch(/>= 100/);
  });
});

describe('WAL positions and replay lag', () => {
  it('parses LSNs as PostgreSQL prints them, and refuses anything else', () => {
    expect(parseLsn('0/3000000')).toBe(0x3000000n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(parseLsn('FFFFFFFF/FFFFFFFF')).toBe(2n ** 64n - 1n);
    for (const bad of ['', '0', '0/', '/1', 'x/1', '1/2/3', '123456789/0']) expect(() => parseLsn(bad), bad).toThrow(/not a WAL position/);
  });

  it('measures lag from the first primary reading the replica has not replayed', () => {
    const history = new PrimaryHistory();
    expect(lagMs(history, 10n, 1_000)).toBeNull();
    history.add(100n, 1_000);
    history.add(200n, 2_000);
    history.add(200n, 3_000);
    history.add(300n, 4_000);
    expect(lagMs(history, 300n, 4_100)).toBe(0);
    expect(lagMs(history, 350n, 4_100)).toBe(0);
    expect(lagMs(history, 250n, 4_100)).toBe(100);
    expect(lagMs(history, 200n, 4_100)).toBe(100);
    expect(lagMs(history, 150n, 4_100)).toBe(2_100);
    expect(lagMs(history, 50n, 4_100)).toBe(3_100);
  });
});

describe('choosing a replica', () => {
  let set: ReplicaSet | null = null;
  let primary: pg.Pool | null = null;
  afterEach(async () => {
    await set?.stop();
    await primary?.end();
  });

  it('takes healthy replicas in turn, and only those that have replayed what the caller wrote', () => {
    primary = new pg.Pool({ connectionString: PRIMARY, max: 2 });
    set = new ReplicaSet({
      primaryPool: primary,
      urls: ['postgresql://hub:pw@r1:5432/lt', 'postgresql://hub@r2/lt', 'postgresql://hub@r3:6543/lt'],
      checkIntervalMs: 1_000,
      maxLagMs: 5_000,
      logger: createLogger('silent'),
    });
    const [r1, r2, r3] = set.replicas;
    expect(set.replicas.map((r) => r.name)).toEqual(['r1:5432/lt', 'r2:5432/lt', 'r3:6543/lt']);
    // Not checked yet: nothing is in rotation, the primary answers.
    expect(set.pick(null)).toBeNull();
    Object.assign(r1, { healthy: true, replayLsn: 100n });
    Object.assign(r2, { healthy: false, replayLsn: 500n });
    Object.assign(r3, { healthy: true, replayLsn: 300n });
    expect([1, 2, 3, 4].map(() => set!.pick(null)?.name)).toEqual(['r1:5432/lt', 'r3:6543/lt', 'r1:5432/lt', 'r3:6543/lt']);
    expect([1, 2].map(() => set!.pick(200n)?.name)).toEqual(['r3:6543/lt', 'r3:6543/lt']);
    expect(set.pick(400n)).toBeNull();
    expect(set.writtenBy('key:1')).toBeNull();
    expect(set.writtenBy(null)).toBeNull();
  });
});
