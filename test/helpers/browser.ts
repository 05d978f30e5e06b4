/** Real Chromium for end-to-end tests (Debian's /usr/bin/chromium, driven by playwright-core). */
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../e2e/output/', import.meta.url));

/** Launches headless Chromium; `extraArgs` adds switches (e.g. `--host-resolver-rules`). */
export async function launchChromium(
  t: Pick<TestContext, 'after'>,
  extraArgs: string[] = [],
): Promise<Browser> {
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
      ...extraArgs,
    ],
  });
  t.after(() => browser.close());
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return browser;
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}
