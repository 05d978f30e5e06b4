/** Accessibility scans with axe-core: a view may have no serious or critical violation. */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * The WCAG 2.1 A and AA rules whose answer depends on colours; the others read the DOM, which is
 * the same in both themes (docs/testing.md, "Speed").
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe on the page as it is and fails with each serious/critical violation explained;
 * `coloursOnly` runs only the rules that read colours (the page seen a second time in another theme).
 */
export async function assertAccessible(
  page: Page,
  label: string,
  o: { coloursOnly?: boolean } = {},
): Promise<void> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (o.coloursOnly) builder.withRules(COLOUR_RULES);
  // Violations only: building the lists of passes and inapplicable rules is most of the work.
  const results = await builder.options({ resultTypes: ['violations'] }).analyze();
  const ran = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable];
  assert.ok(
    ran.some((r) => r.id === 'color-contrast'),
    `axe ran no colour check on ${label}`,
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const explained = bad.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replaceAll('\n', ' ')}`)
        .join('\n'),
  );
  assert.deepEqual(explained, [], `accessibility of ${label}`);
}
