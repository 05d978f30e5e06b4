/** Keyboard-only driving: Tab until the focused control has the accessible name wanted. */
import type { Page } from 'playwright-core';

/** The focused element's name as a user hears it: its label, aria-label, or text. */
export async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const labelled = el.getAttribute('aria-labelledby');
    const byIds = labelled
      ?.split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ');
    const label = (el as HTMLInputElement).labels?.[0]?.textContent;
    return (el.getAttribute('aria-label') ?? byIds ?? label ?? el.innerText ?? '').trim();
  });
}

/** Presses Tab (Shift+Tab with `back`, at most `max` times) until the focused control's name matches. */
export async function tabTo(
  page: Page,
  name: string | RegExp,
  o: { back?: boolean; max?: number } = {},
): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < (o.max ?? 80); i++) {
    await page.keyboard.press(o.back ? 'Shift+Tab' : 'Tab');
    const now = await focusedName(page);
    seen.push(now);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
  }
  throw new Error(`Tab never reached "${name}"; it went through: ${seen.join(' → ')}`);
}
