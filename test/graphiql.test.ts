import fs from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../src/api/examples.js';
import { exampleTabs } from '../src/graphiql/graphiql-routes.js';
import { createApiKey } from '../src/modules/auth/auth.service.js';
import { routeOf } from '../src/server/request-log.js';
import { ARTIFACTS, hasChromium, launchHeadless, warnIfNoChromium, type HeadlessBrowser } from './support/browser.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * GraphiQL at /graphiql, served from the hub's own files: its HTTP routes and every file the page names, then the
 * page in headless Chromium with every request to another host aborted (the network of a ministry cut off from the
 * internet). Screenshots are kept in test-artifacts/ (git-ignored).
 */

warnIfNoChromium('GraphiQL browser test');

let app: TestApp;
let origin: string;
beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(await app.listen()).origin.replace('localhost', '127.0.0.1');
});
afterAll(async () => {
  await app?.stop();
});

/** The names GraphiQL's page and script ask for below /graphiql/assets/. */
function referencedAssets(html: string, script: string): string[] {
  const names = [...`${html}\n${script}`.matchAll(/\/graphiql\/assets\/([\w.-]+)/g)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

describe('GraphiQL routes', () => {
  it('serves the page with a strict Content-Security-Policy, no inline script and no CDN reference', async () => {
    for (const url of ['/graphiql', '/graphiql/', '/graphiql?x=1']) {
      const res = await fetch(`${origin}${url}`);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'none'"]) {
        expect(csp).toContain(directive);
      }
      // Nothing from another host, and no inline or evaluated script.
      expect(csp).not.toMatch(/https?:|\*|script-src[^;]*unsafe/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const html = await res.text();
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      // Every <script> names a file: an inline one would be refused by the CSP above.
      const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThanOrEqual(4);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/src="\/graphiql\/assets\//);
        expect(body.trim()).toBe('');
      }
      expect(html).toContain('href="/explorer"');
    }
  });

  it('serves every file the page and its script name, with its type, the same CSP and an ETag', async () => {
    const html = await (await fetch(`${origin}/graphiql`)).text();
    const script = await (await fetch(`${origin}/graphiql/assets/graphiql-page.js`)).text();
    const names = referencedAssets(html, script);
    expect(names).toEqual([
      'examples.json',
      'graphiql-page.css',
      'graphiql-page.js',
      'graphiql.min.css',
      'graphiql.min.js',
      'react-dom.production.min.js',
      'react.production.min.js',
    ]);
    const types: Record<string, string> = {
      js: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      json: 'application/json; charset=utf-8',
    };
    for (const name of names) {
      const res = await fetch(`${origin}/graphiql/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe(types[name.split('.').at(-1)!]);
      expect(res.headers.get('content-security-policy'), name).toContain("script-src 'self'");
      expect(Number(res.headers.get('content-length')), name).toBeGreaterThan(100);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^".+"$/);
      expect((await fetch(`${origin}/graphiql/assets/${name}`, { headers: { 'if-none-match': etag } })).status, name).toBe(304);
    }
    // The libraries are the pinned packages' own files, byte for byte.
    const own = (file: string) => fs.readFileSync(path.resolve('node_modules', file), 'utf8');
    expect(await (await fetch(`${origin}/graphiql/assets/graphiql.min.js`)).text()).toBe(own('graphiql/graphiql.min.js'));
    expect(await (await fetch(`${origin}/graphiql/assets/react.production.min.js`)).text()).toBe(own('react/umd/react.production.min.js'));
    // GraphiQL's style sheet carries its fonts and icons as data: URLs (font-src 'self' data:), nothing from a host.
    expect(own('graphiql/graphiql.min.css')).not.toMatch(/url\(["']?(https?:)?\/\//);
  });

  it('offers each example operation of src/api/examples.ts as a tab, with its comment', async () => {
    const tabs = (await (await fetch(`${origin}/graphiql/assets/examples.json`)).json()) as { name: string; query: string }[];
    const operations = parse(EXAMPLE_OPERATIONS).definitions as OperationDefinitionNode[];
    expect(tabs.map((t) => t.name)).toEqual(operations.map((o) => o.name!.value));
    expect(tabs.length).toBeGreaterThanOrEqual(10);
    for (const tab of tabs) {
      // One operation per tab, opening with the comment line that says what it asks.
      const definitions = parse(tab.query).definitions as OperationDefinitionNode[];
      expect(definitions.map((d) => d.name?.value)).toEqual([tab.name]);
      expect(tab.query).toMatch(/^# \S/);
      expect(EXAMPLE_OPERATIONS).toContain(tab.query.trim());
    }
    expect(tabs[0].query).toContain('LGSP-68');
  });

  it('splits any document of operations, whatever comes between them', () => {
    const tabs = exampleTabs('query A { a }\n# second\n# two lines\nquery B { b }\n\n\n{ c }\n');
    expect(tabs).toEqual([
      { name: 'A', query: 'query A { a }\n' },
      { name: 'B', query: '# second\n# two lines\nquery B { b }\n' },
      { name: 'Example 3', query: '{ c }\n' },
    ]);
  });

  it('answers 404 to unknown or traversing asset names and 405 to other methods', async () => {
    for (const name of [
      'nope.js',
      '..%2fgraphiql-routes.ts',
      '%2e%2e%2f%2e%2e%2fpackage.json',
      'graphiql.min.js.map',
      'constructor',
      '__proto__',
      '',
    ]) {
      const res = await fetch(`${origin}/graphiql/assets/${name}`);
      expect(res.status, name).toBe(404);
      expect(((await res.json()) as { error: string }).error).toContain('No GraphiQL asset');
    }
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${origin}/graphiql`, { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await fetch(`${origin}/graphiqlx`)).status).toBe(404);
  });

  it('counts its requests under route="graphiql" in the metrics', () => {
    for (const url of ['/graphiql', '/graphiql/', '/graphiql/assets/graphiql.min.js']) expect(routeOf(url), url).toBe('graphiql');
    for (const url of ['/graphiqlx', '/graphiq', '/x/graphiql']) expect(routeOf(url), url).toBe('other');
  });

  it("points Sandbox's offline fallback to /graphiql and /explorer, with Sandbox's telemetry off", async () => {
    const html = await (await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).text();
    const fallback = html.slice(html.indexOf('<div class="fallback">'), html.indexOf('</div>', html.indexOf('<div class="fallback">')));
    expect(fallback).toContain('cannot be loaded');
    expect(fallback).toContain('<a href="/graphiql">GraphiQL</a>');
    expect(fallback).toContain('<a href="/explorer">');
    expect(html).toContain('"runTelemetry":false');
    expect(html).not.toContain('"runTelemetry":true');
  });
});

describe('GRAPHIQL=false', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await startTestApp({}, { GRAPHIQL: 'false' });
  });
  afterAll(async () => {
    await off?.stop();
  });

  it('serves no /graphiql, and the landing page links only the explorer', async () => {
    const base = new URL(await off.listen()).origin;
    for (const url of ['/graphiql', '/graphiql/assets/graphiql.min.js']) expect((await fetch(`${base}${url}`)).status, url).toBe(404);
    const html = await (await fetch(`${base}/`, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toContain('/graphiql');
    expect(html).toContain('<a href="/explorer">');
  });
});

describe.skipIf(!hasChromium)('GraphiQL in headless Chromium, offline', () => {
  let context: BrowserContext;
  let browser: HeadlessBrowser | undefined;
  /** Every request the pages made (those aborted included), and every console error or uncaught exception. */
  const requests: string[] = [];
  const aborted: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchHeadless('graphiql', { viewport: { width: 1400, height: 900 } });
    context = browser.context;
    // No network but the hub: anything for another host (a CDN, fonts, telemetry) is aborted, as offline.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      aborted.push(url);
      return route.abort('internetdisconnected');
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openGraphiql(): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const response = await page.goto(`${origin}/graphiql`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('[data-testid="graphiql"][data-state="ready"] .graphiql-container', { timeout: 15_000 });
    return page;
  }

  /**
   * Runs the active tab and returns the result pane's text once it has an answer. GraphiQL picks up the operation name
   * of an edited or switched-to document after a short debounce (and sends the previous one until then): wait for it.
   */
  async function run(page: Page, operationName: string): Promise<string> {
    const editor = page.locator('.graphiql-query-editor .CodeMirror');
    await expect.poll(() => editor.evaluate((el: any) => el.CodeMirror.operationName), { timeout: 5_000 }).toBe(operationName);
    await page.waitForTimeout(300);
    const result = page.locator('.result-window .CodeMirror');
    // Emptied first, so a previous answer in the pane is never read as this one's.
    await result.evaluate((el: any) => el.CodeMirror.setValue(''));
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => result.evaluate((el: any) => el.CodeMirror.getValue()), { timeout: 15_000 }).toMatch(/^\{/);
    return result.evaluate((el: any) => el.CodeMirror.getValue() as string);
  }

  const setEditor = (page: Page, selector: string, text: string) =>
    page.locator(`${selector} .CodeMirror`).evaluate((el: any, value) => el.CodeMirror.setValue(value), text);

  it('opens with one tab per example, runs the 15/23 example, then another chosen by its tab', async () => {
    const page = await openGraphiql();
    const tabs = exampleTabs();
    const titles = await page.locator('.graphiql-tab .graphiql-tab-button').allInnerTexts();
    expect(titles.map((t) => t.trim())).toEqual(tabs.map((t) => t.name));

    const summary = JSON.parse(await run(page, 'LgspSummary'));
    expect(summary.data.informationSystem.connectionSummary).toMatchObject({ text: '15/23', basis: 'REPORTED' });
    expect(summary.data.informationSystem.connectionSummary.evidence[0].quote).toContain('15/23');
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-lgsp-summary.png') });

    // Another example, picked by its tab: the result pane shows what the API answers to the same operation.
    const path_ = tabs.find((t) => t.name === 'PathBetweenSystems')!;
    await page.locator('.graphiql-tab .graphiql-tab-button', { hasText: 'PathBetweenSystems' }).click();
    const shown = await page.locator('.graphiql-query-editor .CodeMirror').evaluate((el: any) => el.CodeMirror.getValue() as string);
    expect(shown.trim()).toBe(path_.query.trim());
    const paths = JSON.parse(await run(page, 'PathBetweenSystems'));
    expect(paths).toEqual({ data: await app.query(path_.query) });
    expect(paths.data.connectionPaths.length).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-path.png') });
    await page.close();
  });

  it('sends an API key entered in the Headers editor', async () => {
    const { key } = await createApiKey(app.orm.em.fork(), { name: 'graphiql-test', role: 'reader', agencyCodes: [] });
    const page = await openGraphiql();
    await page.locator('.graphiql-tab-add').click();
    await setEditor(page, '.graphiql-query-editor', 'query WhoAmI { viewer { name keyId } }');
    // GraphiQL reads the edited document after a short pause, then titles the tab by its operation.
    await page.locator('.graphiql-tab-active', { hasText: 'WhoAmI' }).waitFor();
    const anonymous = JSON.parse(await run(page, 'WhoAmI'));
    expect(anonymous.data.viewer.keyId).toBeNull();

    await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
    await setEditor(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${key}` }));
    const keyed = JSON.parse(await run(page, 'WhoAmI'));
    expect(keyed.data.viewer).toMatchObject({ name: 'graphiql-test' });
    expect(keyed.data.viewer.keyId).not.toBeNull();
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-api-key.png') });
    // The key is not written to localStorage (shouldPersistHeaders off).
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain(key);
    await page.close();
  });

  it('made no request outside the hub, and logged no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    expect(aborted).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows the landing page's note where Sandbox cannot load, and its link opens GraphiQL", async () => {
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    // Sandbox's script comes from Apollo's CDN: aborted here, as on a network without the internet.
    expect(aborted.some((url) => new URL(url).hostname.endsWith('apollographql.com'))).toBe(true);
    const note = page.locator('.lien-thong-offline');
    await note.waitFor({ state: 'visible', timeout: 10_000 });
    await expect
      .poll(() => note.evaluate((el: any) => Number((globalThis as any).getComputedStyle(el.parentElement).opacity)), { timeout: 5_000 })
      .toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-landing-offline.png') });
    await note.getByRole('link', { name: 'GraphiQL' }).click();
    await page.waitForSelector('[data-testid="graphiql"][data-state="ready"] .graphiql-container', { timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/graphiql');
    await page.close();
  });
});
