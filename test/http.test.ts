import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
beforeAll(async () => {
  app = await startTestApp();
  url = await app.listen();
});
afterAll(async () => {
  await app?.stop();
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP', () => {
  it('answers a POSTed query with the LGSP summary', async () => {
    const res = await post({ query: '{ informationSystem(code: "LGSP-68") { connectionSummary { text } } }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(await res.json()).toEqual({ data: { informationSystem: { connectionSummary: { text: '15/23' } } } });
  });

  it('serves the Sandbox landing page with the example operations in development', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('sandbox');
    expect(html).toContain('LgspSummary');
  });

  it('answers 400 OPERATION_RESOLUTION_FAILURE, never a 500, when operationName picks no operation of the document', async () => {
    // GraphiQL sends the name of the operation it last saw, which may lag behind an edited document.
    const cases = [
      { query: 'query A { viewer { name } }', operationName: 'B' },
      { query: 'query A { viewer { name } } query C { viewer { name } }' },
      { query: 'query A { viewer { name } } query C { viewer { name } }', operationName: 'D' },
      { query: '{ viewer { name } }', operationName: 'A' },
      { query: 'mutation M { __typename }', operationName: 'N' },
      { query: 'subscription S { connectionStatusChanged { __typename } }', operationName: 'T' },
    ];
    for (const body of cases) {
      const res = await post(body);
      const answer: any = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(answer.errors[0].extensions.code).toBe('OPERATION_RESOLUTION_FAILURE');
      expect(answer.errors[0].message).toMatch(
        body.operationName ? `Unknown operation named "${body.operationName}"` : /Must provide operation name/,
      );
    }
  });

  it('is alive at /healthz', async () => {
    const res = await fetch(url.replace('/graphql', '/healthz'));
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('refuses malformed JSON, oversize bodies and unknown fields with clear errors', async () => {
    const malformed = await post('{ "query": ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');

    const big = await post({ query: `{ __typename }`, padding: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);

    const unknown = await post({ query: '{ informationSystem(code: "NDXP") { nosuchfield } }' });
    const body: any = await unknown.json();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toContain('nosuchfield');
  });

  it('masks unexpected errors: a generic message and a code, no SQL, no stack trace', async () => {
    const exec = (sql: string) => app.orm.em.fork().getConnection().execute(sql);
    await exec('alter table source_document rename to source_document_hidden');
    try {
      const res = await post({ query: '{ sourceDocuments { totalCount } }' });
      const body: any = await res.json();
      expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(body.errors[0].message).not.toMatch(/source_document|relation|select/i);
      expect(JSON.stringify(body)).not.toContain('stacktrace');
    } finally {
      await exec('alter table source_document_hidden rename to source_document');
    }
  });
});
