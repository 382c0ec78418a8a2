import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { ARTIFACTS, hasChromium, launchHeadless, warnIfNoChromium, type HeadlessBrowser } from './support/browser.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * CORS in real Chromium: a dashboard page served by this test from another origin (its own port) runs a query and a
 * mutation with an API key through fetch(); the same page from an origin CORS_ORIGINS does not list is refused by
 * the browser, and its mutation never reaches the hub. Screenshots in test-artifacts/ (git-ignored).
 */

warnIfNoChromium('CORS browser test');

/** The dashboard: reads the hub URL, the key and the status to set from its URL's hash, then shows what fetch() got. */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Dashboard</title></head>
<body style="font: 14px sans-serif"><h1>Dashboard on <span id="origin"></span></h1><pre id="result">running</pre>
<script>
  const { hub, key, status } = Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
  document.getElementById('origin').textContent = location.origin;
  async function call(query) {
    try {
      const res = await fetch(hub, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + key },
        body: JSON.stringify({ query }),
      });
      return { status: res.status, requestId: res.headers.get('x-request-id'), body: await res.json() };
    } catch (error) {
      return { failed: error.name + ': ' + error.message };
    }
  }
  (async () => {
    const query = await call('query Lgsp { informationSystem(code: "LGSP-68") { code name } }');
    const mutation = await call('mutation Set { setConnectionStatus(input: { consumerCode: "LGSP-68", providerCode: "NDXP", status: '
      + status + ', date: "2024-05-01", reason: "browser", evidence: { document: { title: "Browser test", publishedAt: "2024-05-01" }, quote: "browser" } }) { connection { key status } } }');
    window.results = { query, mutation };
    const pre = document.getElementById('result');
    pre.textContent = JSON.stringify(window.results, null, 2);
    pre.dataset.done = 'true';
  })();
</script></body></html>`;

function servePage(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port })));
}

describe.skipIf(!hasChromium)('CORS in headless Chromium', () => {
  let app: TestApp;
  let hubUrl: string;
  let key: string;
  let allowed: { server: http.Server; port: number };
  let stranger: { server: http.Server; port: number };
  let context: BrowserContext;
  let browser: HeadlessBrowser | undefined;

  beforeAll(async () => {
    allowed = await servePage();
    stranger = await servePage();
    app = await startTestApp({}, { CORS_ORIGINS: `http://127.0.0.1:${allowed.port}`, RATE_LIMIT_PER_MINUTE: '0' });
    hubUrl = (await app.listen()).replace('localhost', '127.0.0.1');
    key = (await createApiKey(app.orm.em.fork(), { name: 'dashboard', role: 'admin', agencyCodes: [] })).key;
    browser = await launchHeadless('cors', { viewport: { width: 900, height: 700 } });
    context = browser.context;
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    allowed?.server.close();
    stranger?.server.close();
    await app?.stop();
  });

  async function runDashboard(port: number, status: string, screenshot: string) {
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const hash = new URLSearchParams({ hub: hubUrl, key, status }).toString();
    await page.goto(`http://127.0.0.1:${port}/#${hash}`);
    await page.waitForSelector('#result[data-done="true"]', { timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, screenshot), fullPage: true });
    const results = await page.evaluate(() => (globalThis as unknown as { results: Record<string, any> }).results);
    await page.close();
    return { results, consoleErrors };
  }

  const currentStatus = async () =>
    (await app.orm.em.fork().getConnection().execute("select status from connection where key = 'LGSP-68>NDXP'"))[0]?.status;

  it('a page of a listed origin runs a query and a mutation with a key', async () => {
    const { results } = await runDashboard(allowed.port, 'SUSPENDED', 'cors-allowed-origin.png');
    expect(results.query).toMatchObject({ status: 200, body: { data: { informationSystem: { code: 'LGSP-68' } } } });
    // The page reads x-request-id: it is exposed.
    expect(results.query.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(results.mutation).toMatchObject({
      status: 200,
      body: { data: { setConnectionStatus: { connection: { key: 'LGSP-68>NDXP', status: 'SUSPENDED' } } } },
    });
    expect(await currentStatus()).toBe('SUSPENDED');
  });

  it('a page of an origin not listed is refused by the browser, and its mutation never runs', async () => {
    const { results, consoleErrors } = await runDashboard(stranger.port, 'DISCONNECTED', 'cors-refused-origin.png');
    expect(results.query).toEqual({ failed: 'TypeError: Failed to fetch' });
    expect(results.mutation).toEqual({ failed: 'TypeError: Failed to fetch' });
    expect(consoleErrors.join('\n')).toMatch(/blocked by CORS policy/);
    expect(await currentStatus()).toBe('SUSPENDED');
  });
});
