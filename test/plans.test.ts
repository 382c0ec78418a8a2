import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeeds, SEED_DIR } from '../src/seed/load-seeds.js';
import { SeedValidationError } from '../src/seed/seed-files.js';
import { clauseBefore, numbersIn, planWording } from '../src/seed/validate-roles.js';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const seedFile = (file: string) => JSON.parse(fs.readFileSync(path.join(SEED_DIR, file), 'utf8'));
function copySeeds(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-plans-'));
  fs.cpSync(SEED_DIR, dir, { recursive: true });
  return dir;
}
const edit = (dir: string, file: string, change: (rows: any[]) => void) => {
  const rows = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  change(rows);
  fs.writeFileSync(path.join(dir, file), JSON.stringify(rows));
};
const count = async (table: string) => Number((await app.orm.em.fork().getConnection().execute(`select count(*)::int as n from ${table}`))[0].n);

describe('plans are not facts: statuses', () => {
  it('never makes the population database operational on the strength of its August 2020 plan', async () => {
    const { informationSystem: s } = await app.query(`{ informationSystem(code: "CSDLQG-DC") {
      status statusSince
      onPlannedDate: statusOn(date: "2021-07-01") { status role occurredOn }
      planned: plannedStatusOn(date: "2021-07-01") { status role occurredOn statedOn evidence { quote } }
      plans: history(role: PLANNED) { status occurredOn }
      facts: history(role: ACTUAL) { status occurredOn } } }`);
    expect(s.status).toBe('OPERATIONAL');
    expect(s.statusSince).toBe('2023-06-30'); // first reported in operation, not the planned 2021-07-01
    expect(s.onPlannedDate).toEqual({ status: 'IN_DEVELOPMENT', role: 'ACTUAL', occurredOn: '2020-08-01' });
    expect(s.planned).toMatchObject({ status: 'OPERATIONAL', role: 'PLANNED', occurredOn: '2021-07-01', statedOn: '2020-08-01' });
    expect(s.planned.evidence.quote).toContain('phấn đấu sẽ đưa vào vận hành chính thức');
    expect(s.plans).toEqual([{ status: 'OPERATIONAL', occurredOn: '2021-07-01' }]);
    expect(s.facts.map((e: any) => e.occurredOn)).toEqual(['2020-08-01', '2023-06-30']);
  });

  it('gives no current status from a plan alone, for systems and connections, in every answer that reads statuses', async () => {
    const other = await startTestApp();
    try {
      const dir = copySeeds();
      const quote = 'Bộ Công an phấn đấu sẽ đưa vào vận hành chính thức Cơ sở dữ liệu Quốc gia về dân cư từ ngày 1/7/2021';
      const plan = {
        status: 'OPERATIONAL',
        date: '2021-07-01',
        role: 'PLANNED',
        statedOn: '2020-08-01',
        document: 'ubqg-cpdt-2020-08',
        quote,
        note: null,
      };
      edit(dir, 'systems.json', (rows) =>
        rows.push({ code: 'PLAN-ONLY', kind: 'DATABASE', name: 'Planted', nameEn: null, owner: 'BCA', operator: null, lifecycle: [plan] }),
      );
      edit(dir, 'connections.json', (rows) =>
        rows.push({
          key: 'PLAN-ONLY>CSDLQG-DC',
          consumer: 'PLAN-ONLY',
          provider: 'CSDLQG-DC',
          via: null,
          history: [
            {
              status: 'PLANNED',
              date: '2020-08-01',
              document: 'ubqg-cpdt-2020-08',
              quote: 'Bộ cũng đề xuất triển khai dự án sản xuất',
              reason: null,
            },
            { ...plan, status: 'CONNECTED', reason: null, note: undefined },
          ],
        }),
      );
      await loadSeeds(other.orm.em.fork(), dir, { force: true });
      const data = await other.query(`{ informationSystem(code: "PLAN-ONLY") {
          status statusSince
          later: statusOn(date: "2022-01-01") { status }
          planned: plannedStatusOn(date: "2022-01-01") { status role }
          connections { nodes { status statusSince evidence { quote } later: statusOn(date: "2022-01-01") { status role } planned: plannedStatusOn(date: "2022-01-01") { status role } } }
          connected: connections(status: [CONNECTED]) { totalCount }
          connectedThen: connections(status: [CONNECTED], asOf: "2022-01-01") { totalCount }
          reach: neighbourhood(status: [CONNECTED], asOf: "2022-01-01") { systems { system { code } } } }
        listed: informationSystems(filter: { statuses: [OPERATIONAL] }, first: 100) { nodes { code } } }`);
      const s = data.informationSystem;
      expect(s.status).toBeNull();
      expect(s.statusSince).toBeNull();
      expect(s.later).toBeNull();
      expect(s.planned).toEqual({ status: 'OPERATIONAL', role: 'PLANNED' });
      expect(s.connections.nodes).toEqual([
        {
          status: 'PLANNED',
          statusSince: '2020-08-01',
          evidence: [{ quote: 'Bộ cũng đề xuất triển khai dự án sản xuất' }],
          later: { status: 'PLANNED', role: 'ACTUAL' },
          planned: { status: 'CONNECTED', role: 'PLANNED' },
        },
      ]);
      expect(s.connected.totalCount).toBe(0);
      expect(s.connectedThen.totalCount).toBe(0);
      expect(s.reach.systems.map((x: any) => x.system.code)).toEqual(['PLAN-ONLY']);
      expect(data.listed.nodes.map((n: any) => n.code)).not.toContain('PLAN-ONLY');
    } finally {
      await other.stop();
    }
  });
});

