import { describe, expect, it } from 'vitest';
import { landingPagePlugin, offlineNote, withOfflineNote } from '../../src/server/landing-page.js';

/** The HTML Apollo's landing page plugin renders, as Apollo Server asks for it. */
async function render(development: boolean, graphiql: boolean): Promise<string> {
  const plugin = landingPagePlugin({ development, graphiql });
  const listener = await plugin.serverWillStart!({} as never);
  const page = await listener!.renderLandingPage!();
  return typeof page.html === 'string' ? page.html : page.html();
}

describe('landing page', () => {
  it.each([
    ['Sandbox (development)', true, 'Apollo Sandbox cannot be loaded'],
    ["Apollo's page (production)", false, 'The full landing page cannot be loaded'],
  ])('%s: the note follows Apollo\'s "cannot be loaded" line, inside its fallback', async (_name, development, line) => {
    for (const graphiql of [true, false]) {
      const html = await render(development, graphiql);
      const fallback = html.slice(html.indexOf('<div class="fallback">'), html.indexOf('</div>', html.indexOf('<div class="fallback">')));
      expect(fallback).toContain(line);
      expect(fallback.indexOf(line)).toBeLessThan(fallback.indexOf('lien-thong-offline'));
      expect(fallback).toContain('<a href="/explorer">');
      expect(fallback.includes('<a href="/graphiql">GraphiQL</a>'), `graphiql ${graphiql}`).toBe(graphiql);
    }
  });

  it("lets clicks through Sandbox's empty frame holder, with the nonce of Apollo's own styles", async () => {
    const html = await render(true, true);
    const nonces = new Set([...html.matchAll(/nonce="?([\w-]+)"?/g)].map((m) => m[1]));
    expect(nonces.size).toBe(1);
    const [nonce] = nonces;
    expect(html).toContain(`<style nonce="${nonce}">#embeddableSandbox:empty, #embeddableExplorer:empty { pointer-events: none; }</style>`);
    // The page's CSP allows styles by that nonce.
    expect(html).toMatch(new RegExp(`style-src 'nonce-${nonce}'`));
  });

  it('turns Sandbox telemetry off and keeps the example operations', async () => {
    const html = await render(true, true);
    expect(html).toContain('"runTelemetry":false');
    expect(html).not.toContain('"runTelemetry":true');
    expect(html).toContain('LgspSummary');
    expect(html).toContain('"includeCookies":false');
  });

  it('puts the note at the end of the body when the page has no fallback line, and adds no style without a nonce', () => {
    const note = offlineNote(true);
    expect(withOfflineNote('<html><body><p>Hello</p></body></html>', note)).toBe(`<html><body><p>Hello</p>${note}\n</body></html>`);
    const page = '<body><style nonce=abc123>x{}</style><p>Sandbox cannot be loaded; offline.</p></body>';
    expect(withOfflineNote(page, note)).toContain(`<p>Sandbox cannot be loaded; offline.</p>\n  ${note}\n  <style nonce="abc123">`);
  });
});
