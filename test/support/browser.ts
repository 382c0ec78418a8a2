import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core; CI installs it (.ci/run). */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);
/** Where browser tests keep their screenshots (git-ignored). */
export const ARTIFACTS = path.resolve('test-artifacts');

/** Warns once per test file that its browser test is skipped, and why. */
export function warnIfNoChromium(what: string): void {
  if (!hasChromium) console.warn(`${what} skipped: ${CHROMIUM} does not exist (install Debian's "chromium" package; CI does).`);
}

export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium in a fresh profile folder (removed on close), with nothing of its own on the network (no
 * background requests, updates or sync), so a test can count every request its pages make.
 */
export async function launchHeadless(
  name: string,
  options: { viewport: { width: number; height: number }; locale?: string },
): Promise<HeadlessBrowser> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lt-${name}-chromium-`));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    ...options,
    timeout: 20_000,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
