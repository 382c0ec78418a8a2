import { afterAll, beforeAll, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';
let app: TestApp; let url: string;
beforeAll(async () => { app = await startTestApp({}, { RATE_LIMIT_PER_MINUTE: '0' }); url = await app.listen(); });
afterAll(async () => { await app?.stop(); });
const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
it('times', async () => {
  const cases: Record<string, string> = {
    sameField1998: `{ informationSystem(code: "a") { ${repeat(1990, () => 'code')} } }`,
    sameFieldArgs: `{ ${repeat(280, (i) => `informationSystem(code: "a${i % 2}") { code }`)} }`,
    aliases660: `{ ${repeat(660, (i) => `a${i}: __typename`)} }`,
    aliasObj: `{ ${repeat(300, (i) => `a${i}: indicator(code: "x") { code }`)} }`,
    deep: `{ ${'informationSystem(code: "a") { owner { '.repeat(1)}${'systems { nodes { owner { '.repeat(150)} code ${'} } }'.repeat(150)} } } }`,
    fragments: `query { ...F0 } ${repeat(60, (i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`)} fragment F60 on Query { __typename }`,
    directives: `{ ${repeat(600, (i) => `t${i}: __typename @skip(if: false)`)} }`,
    ok: '{ __typename }',
  };
  for (const [name, query] of Object.entries(cases)) {
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      body = await res.text();
      times.push(performance.now() - t);
    }
    console.log(name, query.length, times.map((x) => x.toFixed(1)).join(' '), body.slice(0, 160));
  }
});
