import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, hasChromium, launchHeadless, warnIfNoChromium, type HeadlessBrowser } from './support/browser.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The offline explorer page at /explorer: its HTTP routes, then the page itself in headless Chromium (Debian's
 * package, driven by playwright-core). Screenshots are kept in test-artifacts/ (git-ignored).
 */

warnIfNoChromium('explorer browser test');
const require = createRequire(import.meta.url);

let app: TestApp;
let origin: string;
beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(await app.listen()).origin;
});
afterAll(async () => {
  await app?.stop();
});

describe('explorer routes', () => {
  it('serves the page with a strict Content-Security-Policy, UTF-8 and no CDN reference', async () => {
    const res = await fetch(`${origin}/explorer?system=VNEID`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:", "object-src 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toMatch(/https?:|script-src[^;]*unsafe/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('data-testid="graph"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves the allow-listed assets, the library straight from node_modules, with ETags', async () => {
    const types: Record<string, string> = {
      'explorer.js': 'text/javascript; charset=utf-8',
      'explorer.css': 'text/css; charset=utf-8',
      'cytoscape.min.js': 'text/javascript; charset=utf-8',
    };
    for (const [name, type] of Object.entries(types)) {
      const res = await fetch(`${origin}/explorer/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBeTruthy();
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^".+"$/);
      const again = await fetch(`${origin}/explorer/assets/${name}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
    }
    const bundle = await (await fetch(`${origin}/explorer/assets/cytoscape.min.js`)).text();
    expect(bundle).toBe(fs.readFileSync(require.resolve('cytoscape/dist/cytoscape.min.js'), 'utf8'));
  });

  it('answers 404 to unknown or traversing asset names and 405 to other methods', async () => {
    for (const name of ['nope.js', '..%2fexplorer-routes.ts', '%2e%2e%2f%2e%2e%2fpackage.json', 'constructor', '__proto__', '']) {
      const res = await fetch(`${origin}/explorer/assets/${name}`);
      expect(res.status, name).toBe(404);
    }
    expect((await fetch(`${origin}/explorer`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${origin}/explorerx`)).status).toBe(404);
  });
});

describe.skipIf(!hasChromium)('explorer in headless Chromium', () => {
  let context: BrowserContext;
  let browser: HeadlessBrowser | undefined;
  /** Every URL the pages requested, and every console error or uncaught exception. */
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchHeadless('explorer', { viewport: { width: 1400, height: 1000 }, locale: 'vi-VN' });
    context = browser.context;
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(query: string): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${origin}/explorer${query}`);
    return page;
  }

  const graphReady = (page: Page, code: string) =>
    page.waitForSelector(`[data-testid="graph"][data-state="ready"][data-centre="${code}"]`, { timeout: 10_000 });

  async function neighbourhood(code: string) {
    const data = await app.query<any>(
      `query ($code: String!) { informationSystem(code: $code) {
      connectionSummary { text basis }
      neighbourhood { systems { system { code } } edges { status connection { key } } } } }`,
      { code },
    );
    return data.informationSystem;
  }

  /** What Cytoscape holds: node ids and each edge's status with the colour it is drawn in. */
  const drawn = (page: Page) =>
    page.evaluate(() => {
      const cy = (globalThis as any).explorer.cy;
      return {
        nodes: cy
          .nodes()
          .map((n: any) => n.id())
          .sort(),
        centre: cy.nodes('.centre').map((n: any) => n.id()),
        edges: cy.edges().map((e: any) => ({ key: e.data('key'), status: e.data('status'), color: e.style('line-color') })),
      };
    });

  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')})`;

  it('draws the neighbourhood of VNEID with status colours, its summary and evidence, and re-centres on a click', async () => {
    const page = await openPage('?system=VNEID');
    await graphReady(page, 'VNEID');
    const api = await neighbourhood('VNEID');
    const apiCodes = api.neighbourhood.systems.map((s: any) => s.system.code).sort();
    expect(apiCodes).toEqual(['BHYT', 'DKPT', 'GPLX', 'VNEID']);

    const graph = page.getByTestId('graph');
    expect(Number(await graph.getAttribute('data-node-count'))).toBe(apiCodes.length);
    expect(Number(await graph.getAttribute('data-edge-count'))).toBe(api.neighbourhood.edges.length);
    const cy = await drawn(page);
    expect(cy.nodes).toEqual(apiCodes);
    expect(cy.centre).toEqual(['VNEID']);
    expect(await page.getByTestId('node-list').locator('button').count()).toBe(apiCodes.length);

    // Each edge is drawn in its status's colour, the one the legend shows.
    const legend = Object.fromEntries(
      await page
        .getByTestId('status-legend')
        .locator('li')
        .evaluateAll((items) => items.map((li) => [li.getAttribute('data-status'), li.getAttribute('data-color')])),
    );
    expect(Object.keys(legend)).toEqual(['CONNECTED', 'TESTING', 'IN_PROGRESS', 'PLANNED', 'SUSPENDED', 'DISCONNECTED']);
    expect(new Set(Object.values(legend)).size).toBe(6);
    expect(cy.edges.map((e: any) => e.key).sort()).toEqual(api.neighbourhood.edges.map((e: any) => e.connection.key).sort());
    for (const edge of cy.edges) {
      expect(edge.status).toBe('CONNECTED');
      expect(edge.color.replace(/\s/g, '')).toBe(rgb(legend[edge.status]));
    }
    expect(await page.locator('[data-testid="status-legend"] li[data-status="CONNECTED"]').getAttribute('data-count')).toBe('3');

    const summary = page.getByTestId('summary');
    expect(await summary.getAttribute('data-system')).toBe('VNEID');
    expect(await page.getByTestId('summary-text').innerText()).toBe('3/3');
    const summaryText = await summary.innerText();
    expect(summaryText).toContain('Ứng dụng định danh và xác thực điện tử quốc gia (VNeID)');
    expect(summaryText).toContain('COMPUTED');
    expect(await summary.locator('blockquote').first().innerText()).toContain('10,2 triệu dữ liệu giấy phép lái xe');
    expect(summaryText).toContain('Báo Pháp Luật TP.HCM (PLO)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-vneid.png'), fullPage: true });

    // A real mouse click on GPLX's node in the canvas makes it the centre.
    const position = await page.evaluate(() => (globalThis as any).explorer.cy.getElementById('GPLX').renderedPosition());
    const box = (await graph.boundingBox())!;
    await page.mouse.click(box.x + position.x, box.y + position.y);
    await graphReady(page, 'GPLX');
    await page.waitForSelector('[data-testid="summary"][data-system="GPLX"]');
    const gplx = await neighbourhood('GPLX');
    expect(await page.getByTestId('summary-text').innerText()).toBe(gplx.connectionSummary.text);
    expect(await summary.innerText()).toContain('Cơ sở dữ liệu giấy phép lái xe');
    expect((await drawn(page)).centre).toEqual(['GPLX']);
    expect(Number(await graph.getAttribute('data-node-count'))).toBe(gplx.neighbourhood.systems.length);
    expect(new URL(page.url()).searchParams.get('system')).toBe('GPLX');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-gplx.png'), fullPage: true });

    // The accessible list does the same; the browser's Back button returns to the previous centre.
    await page.getByTestId('node-list').locator('button[data-code="VNEID"]').click();
    await graphReady(page, 'VNEID');
    expect(await page.getByTestId('summary-text').innerText()).toBe('3/3');
    await page.goBack();
    await graphReady(page, 'GPLX');
    await page.close();
  });

  it("shows LGSP-68's reported 15/23 with its quote", async () => {
    const page = await openPage('?system=LGSP-68');
    await graphReady(page, 'LGSP-68');
    const summary = page.getByTestId('summary');
    expect(await page.getByTestId('summary-text').innerText()).toBe('15/23');
    const basis = page.getByTestId('summary-basis');
    expect(await basis.innerText()).toBe('REPORTED');
    expect(await basis.isVisible()).toBe(true);
    const quote = summary.locator('blockquote', { hasText: 'đã kết nối đươc 15/23 hệ thống thông tin, CSDL' });
    expect(await quote.isVisible()).toBe(true);
    expect(await page.getByTestId('summary-asof').innerText()).toBe('2023-07-12');
    expect(await page.getByTestId('summary-note').innerText()).toContain('reported figure is served');
    expect(await summary.innerText()).toContain('Báo Lâm Đồng');
    expect(await summary.innerText()).toContain('Nền tảng tích hợp, chia sẻ dữ liệu tỉnh Lâm Đồng');
    const api = await neighbourhood('LGSP-68');
    expect(Number(await page.getByTestId('graph').getAttribute('data-node-count'))).toBe(api.neighbourhood.systems.length);
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-lgsp-68.png'), fullPage: true });
    await page.close();
  });

  it("colours each edge by its status: the population database's connected and planned connections", async () => {
    const page = await openPage('?system=CSDLQG-DC&depth=2');
    await graphReady(page, 'CSDLQG-DC');
    expect(await page.getByLabel('Depth').inputValue()).toBe('2');
    const api = await neighbourhood('CSDLQG-DC');
    const cy = await drawn(page);
    expect(cy.nodes.length).toBe(api.neighbourhood.systems.length);
    const byKey = Object.fromEntries(cy.edges.map((e: any) => [e.key, e]));
    expect(byKey['TTHC-96>CSDLQG-DC'].status).toBe('CONNECTED');
    expect(byKey['CSDL-CCCD>CSDLQG-DC'].status).toBe('PLANNED');
    const colour = async (status: string) =>
      rgb((await page.locator(`[data-testid="status-legend"] li[data-status="${status}"]`).getAttribute('data-color'))!);
    expect(byKey['TTHC-96>CSDLQG-DC'].color.replace(/\s/g, '')).toBe(await colour('CONNECTED'));
    expect(byKey['CSDL-CCCD>CSDLQG-DC'].color.replace(/\s/g, '')).toBe(await colour('PLANNED'));
    expect(await colour('CONNECTED')).not.toBe(await colour('PLANNED'));
    // The table says it in words too.
    expect(await page.locator('[data-testid="edge-list"] tr[data-key="CSDL-CCCD>CSDLQG-DC"]').innerText()).toContain('Planned');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-csdlqg-dc.png'), fullPage: true });
    await page.close();
  });

  it('finds a system by its Vietnamese name and shows GraphQL errors with their code', async () => {
    const page = await openPage('?system=LGSP-68');
    await graphReady(page, 'LGSP-68');
    const picker = page.getByRole('combobox', { name: 'System (code or name)' });
    await picker.fill('giấy phép lái xe');
    await page.getByRole('option', { name: /GPLX/ }).waitFor();
    await page.getByRole('button', { name: 'Show graph' }).click();
    await graphReady(page, 'GPLX');
    // Keyboard: type, pick the first suggestion with the arrow key, Enter.
    await picker.fill('lam dong');
    await page.getByRole('option', { name: /LGSP-68/ }).waitFor();
    await picker.press('ArrowDown');
    expect(await picker.getAttribute('aria-activedescendant')).toBe('system-option-0');
    await picker.press('Enter');
    await graphReady(page, 'LGSP-68');

    await page.goto(`${origin}/explorer?system=VNEID&asOf=2023-13-45`);
    const error = page.getByTestId('error');
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toContain('2023-13-45');
    expect(await error.locator('li').first().getAttribute('data-code')).toBe('BAD_USER_INPUT');

    await page.goto(`${origin}/explorer?system=NO-SUCH-SYSTEM`);
    await error.waitFor({ state: 'visible' });
    expect(await error.innerText()).toContain('NOT_FOUND');
    await page.screenshot({ path: path.join(ARTIFACTS, 'explorer-error.png') });
    await page.close();
  });

  it('made no request outside the hub and logged no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
    // The one expected console error: the browser logs the 400 answer to the invalid date on its own.
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
  });
});
