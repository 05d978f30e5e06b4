/**
 * react-aria-components draw switches, radios and checkboxes over a visually hidden native
 * input inside their label; a user clicks the label, so the tests do too.
 */
import type { Locator } from 'playwright-core';

/** Clicks the visible label of a switch, radio or checkbox found by its role. */
export async function clickToggle(input: Locator): Promise<void> {
  await input.locator('xpath=ancestor::label[1]').click();
}
