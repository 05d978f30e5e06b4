/**
 * The whole of a long view: the main region scrolls inside the window, so a page screenshot
 * shows only its first screen. This one makes the window as tall as the view for a moment and
 * shoots it in light and dark, to `test/e2e/output/<name>-whole-<scheme>.png`.
 */
import type { Page } from 'playwright-core';
import { saveScreenshot } from '../../helpers/browser.ts';

export async function wholeViewInBothThemes(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  const tall = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.scrollHeight - main.clientHeight : 0;
  });
  await page.setViewportSize({ width: size.width, height: Math.min(size.height + tall, 8000) });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForFunction((s) => document.documentElement.dataset.theme === s, scheme);
    await saveScreenshot(page, `${name}-whole-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(size);
}
