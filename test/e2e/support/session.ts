/**
 * The shared end-to-end fixture: a real headless host on a temp data folder serving the built
 * renderer (`npm run build` first), real Chromium, and a page whose errors (uncaught exceptions,
 * console errors, CSP refusals) are collected so every test can insist there were none.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BackoffPolicy } from '../../../core/sensors/supervisor/backoff.ts';
import { sharedBrowserContext } from '../../helpers/browser.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { AppShell } from '../pages/app-shell.ts';

export interface UiSession {
  host: TestHost;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  shell: AppShell;
  /** Errors the page reported so far. */
  errors: string[];
  /** Fails when the page reported any error. */
  assertNoErrors(): void;
}

export interface UiSessionOptions {
  packs?: string[];
  colorScheme?: 'light' | 'dark';
  /** Open the UI with the token link at once (default true). */
  open?: boolean;
  viewport?: { width: number; height: number };
  /** Restart delays of crashed pack sensors. */
  sensorBackoff?: Partial<BackoffPolicy>;
}

/** Collects a page's errors into `errors`. */
export function watchErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
}

export async function startUiSession(
  t: Pick<TestContext, 'after'>,
  o: UiSessionOptions = {},
): Promise<UiSession> {
  const host = await startTestHost(t, {
    ui: true,
    ...(o.packs ? { packs: o.packs } : {}),
    ...(o.sensorBackoff ? { sensorBackoff: o.sensorBackoff } : {}),
  });
  const context = await sharedBrowserContext(t, {
    viewport: o.viewport ?? { width: 1280, height: 800 },
    colorScheme: o.colorScheme ?? 'light',
    // The clipboard is used by "copy" buttons.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const browser = context.browser()!;
  const page = await context.newPage();
  const errors: string[] = [];
  watchErrors(page, errors);
  const shell = new AppShell(page, host.url);
  if (o.open !== false) await shell.open(host.token);
  return {
    host,
    browser,
    context,
    page,
    shell,
    errors,
    assertNoErrors: () => assert.deepEqual(errors, [], 'no errors in the page (CSP included)'),
  };
}
