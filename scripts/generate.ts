import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openToolHub } from '../src/hub.js';
import { loadConfig } from '../src/config.js';
import { documentSearchText, indicatorSearchText, systemSearchText } from '../src/text/search-text.js';
import { foldText, searchText } from '../src/text/fold.js';
import { syncOwnerPeriods } from '../src/modules/system/system-owner.queries.js';

/**
 * Fills a database with a deterministic, synthetic but realistic national-scale dataset for benchmarks.
 *
 *   npm run generate -- --scale 1 --database-url postgresql://postgres@127.0.0.1:5432/lt_bench_x1
 *
 * It first creates the hub (migrations + seed data), then adds, with bulk SQL in one transaction:
 * one LGSP, an admin-procedure system, an IOC and provincial databases per current province (34), systems per
 * commune (3,321), platforms and databases per current ministry; connections consumer -> provider (many through a
 * platform: the province's LGSP or NDXP) with 1-4 dated status events; synthetic indicators (codes `g.`) and
 * observations, each pointing at evidence in synthetic quarterly report documents (keys `g-`).
 * Scale 1 is about the real country (~5,000 systems, ~50,000 connections, ~500,000 observations); agencies are the
 * real ones from the seed at every scale, while systems (and with them connections and observations) scale with N.
 * Every synthetic code is prefixed `G-` / `g.` / `g-` so it never clashes with seed data.
 */

export interface GenerateOptions {
  scale: number;
  databaseUrl: string;
  log?: (line: string) => void;
}

