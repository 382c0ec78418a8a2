import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadCache } from '../src/cache/read-cache.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { LISTENER_APPLICATION_NAME } from '../src/subscriptions/status-listener.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
let adminKey: string;
/** Another client of the same database, standing for another hub process, `npm run import` or psql. */
let other: pg.Client;

beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
  adminKey = (await createApiKey(app.orm.em.fork(), { name: 'admin', role: 'admin', agencyCodes: [] })).key;
  other = new pg.Client({ connectionString: app.databaseUrl });
  await other.connect();
  // Six more systems drawing data from VNeID, so it has enough CONNECTED connections to suspend one per test.
  await other.query(`insert into information_system (code, kind, name, owner_id, search_text)
    select 'T-CACHE-' || i, 'ADMIN_PROCEDURE_SYSTEM', 'Hệ thống thử ' || i, (select owner_id from information_system where code = 'VNEID'), 'test'
    from generate_series(1, 6) i`);
  await other.query(`insert into connection (key, consumer_id, provider_id, status, status_since)
    select s.code || '>VNEID', s.id, (select id from information_system where code = 'VNEID'), 'CONNECTED', date '2023-01-01'
    from information_system s where s.code like 'T-CACHE-%'`);
  await other.query(
    `insert into connection_event (connection_id, status, occurred_on) select id, status, status_since from connection where key like 'T-CACHE-%'`,
  );
});
afterAll(async () => {
  await other?.end();
  await app?.stop();
});

const SUMMARY = `query($code: String!) { informationSystem(code: $code) {
  connectionSummary { connected total text } connected: connections(status: [CONNECTED]) { totalCount } } }`;
const summaryOf = async (code: string) => (await app.query(SUMMARY, { code })).informationSystem;
const summaryStatements = () => app.queries.filter((q) => q.includes('with touching') || q.includes('counts_connections') || q.includes('count(*)'));

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A CONNECTED connection of `code`'s, changed to SUSPENDED today by plain SQL on another connection. */
async function suspendOneBySql(code: string): Promise<string> {
  const { rows } = await other.query(
    `select c.id, c.key from connection c join information_system s on s.id in (c.consumer_id, c.provider_id)
    where s.code = $1 and c.status = 'CONNECTED' order by c.id limit 1`,
    [code],
  );
  await other.query('begin');
  await other.query(`update connection set status = 'SUSPENDED', status_since = current_date, version = version + 1 where id = $1`, [rows[0].id]);
  await other.query(`insert into connection_event (connection_id, status, occurred_on) values ($1, 'SUSPENDED', current_date)`, [rows[0].id]);
  await other.query('commit');
  return rows[0].key;
}

describe('read cache of counts and summaries', () => {
  it('answers a repeated summary without recomputing it, with the same answer', async () => {
    // The rows inserted by beforeAll are announced by NOTIFY, heard a moment later, and each clears the cache: wait
    // until a repeated read is kept, so no late notification lands between the two reads below.
    await waitFor('the notifications of the inserts to be heard', async () => {
      await summaryOf('VNEID');
      app.resetQueries();
      await summaryOf('VNEID');
      return summaryStatements().length === 0;
    });
    app.resetQueries();
    const first = await summaryOf('CDVCQG');
    expect(summaryStatements().length).toBeGreaterThanOrEqual(3);
    app.resetQueries();
    const second = await summaryOf('CDVCQG');
    expect(second).toEqual(first);
    expect(summaryStatements()).toEqual([]);
    expect(first.connected.totalCount).toBeGreaterThanOrEqual(1);
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(Number(/^lienthong_read_cache_lookups_total\{cache="summaries",result="hit"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);
    expect(metrics).toMatch(/^lienthong_read_cache_entries\{cache="summaries"\} [1-9]/m);
  });

  it('sees a change committed by another database client once its NOTIFY arrives', async () => {
    const before = await summaryOf('VNEID');
    await suspendOneBySql('VNEID');
    const after = await waitFor('the cached count to drop', async () => {
      const now = await summaryOf('VNEID');
      return now.connected.totalCount === before.connected.totalCount - 1 ? now : null;
    });
    expect(after.connected.totalCount).toBe(before.connected.totalCount - 1);
  });

  it('sees a mutation of this process in the very next read', async () => {
    const before = await summaryOf('VNEID');
    const target = (
      await app.query(`{ informationSystem(code: "VNEID") { connections(status: [CONNECTED], first: 1) {
      nodes { consumer { code } provider { code } } } } }`)
    ).informationSystem.connections.nodes[0];
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({
        query: 'mutation($input: SetConnectionStatusInput!) { setConnectionStatus(input: $input) { connection { status } } }',
        variables: {
          input: {
            consumerCode: target.consumer.code,
            providerCode: target.provider.code,
            status: 'SUSPENDED',
            date: new Date().toISOString().slice(0, 10),
            evidence: { document: { title: 'Báo cáo thử nghiệm bộ nhớ đệm', publishedAt: '2024-03-01' }, quote: 'tạm dừng kết nối' },
          },
        },
      }),
    });
    expect(((await res.json()) as any).data.setConnectionStatus.connection.status).toBe('SUSPENDED');
    const after = await summaryOf('VNEID');
    expect(after.connected.totalCount).toBe(before.connected.totalCount - 1);
  });

  it('drops what it holds when its LISTEN connection is lost, so changes made meanwhile are seen', async () => {
    const before = await summaryOf('VNEID');
    const listenerPid = async () =>
      (
        await other.query(`select pid from pg_stat_activity where application_name = $1 and datname = current_database()`, [
          LISTENER_APPLICATION_NAME,
        ])
      ).rows[0]?.pid as number | undefined;
    const pid = await listenerPid();
    expect(pid).toBeDefined();
    await other.query('select pg_terminate_backend($1)', [pid]);
    await suspendOneBySql('VNEID');
    await waitFor('the listener to reconnect', async () => {
      const now = await listenerPid();
      return now !== undefined && now !== pid;
    });
    await waitFor('the change to be seen', async () => (await summaryOf('VNEID')).connected.totalCount === before.connected.totalCount - 1);
  });
});

