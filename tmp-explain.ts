import 'reflect-metadata';
const { createApp } = await import('./src/app.js');
const { loadConfig } = await import('./src/config.js');
const statements: string[] = [];
const app = await createApp(loadConfig({ ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/lt_bench_x1', PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', SEED_ON_START: 'false', READ_CACHE: 'false' }), { onQuery: (s) => statements.push(s) });
const queries = [
  `{ integrationMatrix(systemCodes: ["CSDLQG-DC", "NDXP", "CDVCQG"]) { columns { system { code } text reported { text } } cells { agency { code } system { code } status statusSince evidence { quote } } } }`,
  `{ connectionCounts(groupBy: [STATUS, CONSUMER_OWNER_KIND]) { status consumerOwnerKind count } systemCounts(groupBy: [KIND, STATUS]) { kind status count } }`,
];
for (const q of queries) {
  for (let i = 0; i < 3; i++) {
    statements.length = 0;
    const t = performance.now();
    const r = await app.execute(q);
    console.log(`${(performance.now() - t).toFixed(0)} ms, ${statements.length} statements, errors ${JSON.stringify(r.errors ?? null).slice(0, 200)}, ${JSON.stringify(r.data).length} chars`);
  }
  for (const s of statements) console.log('STATEMENT', s.replace(/\s+/g, ' ').slice(0, 3000));
}
await app.stop();