describe('the seed validator', () => {
  it('finds every plan word of the issue, and only before the figure it governs', () => {
    for (const word of ['phấn đấu', 'mục tiêu', 'theo hướng', 'dự kiến', 'tối thiểu', 'ít nhất', 'đến năm 2030', 'sẽ']) {
      expect(planWording(`Bộ ${word} đạt 50%`), word).toBe(word);
    }
    expect(planWording('Tỷ lệ số hoá hồ sơ đạt 68,45%')).toBeNull();
    expect(planWording('các sở, ngành sẵn sàng')).toBeNull(); // "sẽ" only as a word
    expect(clauseBefore('đạt 68,45% vượt chỉ tiêu đề ra (tối thiểu 60% cấp tỉnh', '68,45%')).toBe('đạt ');
    expect(numbersIn('hơn 11,2 triệu tài khoản, 1.135.234 công dân, 03/28')).toEqual(expect.arrayContaining([11_200_000, 1_135_234, 3, 28]));
  });

  it('rejects every target stored as an actual, plans stored as facts, numbers and dates not in their quotes; writes nothing', async () => {
    const dir = copySeeds();
    const targets = seedFile('observations.json').filter((o: any) => o.role === 'TARGET' && planWording(clauseBefore(o.quote, o.valueText ?? '')));
    expect(targets.length).toBeGreaterThanOrEqual(6);
    edit(dir, 'observations.json', (rows) => {
      for (const o of rows)
        if (targets.some((t: any) => t.key === o.key)) {
          o.role = 'ACTUAL';
          o.dueOn = null;
        }
      rows.find((o) => o.key === 'lamdong.smartcity.iocs.2023-07').value = 8;
      rows.find((o) => o.key === 'camau.dx.national_tasks_open.2023-02').asOf = '2023-02-10';
      Object.assign(
        rows.find((o) => o.key === 'vn.edoc.electronic_exchange_rate.target.2020'),
        { dueOn: '2021-12-31' },
      );
    });
    edit(dir, 'systems.json', (rows) => {
      const planned = rows.find((s) => s.code === 'CSDLQG-DC').lifecycle.find((e: any) => e.role === 'PLANNED');
      planned.role = 'ACTUAL';
      planned.statedOn = null;
    });
    edit(dir, 'tasks.json', (rows) => {
      rows[0].dueOn = '2031-01-01';
      rows[1].assignees = ['NO-SUCH'];
    });
    const before = await Promise.all(['observation', 'system_lifecycle_event', 'task'].map(count));
    const error = await loadSeeds(app.orm.em.fork(), dir, { force: true }).catch((e) => e);
    expect(error).toBeInstanceOf(SeedValidationError);
    const message = (error as Error).message;
    for (const t of targets) expect(message).toContain(`observations.json (key "${t.key}"): the quote states an aim`);
    expect(message).toContain('observations.json (key "lamdong.smartcity.iocs.2023-07"): value 8 does not occur in the quote');
    expect(message).toContain('observations.json (key "vn.edoc.electronic_exchange_rate.target.2020"): dueOn 2021-12-31 is not stated in the quote');
    expect(message).toMatch(/systems\.json \(code "CSDLQG-DC"\) lifecycle\[1\]: the quote states a plan \("phấn đấu"\)/);
    expect(message).toContain(`tasks.json (key "${seedFile('tasks.json')[0].key}"): dueOn 2031-01-01 is not stated`);
    expect(message).toContain(`tasks.json (key "${seedFile('tasks.json')[1].key}"): assignees "NO-SUCH" names no agency`);
    expect(await Promise.all(['observation', 'system_lifecycle_event', 'task'].map(count))).toEqual(before);
  });
});

