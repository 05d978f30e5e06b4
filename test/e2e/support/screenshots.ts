/**
 * Screenshots of a view in light and dark, written to test/e2e/output/ (git-ignored) to be
 * looked at. Each is scanned with axe: light with every rule axe runs by default, dark with the rules
 * that read colours (contrast differs between themes; the DOM does not). The main region scrolls
 * inside the window, so the window grows to show all of it.
 */
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../helpers/browser.ts';
import { assertAccessible } from './axe.ts';

/** Shows the page in the OS's light and dark scheme (the UI follows it by default). */
export async function inBothThemes(page: Page, name: string, o: { axe?: boolean } = {}): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const needed = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.scrollHeight - main.clientHeight : 0;
  });
  if (needed > 0)
    await page.setViewportSize({ ...viewport, height: Math.min(viewport.height + needed, 2600) });
  try {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
      await saveScreenshot(page, `${name}-${scheme}`);
      // The second theme changes only colours: the rules that read the DOM ran in the first.
      if (o.axe !== false)
        await assertAccessible(page, `${name} (${scheme})`, { coloursOnly: scheme === 'dark' });
    }
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize(viewport);
  }
}