type Exec = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;
type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Picks a key by weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [k, w] of entries) {
      r -= w;
      if (r <= 0) return k;
    }
    return entries[entries.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dates

const DAY = 86_400_000;
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (date: string) => Date.parse(`${date}T00:00:00Z`);
const REORG = '2025-07-01';
/** Nothing synthetic is dated after this (the benchmarks ask "as of today", so every event is already past). */
const LAST_DATE = '2026-10-31';
const endOfMonth = (year: number, month: number) => toDate(Date.UTC(year, month, 0));
const quarterOf = (date: string) => ({ year: Number(date.slice(0, 4)), q: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 });

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

interface SystemTemplate {
  code: string;
  kind: string;
  name: string;
  nameEn: string;
}

const PROVINCE_SYSTEMS: SystemTemplate[] = [
  { code: 'CSDL-DD', kind: 'DATABASE', name: 'Cơ sở dữ liệu đất đai', nameEn: 'land database' },
  { code: 'CSDL-HT', kind: 'DATABASE', name: 'Cơ sở dữ liệu hộ tịch điện tử', nameEn: 'civil status database' },
  { code: 'CSDL-YT', kind: 'DATABASE', name: 'Cơ sở dữ liệu y tế', nameEn: 'health database' },
  { code: 'CSDL-GD', kind: 'DATABASE', name: 'Cơ sở dữ liệu ngành giáo dục', nameEn: 'education database' },
  { code: 'CSDL-DN', kind: 'DATABASE', name: 'Cơ sở dữ liệu doanh nghiệp', nameEn: 'enterprise database' },
  { code: 'CSDL-CBCC', kind: 'DATABASE', name: 'Cơ sở dữ liệu cán bộ, công chức, viên chức', nameEn: 'civil servants database' },
  { code: 'QLVB', kind: 'APPLICATION', name: 'Hệ thống quản lý văn bản và điều hành', nameEn: 'document management system' },
  { code: 'CTTDT', kind: 'PORTAL', name: 'Cổng thông tin điện tử', nameEn: 'e-portal' },
  { code: 'TDCV', kind: 'APPLICATION', name: 'Hệ thống thư điện tử công vụ', nameEn: 'official e-mail system' },
  { code: 'GSATTT', kind: 'MONITORING_SYSTEM', name: 'Hệ thống giám sát an toàn thông tin', nameEn: 'information security monitoring' },
  { code: 'KDLDC', kind: 'DATABASE', name: 'Kho dữ liệu dùng chung', nameEn: 'shared data warehouse' },
  { code: 'CSDL-TNMT', kind: 'DATABASE', name: 'Cơ sở dữ liệu tài nguyên và môi trường', nameEn: 'natural resources and environment database' },
  { code: 'CSDL-GT', kind: 'DATABASE', name: 'Cơ sở dữ liệu giao thông', nameEn: 'transport database' },
  { code: 'CSDL-NN', kind: 'DATABASE', name: 'Cơ sở dữ liệu nông nghiệp', nameEn: 'agriculture database' },
  { code: 'CSDL-VHDL', kind: 'DATABASE', name: 'Cơ sở dữ liệu văn hóa, du lịch', nameEn: 'culture and tourism database' },
  { code: 'CSDL-LDVL', kind: 'DATABASE', name: 'Cơ sở dữ liệu lao động, việc làm', nameEn: 'labour and employment database' },
  { code: 'CSDL-ASXH', kind: 'DATABASE', name: 'Cơ sở dữ liệu an sinh xã hội', nameEn: 'social protection database' },
  { code: 'BCKTXH', kind: 'APPLICATION', name: 'Hệ thống thông tin báo cáo kinh tế - xã hội', nameEn: 'socio-economic reporting system' },
  { code: 'PAKN', kind: 'APPLICATION', name: 'Hệ thống tiếp nhận phản ánh, kiến nghị', nameEn: 'citizen feedback system' },
  { code: 'CSDL-XD', kind: 'DATABASE', name: 'Cơ sở dữ liệu quy hoạch, xây dựng', nameEn: 'planning and construction database' },
];

const COMMUNE_SYSTEMS: SystemTemplate[] = [
  { code: 'MC', kind: 'ADMIN_PROCEDURE_SYSTEM', name: 'Hệ thống một cửa điện tử', nameEn: 'one-stop-shop system' },
  { code: 'TTDT', kind: 'PORTAL', name: 'Trang thông tin điện tử', nameEn: 'e-information page' },
  { code: 'HT', kind: 'DATABASE', name: 'Cơ sở dữ liệu hộ tịch', nameEn: 'civil status records' },
  { code: 'DC', kind: 'DATABASE', name: 'Cơ sở dữ liệu dân cư cấp xã', nameEn: 'commune resident data' },
  { code: 'DD', kind: 'DATABASE', name: 'Cơ sở dữ liệu địa chính', nameEn: 'cadastral database' },
  { code: 'QLVB', kind: 'APPLICATION', name: 'Phần mềm quản lý văn bản', nameEn: 'document management software' },
  { code: 'CAMERA', kind: 'MONITORING_SYSTEM', name: 'Hệ thống camera giám sát an ninh trật tự', nameEn: 'public safety cameras' },
  { code: 'TTCS', kind: 'APPLICATION', name: 'Hệ thống thông tin nguồn cơ sở', nameEn: 'grassroots information system' },
  { code: 'YT', kind: 'DATABASE', name: 'Cơ sở dữ liệu trạm y tế', nameEn: 'health station database' },
  { code: 'GD', kind: 'DATABASE', name: 'Cơ sở dữ liệu trường học', nameEn: 'school database' },
];

const MINISTRY_SYSTEMS: SystemTemplate[] = [
  { code: 'CSDLCN', kind: 'DATABASE', name: 'Cơ sở dữ liệu chuyên ngành', nameEn: 'sector database' },
  { code: 'DVC', kind: 'PORTAL', name: 'Cổng dịch vụ công', nameEn: 'public service portal' },
  { code: 'TTHC', kind: 'ADMIN_PROCEDURE_SYSTEM', name: 'Hệ thống thông tin giải quyết thủ tục hành chính', nameEn: 'admin procedure system' },
  { code: 'QLVB', kind: 'APPLICATION', name: 'Hệ thống quản lý văn bản và điều hành', nameEn: 'document management system' },
  { code: 'BC', kind: 'APPLICATION', name: 'Hệ thống thông tin báo cáo', nameEn: 'reporting system' },
  { code: 'TK', kind: 'DATABASE', name: 'Cơ sở dữ liệu thống kê', nameEn: 'statistics database' },
  { code: 'DM', kind: 'DATABASE', name: 'Cơ sở dữ liệu danh mục dùng chung', nameEn: 'shared code lists' },
  { code: 'GS', kind: 'MONITORING_SYSTEM', name: 'Hệ thống giám sát, đo lường', nameEn: 'monitoring system' },
  { code: 'HS', kind: 'DATABASE', name: 'Cơ sở dữ liệu hồ sơ, giấy phép', nameEn: 'licences and records database' },
  { code: 'TT', kind: 'APPLICATION', name: 'Hệ thống thanh tra, kiểm tra', nameEn: 'inspection system' },
];

interface IndicatorDef {
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  countsConnections: boolean;
  description: string;
  kind: 'rate' | 'count' | 'fraction';
}

const INDICATORS: IndicatorDef[] = [
  {
    code: 'g.dvc.dossiers_received',
    name: 'Số hồ sơ thủ tục hành chính tiếp nhận',
    nameEn: 'Administrative dossiers received',
    unit: 'dossiers',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic: dossiers received in the month by the system.',
  },
  {
    code: 'g.dvc.online_dossier_rate',
    name: 'Tỷ lệ hồ sơ trực tuyến toàn trình',
    nameEn: 'Share of dossiers submitted fully online',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic: numerator online dossiers, denominator all dossiers.',
  },
  {
    code: 'g.dvc.on_time_rate',
    name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    nameEn: 'Share of dossiers settled on time',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.dvc.digitised_rate',
    name: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
    nameEn: 'Share of dossiers and results digitised',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.dvc.online_payment_rate',
    name: 'Tỷ lệ thanh toán trực tuyến',
    nameEn: 'Share of fees paid online',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.dvc.data_reuse_rate',
    name: 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
    nameEn: 'Share of dossiers reusing digitised data',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.dvc.satisfaction_index',
    name: 'Chỉ số hài lòng của người dân, doanh nghiệp',
    nameEn: 'Citizen and business satisfaction index',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.uptime',
    name: 'Tỷ lệ thời gian hoạt động ổn định của hệ thống',
    nameEn: 'System uptime',
    unit: 'percent',
    countsConnections: false,
    kind: 'rate',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.transactions',
    name: 'Số giao dịch, lượt trao đổi dữ liệu qua hệ thống',
    nameEn: 'Transactions and data exchanges through the system',
    unit: 'transactions',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.records',
    name: 'Số bản ghi dữ liệu đã số hóa',
    nameEn: 'Digitised data records',
    unit: 'records',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.api_services',
    name: 'Số dịch vụ dữ liệu (API) được cung cấp',
    nameEn: 'Data services (APIs) provided',
    unit: 'services',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.active_users',
    name: 'Số tài khoản người dùng hoạt động',
    nameEn: 'Active user accounts',
    unit: 'accounts',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.system.incidents',
    name: 'Số sự cố an toàn thông tin được xử lý',
    nameEn: 'Security incidents handled',
    unit: 'incidents',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.lgsp.systems_connected',
    name: 'Số hệ thống thông tin, CSDL đã kết nối qua nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh',
    nameEn: 'Systems connected through the provincial integration platform',
    unit: 'systems',
    countsConnections: true,
    kind: 'fraction',
    description:
      'Synthetic. Numerator: systems connected through the LGSP; denominator: systems planned to connect. Counts connections of the subject system.',
  },
  {
    code: 'g.province.full_online_services',
    name: 'Số dịch vụ công trực tuyến toàn trình',
    nameEn: 'Fully online public services',
    unit: 'services',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
  {
    code: 'g.province.vneid_accounts',
    name: 'Số tài khoản định danh điện tử mức độ 2 đã kích hoạt',
    nameEn: 'Level-2 electronic identity accounts activated',
    unit: 'accounts',
    countsConnections: false,
    kind: 'count',
    description: 'Synthetic.',
  },
];
const COMMUNE_ONE_STOP_INDICATORS = INDICATORS.slice(0, 7)
  .map((i) => i.code)
  .concat('g.system.uptime');
const SYSTEM_MONTHLY_INDICATORS = [
  'g.system.uptime',
  'g.system.transactions',
  'g.system.records',
  'g.system.api_services',
  'g.system.active_users',
  'g.system.incidents',
  'g.dvc.satisfaction_index',
  'g.dvc.data_reuse_rate',
];
const SYSTEM_QUARTERLY_INDICATORS = ['g.system.uptime', 'g.system.transactions', 'g.system.records'];
const PROVINCE_MONTHLY_INDICATORS = [
  'g.province.full_online_services',
  'g.province.vneid_accounts',
  'g.dvc.online_dossier_rate',
  'g.dvc.online_payment_rate',
];

/** Vietnamese number formatting: 12.345 and 87,5%. */
const viInt = (n: number) => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const viDec = (n: number) => n.toFixed(1).replace('.', ',');

// ---------------------------------------------------------------------------------------------------------------
// Bulk writing

async function bulkInsert(exec: Exec, table: string, columns: string[], rows: Row[]): Promise<void> {
  if (!rows.length) return;
  const cols = columns.join(', ');
  await exec(`insert into ${table} (${cols}) select ${cols} from json_populate_recordset(null::${table}, ?::json)`, [JSON.stringify(rows)]);
}

/** Buffers rows and writes them in chunks, so x10 never holds millions of rows in memory. */
class Writer {
  private rows: Row[] = [];
  count = 0;
  private pending: Promise<void> = Promise.resolve();
  constructor(
    private readonly exec: Exec,
    private readonly table: string,
    private readonly columns: string[],
    private readonly chunk = 20_000,
    /** Written first (rows this table references). */
    private readonly before: Writer | null = null,
  ) {}
  async add(row: Row): Promise<void> {
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= this.chunk) await this.flush();
  }
  async flush(): Promise<void> {
    await this.before?.flush();
    const rows = this.rows;
    this.rows = [];
    await this.pending;
    // One statement in flight at a time (one connection, one transaction); the next chunk is built meanwhile.
    this.pending = bulkInsert(this.exec, this.table, this.columns, rows);
    await this.pending;
  }
}

// ---------------------------------------------------------------------------------------------------------------

interface Agency {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
}
interface Sys {
  id: number;
  code: string;
  name: string;
  kind: string;
  ownerId: number;
  level: 'province' | 'commune' | 'ministry' | 'seed';
  provinceId: number | null;
  ministryId: number | null;
  since: string;
}

const CONNECTION_FINAL: Record<string, number> = { CONNECTED: 62, TESTING: 8, IN_PROGRESS: 10, PLANNED: 10, SUSPENDED: 5, DISCONNECTED: 5 };
const CONNECTION_CHAINS: Record<string, string[]> = {
  CONNECTED: ['PLANNED', 'IN_PROGRESS', 'TESTING', 'CONNECTED'],
  TESTING: ['PLANNED', 'IN_PROGRESS', 'TESTING'],
  IN_PROGRESS: ['PLANNED', 'IN_PROGRESS'],
  PLANNED: ['PLANNED'],
  SUSPENDED: ['IN_PROGRESS', 'TESTING', 'CONNECTED', 'SUSPENDED'],
  DISCONNECTED: ['TESTING', 'CONNECTED', 'SUSPENDED', 'DISCONNECTED'],
};

export async function generate(options: GenerateOptions): Promise<Record<string, number>> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { scale } = options;
  if (!(scale > 0 && scale <= 100)) throw new Error(`--scale must be a number in (0, 100], got ${scale}`);
  const started = Date.now();
  // The hub alone (migrations and seed, no HTTP): bulk inserts and index rebuilds take minutes on x10, so the
  // request-sized statement timeout must not apply.
  const app = await openToolHub(
    loadConfig({ ...process.env, DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn', STATEMENT_TIMEOUT_MS: '0' }),
    'generate',
    { seed: true },
  );
  try {
    log(`hub migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s; generating scale ${scale}`);
    const em = app.orm.em.fork();
    const counts = await em.transactional(async (tem) => {
      const exec: Exec = (sql, params = []) => tem.getConnection().execute(sql, params, 'all', tem.getTransactionContext());
      const existing = await exec(`select count(*)::int as n from source_document where key like 'g-%'`);
      if (Number(existing[0].n) > 0) {
        throw new Error('this database already holds generated data (source_document keys "g-..."); generate into a fresh database');
      }
      await exec(`set local synchronous_commit = off`);
      await exec(`set local maintenance_work_mem = '512MB'`);
      const filled = await fill(exec, scale, log);
      // Every generated system gets its open owner period, as the seed's do.
      await syncOwnerPeriods(tem);
      return filled;
    });
    // Fresh statistics for the planner; outside the transaction.
    await em.getConnection().execute('analyze');
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [table, n] of Object.entries(counts)) log(`  ${table.padEnd(24)} ${n.toLocaleString('en-US')}`);
    return counts;
  } finally {
    await app.stop();
  }
}

async function fill(exec: Exec, scale: number, log: (line: string) => void): Promise<Record<string, number>> {
  const rnd = new Random(20261123 + Math.round(scale * 1000));
  const t0 = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  // Secondary indexes (not those behind constraints) are dropped and rebuilt once at the end: much faster than
  // maintaining trigram GIN indexes row by row.
  const bigTables = ['information_system', 'system_lifecycle_event', 'connection', 'connection_event', 'observation', 'evidence'];
  const indexes = await exec(
    `select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (?)
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [bigTables],
  );
  for (const ix of indexes) await exec(`drop index ${String(ix.indexname)}`);

  const nextId = async (table: string) => Number((await exec(`select coalesce(max(id), 0)::int as n from ${table}`))[0].n) + 1;

  // -- agencies from the seed ----------------------------------------------------------------------------------
  const provinces: Agency[] = (
    await exec(`select id, code, name, kind, parent_id from agency
      where valid_from = date '${REORG}' and kind in ('PROVINCE', 'CENTRAL_CITY') order by id`)
  ).map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), kind: String(r.kind), parentId: null }));
  const communes: Agency[] = (
    await exec(`select id, code, name, kind, parent_id from agency where kind = 'COMMUNE' and valid_to is null order by id`)
  ).map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), kind: String(r.kind), parentId: Number(r.parent_id) }));
  const ministries: Agency[] = (
    await exec(`select id, code, name, kind, parent_id from agency
      where kind in ('MINISTRY', 'MINISTRY_LEVEL_AGENCY', 'GOVERNMENT_AGENCY') and valid_to is null order by id`)
  ).map((r) => ({ id: Number(r.id), code: String(r.code), name: String(r.name), kind: String(r.kind), parentId: null }));
  if (provinces.length !== 34) throw new Error(`expected the 34 current provinces in the seed, found ${provinces.length}`);
  const seedSystems = new Map(
    (await exec(`select id, code, name, kind, owner_id from information_system`)).map((r) => [
      String(r.code),
      { id: Number(r.id), code: String(r.code), name: String(r.name), kind: String(r.kind), ownerId: Number(r.owner_id) },
    ]),
  );
  const NDXP = seedSystems.get('NDXP');
  const CDVCQG = seedSystems.get('CDVCQG');
  if (!NDXP || !CDVCQG) throw new Error('seed systems NDXP and CDVCQG are missing');
  const nationalProviders: Sys[] = ['CSDLQG-DC', 'CSDL-CCCD', 'CSDLQG-DD', 'CSDLQG-CBCCVC', 'CDVCQG', 'VNEID', 'GPLX', 'DKPT', 'BHYT']
    .map((c) => seedSystems.get(c))
    .filter((s) => s !== undefined)
    .map((s) => ({ ...s, level: 'seed' as const, provinceId: null, ministryId: null, since: '2021-01-01' }));
  const provinceById = new Map(provinces.map((p) => [p.id, p]));
  step(`${provinces.length} provinces, ${communes.length} communes, ${ministries.length} ministries, ${seedSystems.size} seed systems`);

  // -- synthetic documents and evidence: one quarterly digital-transformation report per province, and per quarter
  // a national report on the NDXP; each report has one quote per indicator and one for its connection annex. -----
  const documents: Row[] = [];
  const evidence: Row[] = [];
  let documentId = await nextId('source_document');
  let evidenceId = await nextId('evidence');
  const evidenceOf = new Map<string, number>(); // `${publisher key}|${year}-${q}|${what}` -> evidence id
  const publishers = [...provinces.map((p) => ({ key: p.code, agency: p, national: false })), { key: 'VN', agency: null, national: true }];
  for (let year = 2019; year <= 2026; year++) {
    for (let q = 1; q <= 4; q++) {
      const published = toDate(ms(endOfMonth(year, q * 3)) + 10 * DAY);
      if (published > '2026-11-15') continue;
      for (const pub of publishers) {
        const id = documentId++;
        const where = pub.agency ? `${pub.agency.kind === 'CENTRAL_CITY' ? 'thành phố' : 'tỉnh'} ${pub.agency.name}` : 'toàn quốc';
        const key = `g-${pub.key.toLowerCase()}-${year}-q${q}`;
        const title = `Báo cáo kết quả chuyển đổi số quý ${q} năm ${year} ${where}`;
        const publisher = pub.agency ? `Sở Khoa học và Công nghệ ${where}` : 'Bộ Khoa học và Công nghệ';
        documents.push({
          id,
          key,
          title,
          publisher,
          search_text: documentSearchText({ title, publisher }),
          published_at: published,
          date_precision: 'DAY',
          file_name: `g/${key}.txt`,
          url: null,
          author: null,
          note: 'Synthetic document made by scripts/generate.ts for benchmarks; not a real source.',
        });
        const quotes: [string, string][] = [
          [
            'connections',
            `Danh mục các kết nối, chia sẻ dữ liệu qua nền tảng tích hợp, chia sẻ dữ liệu ${pub.national ? 'quốc gia' : where} quý ${q}/${year} tại Phụ lục II kèm theo`,
          ],
          ['systems', `Tình trạng vận hành các hệ thống thông tin, cơ sở dữ liệu quý ${q}/${year} tại Phụ lục III kèm theo`],
          ...INDICATORS.map((i): [string, string] => [
            i.code,
            `${i.name} ${pub.national ? 'của các bộ, ngành' : `của ${where} và các xã, phường`} quý ${q}/${year}: chi tiết tại Phụ lục I kèm theo`,
          ]),
        ];
        for (const [what, quote] of quotes) {
          evidence.push({ id: evidenceId, document_id: id, quote });
          evidenceOf.set(`${pub.key}|${year}-${q}|${what}`, evidenceId++);
        }
      }
    }
  }
  await bulkInsert(
    exec,
    'source_document',
    ['id', 'key', 'title', 'publisher', 'published_at', 'date_precision', 'file_name', 'url', 'author', 'note', 'search_text'],
    documents,
  );
  for (let i = 0; i < evidence.length; i += 20_000) await bulkInsert(exec, 'evidence', ['id', 'document_id', 'quote'], evidence.slice(i, i + 20_000));
  /** The evidence in the report covering `date` (the quarter's report), or null before 2019. */
  const evidenceFor = (publisherKey: string, date: string, what: string): number | null => {
    const { year, q } = quarterOf(date);
    return evidenceOf.get(`${publisherKey}|${year}-${q}|${what}`) ?? null;
  };
  step(`${documents.length} documents, ${evidence.length} evidence quotes`);

  // -- indicators ----------------------------------------------------------------------------------------------
  let indicatorId = await nextId('indicator');
  const indicatorIds = new Map<string, number>();
  const indicatorFolded = new Map<string, string>();
  await bulkInsert(
    exec,
    'indicator',
    ['id', 'code', 'name', 'name_en', 'unit', 'counts_connections', 'description', 'search_text'],
    INDICATORS.map((i) => {
      indicatorIds.set(i.code, indicatorId);
      indicatorFolded.set(i.code, searchText(i.name, i.nameEn));
      return {
        id: indicatorId++,
        code: i.code,
        name: i.name,
        name_en: i.nameEn,
        unit: i.unit,
        counts_connections: i.countsConnections,
        description: i.description,
        search_text: indicatorSearchText({ code: i.code, name: i.name, name_en: i.nameEn }),
      };
    }),
  );
  const indicatorByCode = new Map(INDICATORS.map((i) => [i.code, i]));

  // -- systems -------------------------------------------------------------------------------------------------
  let systemId = await nextId('information_system');
  const systems: Sys[] = [];
  const systemRows: Row[] = [];
  const provinceWord = (p: Agency) => `${p.kind === 'CENTRAL_CITY' ? 'thành phố' : 'tỉnh'} ${p.name}`;
  const addSystem = (s: Omit<Sys, 'id'>, nameEn: string, operatorId: number | null) => {
    const sys = { ...s, id: systemId++ };
    systems.push(sys);
    systemRows.push({
      id: sys.id,
      code: sys.code,
      kind: sys.kind,
      name: sys.name,
      name_en: nameEn,
      description: null,
      owner_id: sys.ownerId,
      operator_id: operatorId,
      status: null,
      status_since: null,
      search_text: systemSearchText({ code: sys.code, name: sys.name, name_en: nameEn }),
    });
    return sys;
  };
  const sinceDate = (from: string, to: string) => toDate(ms(from) + Math.floor(rnd.float() * ((ms(to) - ms(from)) / DAY)) * DAY);

  // Every province's LGSP first, so it is each province's first system (the benchmarks rely on it).
  const lgspOf = new Map<number, Sys>();
  for (const p of provinces) {
    lgspOf.set(
      p.id,
      addSystem(
        {
          code: `G-LGSP-${p.code}`,
          kind: 'INTEGRATION_PLATFORM',
          name: `Nền tảng tích hợp, chia sẻ dữ liệu ${provinceWord(p)}`,
          ownerId: p.id,
          level: 'province',
          provinceId: p.id,
          ministryId: null,
          since: sinceDate('2019-06-01', '2021-06-30'),
        },
        `Data integration and sharing platform (LGSP) of ${p.name}`,
        null,
      ),
    );
  }
  const provinceSystems = new Map<number, Sys[]>();
  const perProvince = Math.max(0, Math.round(12 * scale));
  for (const p of provinces) {
    const list: Sys[] = [];
    list.push(
      addSystem(
        {
          code: `G-TTHC-${p.code}`,
          kind: 'ADMIN_PROCEDURE_SYSTEM',
          name: `Hệ thống thông tin giải quyết thủ tục hành chính ${provinceWord(p)}`,
          ownerId: p.id,
          level: 'province',
          provinceId: p.id,
          ministryId: null,
          since: sinceDate('2019-01-01', '2021-12-31'),
        },
        `Administrative procedure system of ${p.name}`,
        null,
      ),
    );
    list.push(
      addSystem(
        {
          code: `G-IOC-${p.code}`,
          kind: 'OPERATIONS_CENTRE',
          name: `Trung tâm giám sát, điều hành thông minh (IOC) ${provinceWord(p)}`,
          ownerId: p.id,
          level: 'province',
          provinceId: p.id,
          ministryId: null,
          since: sinceDate('2020-01-01', '2023-12-31'),
        },
        `Intelligent operations centre of ${p.name}`,
        null,
      ),
    );
    for (let i = 0; i < perProvince; i++) {
      const t = PROVINCE_SYSTEMS[i % PROVINCE_SYSTEMS.length];
      const round = Math.floor(i / PROVINCE_SYSTEMS.length);
      list.push(
        addSystem(
          {
            code: `G-${t.code}-${p.code}${round ? `-${round + 1}` : ''}`,
            kind: t.kind,
            name: `${t.name} ${provinceWord(p)}${round ? ` (giai đoạn ${round + 1})` : ''}`,
            ownerId: p.id,
            level: 'province',
            provinceId: p.id,
            ministryId: null,
            since: sinceDate('2018-01-01', '2025-06-30'),
          },
          `${t.nameEn} of ${p.name}`,
          null,
        ),
      );
    }
    provinceSystems.set(p.id, list);
  }
  const communeSystems = new Map<number, Sys[]>(); // by province id
  const whole = Math.floor(scale);
  for (const c of communes) {
    const n = whole + (rnd.chance(scale - whole) ? 1 : 0);
    for (let i = 0; i < n; i++) {
      const t = COMMUNE_SYSTEMS[i % COMMUNE_SYSTEMS.length];
      const round = Math.floor(i / COMMUNE_SYSTEMS.length);
      const sys = addSystem(
        {
          code: `G-${t.code}-${c.code}${round ? `-${round + 1}` : ''}`,
          kind: t.kind,
          name: `${t.name} ${c.name}${round ? ` (${round + 1})` : ''}`,
          ownerId: c.id,
          level: 'commune',
          provinceId: c.parentId,
          ministryId: null,
          since: sinceDate(REORG, '2025-12-31'),
        },
        `${t.nameEn} of ${c.name}`,
        null,
      );
      const list = communeSystems.get(c.parentId!) ?? [];
      list.push(sys);
      communeSystems.set(c.parentId!, list);
    }
  }
  const ministrySystems = new Map<number, Sys[]>();
  const ministryPlatform = new Map<number, Sys>();
  const perMinistry = Math.max(1, Math.round((1200 * scale) / ministries.length));
  for (const m of ministries) {
    const list: Sys[] = [];
    ministryPlatform.set(
      m.id,
      addSystem(
        {
          code: `G-LGSP-${m.code}`,
          kind: 'INTEGRATION_PLATFORM',
          name: `Nền tảng tích hợp, chia sẻ dữ liệu ${m.name}`,
          ownerId: m.id,
          level: 'ministry',
          provinceId: null,
          ministryId: m.id,
          since: sinceDate('2019-01-01', '2021-12-31'),
        },
        `Integration platform of ${m.name}`,
        null,
      ),
    );
    for (let i = 1; i < perMinistry; i++) {
      const t = MINISTRY_SYSTEMS[i % MINISTRY_SYSTEMS.length];
      const n = Math.floor(i / MINISTRY_SYSTEMS.length) + 1;
      list.push(
        addSystem(
          {
            code: `G-${m.code}-${t.code}-${String(n).padStart(2, '0')}`,
            kind: t.kind,
            name: `${t.name} số ${n} của ${m.name}`,
            ownerId: m.id,
            level: 'ministry',
            provinceId: null,
            ministryId: m.id,
            since: sinceDate('2017-01-01', '2025-06-30'),
          },
          `${t.nameEn} no. ${n} of ${m.name}`,
          null,
        ),
      );
    }
    ministrySystems.set(m.id, list);
  }
  const allMinistrySystems = [...ministrySystems.values()].flat();
  const systemWriter = new Writer(exec, 'information_system', [
    'id',
    'code',
    'kind',
    'name',
    'name_en',
    'description',
    'owner_id',
    'operator_id',
    'status',
    'status_since',
    'search_text',
  ]);
  for (const row of systemRows) await systemWriter.add(row);
  await systemWriter.flush();
  step(`${systems.length} systems`);

  // Lifecycle: 1-2 events per system, the system row carrying the latest.
  const lifecycleWriter = new Writer(exec, 'system_lifecycle_event', ['system_id', 'status', 'occurred_on', 'evidence_id', 'note']);
  const statusUpdates: Row[] = [];
  for (const s of systems) {
    const publisher = s.provinceId ? provinceById.get(s.provinceId)!.code : 'VN';
    const events: [string, string][] = [];
    const operational = toDate(Math.min(ms(s.since) + rnd.int(60, 540) * DAY, ms('2026-09-30')));
    const r = rnd.float();
    if (r < 0.7) events.push(['IN_DEVELOPMENT', s.since], ['OPERATIONAL', operational]);
    else if (r < 0.85) events.push(['OPERATIONAL', s.since]);
    else if (r < 0.95) events.push(['IN_DEVELOPMENT', s.since], ['PILOT', operational]);
    else events.push(['PLANNED', s.since]);
    for (const [status, date] of events) {
      await lifecycleWriter.add({
        system_id: s.id,
        status,
        occurred_on: date,
        evidence_id: rnd.chance(0.6) ? evidenceFor(publisher, date, 'systems') : null,
        note: null,
      });
    }
    const [status, date] = events[events.length - 1];
    statusUpdates.push({ id: s.id, status, status_since: date });
  }
  await lifecycleWriter.flush();
  for (let i = 0; i < statusUpdates.length; i += 20_000) {
    await exec(
      `update information_system s set status = v.status, status_since = v.status_since
      from json_populate_recordset(null::information_system, ?::json) v where s.id = v.id`,
      [JSON.stringify(statusUpdates.slice(i, i + 20_000))],
    );
  }
  step(`${lifecycleWriter.count} lifecycle events`);

  // -- connections -----------------------------------------------------------------------------------------------
  const connectionWriter = new Writer(exec, 'connection', ['id', 'key', 'consumer_id', 'provider_id', 'via_id', 'status', 'status_since']);
  const eventWriter = new Writer(
    exec,
    'connection_event',
    ['connection_id', 'status', 'occurred_on', 'evidence_id', 'reason'],
    20_000,
    connectionWriter,
  );
  let connectionId = await nextId('connection');
  const pairs = new Set<string>();
  const connectionsOfLgsp = new Map<number, number>();
  const addConnection = async (
    consumer: Sys,
    provider: { id: number; code: string },
    via: { id: number; code: string } | null,
    earliest: string,
    publisher: string,
  ) => {
    if (consumer.id === provider.id || via?.id === consumer.id || via?.id === provider.id) return false;
    const pair = `${consumer.id}>${provider.id}`;
    if (pairs.has(pair)) return false;
    pairs.add(pair);
    const final = rnd.weighted(CONNECTION_FINAL);
    const chain = CONNECTION_CHAINS[final];
    const n = Math.min(chain.length, rnd.int(1, 4));
    const statuses = chain.slice(chain.length - n);
    const commune = earliest >= REORG;
    let date = ms(earliest < '2019-01-01' ? '2019-01-01' : earliest);
    date += Math.floor(rnd.float() * ((ms(commune ? '2026-03-31' : '2025-09-30') - date) / DAY)) * DAY;
    const id = connectionId++;
    const events: Row[] = [];
    let last = '';
    for (let i = 0; i < statuses.length; i++) {
      if (i > 0) date += rnd.int(commune ? 7 : 20, commune ? 50 : 130) * DAY;
      last = toDate(Math.min(date, ms(LAST_DATE)));
      events.push({
        connection_id: id,
        status: statuses[i],
        occurred_on: last,
        evidence_id: rnd.chance(0.7) ? evidenceFor(publisher, last, 'connections') : null,
        reason:
          statuses[i] === 'SUSPENDED'
            ? 'Tạm dừng để nâng cấp, bảo đảm an toàn thông tin'
            : statuses[i] === 'DISCONNECTED'
              ? 'Hệ thống được thay thế sau sắp xếp đơn vị hành chính'
              : null,
      });
    }
    // The connection row first: an events chunk may be written before the connections chunk is full.
    await connectionWriter.add({
      id,
      key: `${consumer.code}>${provider.code}${via ? `@${via.code}` : ''}`,
      consumer_id: consumer.id,
      provider_id: provider.id,
      via_id: via?.id ?? null,
      status: statuses[statuses.length - 1],
      status_since: last,
    });
    for (const e of events) await eventWriter.add(e);
    if (via) connectionsOfLgsp.set(via.id, (connectionsOfLgsp.get(via.id) ?? 0) + 1);
    return true;
  };
  const tries = async (count: number, make: () => Promise<boolean>) => {
    let made = 0;
    for (let attempt = 0; attempt < count * 3 && made < count; attempt++) if (await make()) made++;
  };

  for (const p of provinces) {
    const lgsp = lgspOf.get(p.id)!;
    await addConnection(lgsp, NDXP, null, lgsp.since, p.code);
    const own = provinceSystems.get(p.id)!;
    await addConnection(own[0], CDVCQG, null, own[0].since, p.code); // TTHC -> national public service portal
    for (const s of own) {
      await tries(20, async () => {
        const r = rnd.float();
        if (r < 0.4) return addConnection(s, rnd.pick(own), rnd.chance(0.6) ? lgsp : null, s.since, p.code);
        if (r < 0.7 && allMinistrySystems.length)
          return addConnection(s, rnd.pick(allMinistrySystems), rnd.chance(0.8) ? NDXP : null, s.since, p.code);
        if (r < 0.9) return addConnection(s, rnd.pick(nationalProviders), rnd.chance(0.8) ? NDXP : null, s.since, p.code);
        return addConnection(s, rnd.pick(own), null, s.since, p.code);
      });
    }
    for (const s of communeSystems.get(p.id) ?? []) {
      await tries(6, async () => {
        const r = rnd.float();
        if (r < 0.45) return addConnection(s, rnd.pick(own), rnd.chance(0.5) ? lgsp : null, s.since, p.code);
        if (r < 0.8) return addConnection(s, rnd.pick(own), null, s.since, p.code);
        return addConnection(s, rnd.pick(nationalProviders), rnd.chance(0.7) ? NDXP : null, s.since, p.code);
      });
    }
  }
  const provinceSystemList = [...provinceSystems.values()].flat();
  for (const m of ministries) {
    const own = ministrySystems.get(m.id)!;
    const platform = ministryPlatform.get(m.id)!;
    await addConnection(platform, NDXP, null, platform.since, 'VN');
    for (const s of own) {
      await tries(17, async () => {
        const r = rnd.float();
        if (r < 0.55) return addConnection(s, rnd.pick(allMinistrySystems), rnd.chance(0.7) ? NDXP : null, s.since, 'VN');
        if (r < 0.75) return addConnection(s, rnd.pick(own), rnd.chance(0.7) ? platform : null, s.since, 'VN');
        if (r < 0.85) return addConnection(s, rnd.pick(nationalProviders), rnd.chance(0.8) ? NDXP : null, s.since, 'VN');
        return addConnection(s, rnd.pick(provinceSystemList), rnd.chance(0.8) ? NDXP : null, s.since, 'VN');
      });
    }
  }
  await connectionWriter.flush();
  await eventWriter.flush();
  step(`${connectionWriter.count} connections, ${eventWriter.count} connection events`);

  // -- observations ------------------------------------------------------------------------------------------------
  const observationWriter = new Writer(
    exec,
    'observation',
    [
      'key',
      'indicator_id',
      'agency_id',
      'system_id',
      'value_text',
      'value',
      'numerator',
      'denominator',
      'qualifier',
      'target',
      'target_qualifier',
      'as_of',
      'period_start',
      'period_end',
      'reported_by_id',
      'evidence_id',
      'basis',
      'note',
      'search_text',
    ],
    10_000,
  );
  const foldedName = new Map<number, string>();
  const folded = (id: number, name: string) => {
    let f = foldedName.get(id);
    if (f === undefined) {
      f = foldText(name);
      foldedName.set(id, f);
    }
    return f;
  };
  const observe = async (o: {
    indicator: string;
    agency: Agency | null;
    system: Sys | null;
    asOf: string;
    periodStart: string;
    periodEnd: string;
    publisher: string;
    base: number;
    progress: number;
  }) => {
    const def = indicatorByCode.get(o.indicator)!;
    let value: number;
    let valueText: string;
    let numerator: number | null = null;
    let denominator: number | null = null;
    if (def.kind === 'rate') {
      value = Math.min(100, Math.round((45 + 50 * o.progress + rnd.float() * 8) * 10) / 10);
      denominator = Math.max(1, Math.round(o.base * (0.6 + rnd.float() * 0.8)));
      numerator = Math.round((denominator * value) / 100);
      value = Math.round((numerator / denominator) * 1000) / 10;
      valueText = `${viDec(value)}%`;
    } else {
      value = Math.round(o.base * (0.5 + o.progress) * (0.8 + rnd.float() * 0.4));
      valueText = `${viInt(value)} ${
        def.unit === 'dossiers'
          ? 'hồ sơ'
          : def.unit === 'transactions'
            ? 'giao dịch'
            : def.unit === 'records'
              ? 'bản ghi'
              : def.unit === 'services'
                ? 'dịch vụ'
                : def.unit === 'accounts'
                  ? 'tài khoản'
                  : def.unit === 'incidents'
                    ? 'sự cố'
                    : def.unit
      }`;
    }
    const evidenceId = evidenceFor(o.publisher, o.asOf, o.indicator);
    if (evidenceId === null) throw new Error(`no synthetic report covers ${o.asOf}`);
    const subject = o.system ? folded(o.system.id, o.system.name) : folded(-o.agency!.id, o.agency!.name);
    await observationWriter.add({
      key: `g:${o.system ? o.system.code : o.agency!.code}:${o.indicator.slice(2)}:${o.asOf}`,
      indicator_id: indicatorIds.get(o.indicator),
      agency_id: o.agency?.id ?? null,
      system_id: o.system?.id ?? null,
      value_text: valueText,
      value,
      numerator,
      denominator,
      qualifier: 'EXACT',
      target: null,
      target_qualifier: null,
      as_of: o.asOf,
      period_start: o.periodStart,
      period_end: o.periodEnd,
      reported_by_id: o.agency?.id ?? null,
      evidence_id: evidenceId,
      basis: 'REPORTED',
      note: null,
      search_text: `${indicatorFolded.get(o.indicator)} ${subject} ${foldText(valueText)}`,
    });
  };
  const months: { start: string; end: string; progress: number }[] = [];
  for (let m = 0; m < 15; m++) {
    const year = 2025 + Math.floor((6 + m) / 12);
    const month = ((6 + m) % 12) + 1;
    months.push({ start: `${year}-${String(month).padStart(2, '0')}-01`, end: endOfMonth(year, month), progress: m / 14 });
  }
  const quarters: { start: string; end: string; progress: number }[] = [];
  for (let i = 0; i < 15; i++) {
    const year = 2023 + Math.floor(i / 4);
    const q = (i % 4) + 1;
    quarters.push({ start: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, end: endOfMonth(year, q * 3), progress: i / 14 });
  }
  const communeById = new Map(communes.map((c) => [c.id, c]));
  const ministryById = new Map(ministries.map((m) => [m.id, m]));
  for (const s of systems) {
    if (s.level === 'commune') {
      const commune = communeById.get(s.ownerId)!;
      const publisher = provinceById.get(s.provinceId!)!.code;
      const list = s.kind === 'ADMIN_PROCEDURE_SYSTEM' ? COMMUNE_ONE_STOP_INDICATORS : SYSTEM_MONTHLY_INDICATORS;
      const base = rnd.int(200, 3000);
      for (const indicator of list) {
        for (const m of months)
          await observe({
            indicator,
            agency: commune,
            system: s,
            asOf: m.end,
            periodStart: m.start,
            periodEnd: m.end,
            publisher,
            base,
            progress: m.progress,
          });
      }
    } else if (s.kind !== 'INTEGRATION_PLATFORM' || s.level === 'ministry') {
      const owner = s.level === 'province' ? provinceById.get(s.ownerId)! : ministryById.get(s.ownerId)!;
      const publisher = s.level === 'province' ? owner.code : 'VN';
      const base = rnd.int(1000, 200_000);
      for (const indicator of SYSTEM_QUARTERLY_INDICATORS) {
        for (const q of quarters)
          await observe({
            indicator,
            agency: owner,
            system: s,
            asOf: q.end,
            periodStart: q.start,
            periodEnd: q.end,
            publisher,
            base,
            progress: q.progress,
          });
      }
    }
  }
  // Reported LGSP connection counts ("15/23"), quarterly: the figure the connection summary compares with the graph.
  for (const p of provinces) {
    const lgsp = lgspOf.get(p.id)!;
    const planned = Math.max(5, Math.round((connectionsOfLgsp.get(lgsp.id) ?? 20) * (0.3 + rnd.float() * 0.5)));
    for (const q of quarters) {
      const denominator = Math.max(3, Math.round(planned * (0.7 + 0.3 * q.progress)));
      const numerator = Math.min(denominator, Math.round(denominator * (0.3 + 0.65 * q.progress) + rnd.int(0, 2)));
      const valueText = `${numerator}/${denominator}`;
      await observationWriter.add({
        key: `g:${lgsp.code}:lgsp.systems_connected:${q.end}`,
        indicator_id: indicatorIds.get('g.lgsp.systems_connected'),
        agency_id: p.id,
        system_id: lgsp.id,
        value_text: valueText,
        value: numerator,
        numerator,
        denominator,
        qualifier: 'EXACT',
        target: null,
        target_qualifier: null,
        as_of: q.end,
        period_start: q.start,
        period_end: q.end,
        reported_by_id: p.id,
        evidence_id: evidenceFor(p.code, q.end, 'g.lgsp.systems_connected'),
        basis: 'REPORTED',
        note: null,
        search_text: `${indicatorFolded.get('g.lgsp.systems_connected')} ${folded(lgsp.id, lgsp.name)} ${valueText}`,
      });
    }
    for (const indicator of PROVINCE_MONTHLY_INDICATORS) {
      const base = rnd.int(20_000, 2_000_000);
      for (const m of months)
        await observe({
          indicator,
          agency: p,
          system: null,
          asOf: m.end,
          periodStart: m.start,
          periodEnd: m.end,
          publisher: p.code,
          base,
          progress: m.progress,
        });
    }
  }
  await observationWriter.flush();
  step(`${observationWriter.count} observations`);

  for (const table of [
    'source_document',
    'evidence',
    'indicator',
    'information_system',
    'system_lifecycle_event',
    'connection',
    'connection_event',
    'observation',
  ]) {
    await exec(`select setval(pg_get_serial_sequence('${table}', 'id'), (select coalesce(max(id), 1) from ${table}))`);
  }
  for (const ix of indexes) await exec(String(ix.indexdef));
  step(`rebuilt ${indexes.length} indexes`);

  const counts: Record<string, number> = {};
  for (const table of [
    'agency',
    'source_document',
    'evidence',
    'indicator',
    'information_system',
    'system_lifecycle_event',
    'connection',
    'connection_event',
    'observation',
  ]) {
    counts[table] = Number((await exec(`select count(*)::int as n from ${table}`))[0].n);
  }
  const kinds = await exec(`select kind, count(*)::int as n from agency where valid_to is null group by kind order by kind`);
  for (const k of kinds) counts[`agency (current) ${String(k.kind)}`] = Number(k.n);
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '1' }, 'database-url': { type: 'string' } },
    allowPositionals: false,
  });
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('give --database-url postgresql://... or set DATABASE_URL');
  await generate({ scale: Number(values.scale), databaseUrl });
}

if (import.meta.filename === process.argv[1] || process.argv[1]?.endsWith('generate.ts')) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