describe('every figure, target and task in its role', () => {
  it('serves every seed figure with its quote and its role', async () => {
    const served: any[] = [];
    let after: string | null = null;
    do {
      const { observations: page }: any = await app.query(
        `query($after: String) { observations(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { key role valueText dueOn level evidence { quote } } } }`,
        { after },
      );
      served.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const expected = seedFile('observations.json');
    expect(served).toHaveLength(expected.length);
    const byKey = new Map(served.map((o) => [o.key, o]));
    for (const o of expected) {
      expect(byKey.get(o.key), o.key).toMatchObject({
        role: o.role ?? 'ACTUAL',
        valueText: o.valueText,
        dueOn: o.dueOn ?? null,
        evidence: { quote: o.quote },
      });
    }
    const { targets, actuals } = await app.query(
      `{ targets: observations(filter: { role: TARGET }) { totalCount } actuals: observations(filter: { role: ACTUAL }) { totalCount } }`,
    );
    expect(targets.totalCount).toBe(expected.filter((o: any) => o.role === 'TARGET').length);
    expect(actuals.totalCount + targets.totalCount).toBe(expected.length);
  });

  it("files VNeID's integrated records under VNeID, with the source databases linked", async () => {
    const { informationSystem } = await app.query(
      `{ informationSystem(code: "VNEID") { observations(first: 50) { nodes { key valueText relatedSystems { code } } } } }`,
    );
    const integrated = informationSystem.observations.nodes.filter((o: any) => o.key.startsWith('bca.vneid.records_integrated'));
    expect(integrated.map((o: any) => [o.valueText, o.relatedSystems.map((s: any) => s.code)]).sort()).toEqual([
      ['10,2 triệu', ['GPLX']],
      ['16,8 triệu', ['BHYT']],
      ['2,2 triệu', ['DKPT']],
    ]);
  });

  it("keeps one measure per indicator: the portal's running total and a province's half-year count are different series", async () => {
    const { half, total } = await app.query(`{ half: indicator(code: "services.online_dossiers") { measure series { valueText periodStart } }
      total: indicator(code: "cdvcqg.dossiers_submitted") { measure series { valueText periodStart } } }`);
    expect(half).toEqual({ measure: 'PERIOD', series: [{ valueText: '113.150', periodStart: '2023-01-01' }] });
    expect(total).toEqual({ measure: 'CUMULATIVE', series: [{ valueText: '35,4 triệu', periodStart: null }] });
  });

  it('serves every task of tasks.json with its quote', async () => {
    const { tasks } = await app.query('{ tasks(first: 100) { totalCount nodes { key kind status evidence { quote document { key } } } } }');
    const expected = seedFile('tasks.json');
    expect(tasks.totalCount).toBe(expected.length);
    for (const t of expected)
      expect(tasks.nodes).toContainEqual({ key: t.key, kind: t.kind, status: t.status, evidence: { quote: t.quote, document: { key: t.document } } });
  });
});

describe('targets and progress', () => {
  it("answers Lâm Đồng's digitisation targets per level against its actual", async () => {
    const { indicator } = await app.query(`{ indicator(code: "admin.dossier_digitisation_rate") {
      progress(agency: "68", asOf: "2023-07-12") { target { level value qualifier } actual { valueText } gap status onTrack } } }`);
    expect(indicator.progress).toEqual([
      { target: { level: 'PROVINCE', value: 60, qualifier: 'AT_LEAST' }, actual: { valueText: '68,45%' }, gap: -8.45, status: 'MET', onTrack: true },
      { target: { level: 'DISTRICT', value: 50, qualifier: 'AT_LEAST' }, actual: { valueText: '68,45%' }, gap: -18.45, status: 'MET', onTrack: true },
      { target: { level: 'COMMUNE', value: 45, qualifier: 'AT_LEAST' }, actual: { valueText: '68,45%' }, gap: -23.45, status: 'MET', onTrack: true },
    ]);
    const before = await app.query(`{ indicator(code: "admin.dossier_digitisation_rate") { progress(agency: "68", asOf: "2023-07-01") { gap } } }`);
    expect(before.indicator.progress).toEqual([]); // the targets were stated on 12/7/2023
  });

  it('judges a national target open before its due date and missed after it, and filters on status and due dates', async () => {
    const q = (asOf: string) =>
      app.query(`{ targets(indicator: "services.fullprocess_services_with_dossiers_rate", asOf: "${asOf}") {
      nodes { valueText dueOn targetStatus(asOf: "${asOf}") } } }`);
    expect((await q('2023-06-20')).targets.nodes).toEqual([{ valueText: '80%', dueOn: '2023-12-31', targetStatus: 'OPEN' }]);
    expect((await q('2024-01-01')).targets.nodes).toEqual([{ valueText: '80%', dueOn: '2023-12-31', targetStatus: 'MISSED' }]);
    const data = await app.query(`{
      missed: targets(status: MISSED, asOf: "2021-06-01", dueBefore: "2020-12-31") { nodes { key } }
      unreported: targets(status: UNREPORTED, asOf: "2021-06-01", dueBefore: "2020-12-31") { nodes { key } }
      due2023: targets(dueAfter: "2023-01-01", dueBefore: "2023-12-31") { totalCount }
      lamdong: targets(agency: "68") { totalCount nodes { targetStatus } }
      actual: observations(filter: { role: ACTUAL, indicatorCode: "edoc.electronic_exchange_rate" }) { nodes { role targetStatus } } }`);
    expect(data.missed.nodes).toEqual([{ key: 'vn.edoc.electronic_exchange_rate.target.2020' }]); // 88,5% against 90% for 2020
    expect(data.unreported.nodes).toEqual([{ key: 'vn.services.level4_service_rate.target.2020-08' }]);
    expect(data.due2023.totalCount).toBe(
      seedFile('observations.json').filter(
        (o: any) => o.role === 'TARGET' && (o.dueOn ?? o.periodEnd ?? '') >= '2023-01-01' && (o.dueOn ?? o.periodEnd ?? '9') <= '2023-12-31',
      ).length,
    );
    expect(data.lamdong.totalCount).toBe(5);
    expect(data.actual.nodes).toEqual([{ role: 'ACTUAL', targetStatus: null }]);
    const wrong = await app.execute('{ targets(dueAfter: "2024-01-01", dueBefore: "2023-01-01") { totalCount } }');
    expect(wrong.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("keeps targets out of an indicator's series unless asked", async () => {
    const { indicator } = await app.query(`{ indicator(code: "admin.dossier_digitisation_rate") {
      actuals: series(agency: "68") { valueText role } aims: series(agency: "68", role: TARGET, level: COMMUNE) { valueText role level } } }`);
    expect(indicator.actuals).toEqual([{ valueText: '68,45%', role: 'ACTUAL' }]);
    expect(indicator.aims).toEqual([{ valueText: '45% cấp xã', role: 'TARGET', level: 'COMMUNE' }]);
  });
});

describe('tasks and commitments', () => {
  it('lists the tasks still open in Cà Mau, with what remains of each group', async () => {
    const { tasks } = await app.query(
      `{ tasks(filter: { agencyCode: "96", statuses: [OPEN] }, first: 50) { totalCount nodes { key itemCount itemsDone itemsOpen dueOn } } }`,
    );
    const groups = Object.fromEntries(tasks.nodes.filter((t: any) => t.itemsOpen != null).map((t: any) => [t.key, t.itemsOpen]));
    expect(groups).toEqual({ 'camau.dx.national-tasks': 3, 'camau.dx.provincial-plan-tasks': 6, 'camau.services.decision422': 25 });
    expect(tasks.totalCount).toBe(seedFile('tasks.json').filter((t: any) => t.assignees.includes('96') && t.status === 'OPEN').length);
  });

  it('says what is overdue on a date: due before it and not reported done by then', async () => {
    const overdue = async (on: string, agency: string) =>
      (await app.query(`{ tasks(filter: { agencyCode: "${agency}", overdueOn: "${on}" }) { nodes { key overdue(on: "${on}") } } }`)).tasks.nodes;
    expect(await overdue('2023-12-01', '96')).toEqual([]);
    expect(await overdue('2024-01-01', '96')).toEqual([{ key: 'camau.commitments.2023', overdue: true }]);
    expect((await overdue('2024-02-01', 'BTP')).map((t: any) => t.key)).toEqual(['vn.admin.558-procedures']);
    expect((await overdue('2024-04-01', 'BTP')).map((t: any) => t.key).sort()).toEqual(['vn.admin.558-procedures', 'vn.vneid.judicial-records-hue']);
    // Reported done on 13/6/2023, before its 15/6 deadline: never overdue.
    expect((await overdue('2024-01-01', '68')).map((t: any) => t.key)).not.toContain('lamdong.cccd.collection');
    const { tasks } = await app.query('{ tasks(filter: { statuses: [DONE] }, first: 100) { nodes { key overdue(on: "2030-01-01") } } }');
    expect(tasks.nodes.every((t: any) => t.overdue === false)).toBe(true);
  });

  it('reads a page of tasks and targets with their agencies, evidence and status in a fixed number of statements', async () => {
    // One list per operation: two root lists in one operation resolve concurrently, and whether their agency look-ups
    // share one batch depends on which page statement answers first.
    const lists = {
      tasks: (first: number) =>
        `{ tasks(first: ${first}) { nodes { assignees { code } partners { code } assignedBy { code } evidence { quote } overdue } } }`,
      targets: (first: number) => `{ targets(first: ${first}) { nodes { targetStatus indicator { code } agency { code } evidence { quote } } } }`,
    };
    for (const [name, query] of Object.entries(lists)) {
      const run = async (first: number) => {
        app.resetQueries();
        await app.query(query(first));
        return [...app.queries];
      };
      const few = await run(3);
      const many = await run(20);
      expect(many.length, `${name}: ${JSON.stringify({ few, many }, null, 1)}`).toBe(few.length);
    }
  });
});
