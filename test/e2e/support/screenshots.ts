/**
 * Screenshots of a view in light and dark, written to test/e2e/output/ (git-ignored) to be
 * looked at; each theme is also scanned with axe, since contrast differs between them.
 */
import type { Page } from 'playwright-core';
import { screenshotPath } from '../../helpers/browser.ts';
import { assertAccessible } from './axe.ts';

/** Shows the page in the OS's light and dark scheme (the UI follows it by default). */
export async function inBothThemes(page: Page, name: string, o: { axe?: boolean } = {}): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await page.screenshot({ path: screenshotPath(`${name}-${scheme}`), fullPage: true });
    if (o.axe !== false) await assertAccessible(page, `${name} (${scheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
