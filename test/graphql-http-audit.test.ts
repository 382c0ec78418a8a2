import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The GraphQL-over-HTTP audit suite of the `graphql-http` package (61 audits: MUST, SHOULD, MAY), run against the
 * hub's real HTTP server. Every MUST passes; the SHOULDs that do not are listed here with the reason, and the same
 * list is in the README ("GraphQL over HTTP conformance"). A SHOULD failing that is not listed fails this test.
 */
const SHOULD_NOT_PASSED: Record<string, string> = {
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json: Apollo Server answers 400.',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json: Apollo Server answers 400 (query limits too).',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json: Apollo Server answers 400.',
};

/** In production introspection is off, and these audits send introspection queries (`__type`): refused by design. */
const INTROSPECTION_AUDITS = new Set(['BF61', '28B9', '2EA1']);

const failures = (results: AuditResult[], level: 'MUST' | 'SHOULD') =>
  results.filter((r) => r.name.startsWith(level) && r.status !== 'ok').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`);

let app: TestApp;
let production: App;
beforeAll(async () => {
  app = await startTestApp();
  production = await createApp(
    loadConfig({ DATABASE_URL: app.databaseUrl, NODE_ENV: 'production', PORT: '0', SEED_ON_START: 'false', LOG_LEVEL: 'silent' }),
  );
});
afterAll(async () => {
  await production?.stop();
  await app?.stop();
});

describe('GraphQL over HTTP audit (graphql-http auditServer)', () => {
  it('passes every MUST; the SHOULDs not passed are the documented ones', async () => {
    const results = await auditServer({ url: await app.listen() });
    expect(results.length).toBeGreaterThanOrEqual(60);
    expect(failures(results, 'MUST')).toEqual([]);
    const should = results.filter((r) => r.name.startsWith('SHOULD') && r.status !== 'ok');
    expect(should.filter((r) => !SHOULD_NOT_PASSED[r.id]).map((r) => `${r.id} ${r.name}`)).toEqual([]);
    // The allow-list stays honest: an entry that passes again must be removed from it and from the README.
    expect(should.map((r) => r.id).sort()).toEqual(Object.keys(SHOULD_NOT_PASSED).sort());
  });

  it('in production (introspection off) fails only the audits that send introspection queries', async () => {
    const results = await auditServer({ url: await production.listen() });
    const failed = results.filter((r) => r.status !== 'ok' && !r.name.startsWith('MAY'));
    const unexplained = failed.filter((r) => !SHOULD_NOT_PASSED[r.id] && !INTROSPECTION_AUDITS.has(r.id));
    expect(unexplained.map((r) => `${r.id} ${r.name}`)).toEqual([]);
    expect(
      failures(results, 'MUST')
        .map((f) => f.slice(0, 4))
        .sort(),
    ).toEqual(['28B9', 'BF61']);
  });
});
