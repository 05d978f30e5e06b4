/** Real Chromium for end-to-end tests (Debian's /usr/bin/chromium, driven by playwright-core). */
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  chromium,
  type Page,
} from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../e2e/output/', import.meta.url));

/** Launches headless Chromium; `extraArgs` adds switches (e.g. `--host-resolver-rules`). */
export async function launchChromium(
  t: Pick<TestContext, 'after'>,
  extraArgs: string[] = [],
): Promise<Browser> {
  const browser = await launch(extraArgs);
  t.after(() => browser.close());
  return browser;
}

async function launch(extraArgs: string[]): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Headless Chromium still preloads the omnibox popup's WebUI (two pages in a renderer of
      // their own) for every browser context: ~0.9 s of CPU per test for a popup no test opens,
      // a third of all renderer time (docs/testing.md, "Speed").
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
      ...extraArgs,
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return browser;
}

/** How long the shared browser stays open with no context, for the next test to pick it up. */
const SHARED_IDLE_MS = 2_000;
let shared: { browser: Promise<Browser>; users: number; idle: NodeJS.Timeout | null } | null = null;

/**
 * A fresh browser context in a Chromium shared by the tests of this process (docs/testing.md,
 * "Speed"): launching Chromium costs more than most tests. A context is what a fresh browser
 * gives a test (its own cookies, storage, cache and permissions); it is closed after the test.
 * The browser closes once no test has used it for a moment, so the process can end; a test
 * that starts later launches a new one.
 */
export async function sharedBrowserContext(
  t: Pick<TestContext, 'after'>,
  options: BrowserContextOptions,
): Promise<BrowserContext> {
  if (!shared) {
    const browser = launch([]);
    shared = { browser, users: 0, idle: null };
    // A failed launch or a crashed browser is not kept: the next test launches a new one.
    const forget = () => {
      if (shared?.browser === browser) shared = null;
    };
    browser.then((b) => b.on('disconnected', forget), forget);
  }
  const s = shared;
  if (s.idle) clearTimeout(s.idle);
  s.idle = null;
  s.users++;
  let context: BrowserContext;
  try {
    context = await (await s.browser).newContext(options);
  } catch (e) {
    release(s);
    throw e;
  }
  t.after(async () => {
    try {
      await context.close();
    } finally {
      release(s);
    }
  });
  return context;
}

function release(s: NonNullable<typeof shared>): void {
  s.users--;
  if (s.users > 0) return;
  s.idle = setTimeout(() => {
    if (shared === s) shared = null;
    void s.browser.then((b) => b.close()).catch(() => {});
  }, SHARED_IDLE_MS);
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}

const devtools = new WeakMap<Page, Promise<CDPSession>>();

/**
 * Writes what the window shows to `test/e2e/output/<name>.png`, once the page's fonts are loaded.
 * It asks Chromium for the picture itself, encoded for speed (docs/testing.md, "Speed"):
 * `page.screenshot` took twice the CPU for the same picture, a few percent of a whole run.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  let session = devtools.get(page);
  if (!session) {
    session = page.context().newCDPSession(page);
    devtools.set(page, session);
  }
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const { data } = await (await session).send('Page.captureScreenshot', {
    format: 'png',
    optimizeForSpeed: true,
  });
  const file = screenshotPath(name);
  fs.writeFileSync(file, Buffer.from(data, 'base64'));
  return file;
}