describe("the dashboards' cache (integration matrix, group-by counts)", () => {
  const COUNTS = `{ connectionCounts(groupBy: [STATUS]) { status count } systemCounts(groupBy: [STATUS]) { status count } }`;
  const MATRIX = `{ integrationMatrix(systemCodes: ["VNEID", "CSDLQG-DC"]) { columns { system { code } text } cells { agency { code } status } } }`;
  const countOf = (list: { status: string | null; count: number }[], status: string) => list.find((g) => g.status === status)?.count ?? 0;
  const dashboardStatements = () => app.queries.filter((q) => /with recursive rows_|group by/.test(q));

  it('answers the same question again without a statement, and anew once another process changed the data under it', async () => {
    const first = (await app.query(COUNTS)) as any;
    await app.query(MATRIX);
    app.resetQueries();
    expect(await app.query(COUNTS)).toEqual(first);
    await app.query(MATRIX);
    expect(dashboardStatements()).toEqual([]);

    // Plain SQL on another connection: a connection suspended, a system retired, an agency renamed (by its trigger's NOTIFY).
    await suspendOneBySql('VNEID');
    const retired = await other.query(
      `insert into system_lifecycle_event (system_id, status, occurred_on) select id, 'RETIRED', current_date from information_system where code = 'T-CACHE-1' returning id`,
    );
    expect(retired.rowCount).toBe(1);
    const after = await waitFor('the counts to change', async () => {
      const now = (await app.query(COUNTS)) as any;
      return countOf(now.connectionCounts, 'SUSPENDED') === countOf(first.connectionCounts, 'SUSPENDED') + 1 ? now : null;
    });
    expect(countOf(after.connectionCounts, 'CONNECTED')).toBe(countOf(first.connectionCounts, 'CONNECTED') - 1);
    expect(countOf(after.systemCounts, 'RETIRED')).toBe(countOf(first.systemCounts, 'RETIRED') + 1);

    app.resetQueries();
    await app.query(MATRIX);
    await app.query(MATRIX);
    expect(dashboardStatements().filter((q) => q.includes('with recursive rows_'))).toHaveLength(1);
    await other.query(`update agency set name = name where code = '68'`);
    await waitFor('the matrix to be read again', async () => {
      app.resetQueries();
      await app.query(MATRIX);
      return dashboardStatements().length === 1;
    });
  });
});

describe('ReadCache rules', () => {
  it('does not keep a value read while a change was announced', () => {
    const cache = new ReadCache(new Set(['connection']), () => true);
    const generation = cache.begin();
    cache.changed('connection');
    cache.set('k', 1, generation);
    expect(cache.get('k')).toBeUndefined();
    cache.set('k', 2, cache.begin());
    expect(cache.get('k')).toBe(2);
    cache.changed('agency'); // not a table it depends on
    expect(cache.get('k')).toBe(2);
    cache.changed(null);
    expect(cache.get('k')).toBeUndefined();
  });

  it('is bypassed while changes cannot be heard', () => {
    let live = true;
    const cache = new ReadCache(new Set(['connection']), () => live);
    cache.set('k', 1, cache.begin());
    live = false;
    expect(cache.get('k')).toBeUndefined();
    cache.set('j', 1, cache.begin());
    live = true;
    expect(cache.get('j')).toBeUndefined();
  });
});
