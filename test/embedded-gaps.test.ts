import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';

/*
 * Issue 12 part 8 on the embedded database (PGlite, PostgreSQL 18 inside, where the server is 15): the migrations
 * (document text, the audit time index), code lists, a document's text and links, retiring, the change feed.
 */

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lt-embedded-gaps-'));
let app: App;
let url: string;
let admin: string;

beforeAll(async () => {
  app = await createApp(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test', PORT: '0', EMBEDDED_SNAPSHOT_DIR: 'off', RATE_LIMIT_PER_MINUTE: '0' }));
  url = await app.listen();
  admin = (await createApiKey(app.orm.em.fork(), { name: 'embedded admin', role: 'admin', agencyCodes: [] })).key;
}, 180_000);
afterAll(async () => {
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function gql(query: string, key?: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return res.json();
}

describe('embedded PostgreSQL: code lists, documents, retiring, the change feed', () => {
  it('filters by lists of codes and refuses an empty one', async () => {
    const { data } = await gql(`{ agencies(filter: { codes: ["68", "96", "NO-SUCH"] }) { totalCount }
      connections(filter: { systemCodes: ["LGSP-68", "NO-SUCH"] }) { nodes { key } }
      indicators(filter: { agencyCode: "68", codes: ["platform.systems_connected"] }) { totalCount } }`);
    expect(data.agencies.totalCount).toBe(2);
    expect(data.connections.nodes.map((n: any) => n.key)).toContain('LGSP-68>NDXP');
    expect(data.indicators.totalCount).toBe(1);
    const refused = await gql(`{ agencies(filter: { codes: [] }) { totalCount } }`);
    expect(refused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.codes' });
  });

  it("serves a document's text and the figures quoted from it", async () => {
    const { data } = await gql(`{ sourceDocuments(first: 100) { nodes { key fileName text observations(first: 1) { totalCount } } } }`);
    const doc = data.sourceDocuments.nodes.find((d: any) => d.key === 'lamdong-2023-07-12');
    expect(doc.text).toBe(fs.readFileSync(path.join('seeds/documents', doc.fileName), 'utf8'));
    expect(doc.observations.totalCount).toBeGreaterThan(0);
  });

  it('retires a connection and shows it in the public feed', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const retired = await gql(
      `mutation { retireConnection(input: { key: "LGSP-68>NDXP", date: "2026-11-30",
        evidence: { document: { title: "Thông báo thử", publishedAt: "2026-11-30" }, quote: "ngừng" } }) { connection { status history { status } } } }`,
      admin,
    );
    expect(retired.errors).toBeUndefined();
    expect(retired.data.retireConnection.connection.status).toBe('DISCONNECTED');
    const feed = await gql(`{ changes(since: "${since}") { totalCount nodes { kind entityKey action } } }`);
    expect(feed.data.changes).toEqual({ totalCount: 1, nodes: [{ kind: 'CONNECTION', entityKey: 'LGSP-68>NDXP', action: 'connection.status' }] });
  });
});
