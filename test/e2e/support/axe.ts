/** Accessibility scans with axe-core: a view may have no serious or critical violation. */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/**
 * The rules whose answer depends on colours; the others read the DOM, which is the same in both
 * themes (docs/testing.md, "Speed").
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe on the page as it is and fails with each serious/critical violation explained. By
 * default every rule axe runs unless told otherwise (WCAG 2.0–2.2 A and AA, and its best
 * practices); `coloursOnly` runs only the rules that read colours (the page seen a second time
 * in another theme).
 */
export async function assertAccessible(
  page: Page,
  label: string,
  o: { coloursOnly?: boolean } = {},
): Promise<void> {
  // axe runs in the page itself (its "legacy mode"), which scans same-origin frames only; the
  // default runs each frame apart and merges the results in a new blank tab, a renderer started
  // for every scan. The app's CSP allows no frame from another origin, and this keeps it so.
  const origin = new URL(page.url()).origin;
  const foreign = page
    .frames()
    .map((f) => f.url())
    .filter((u) => u !== '' && u !== 'about:blank' && new URL(u).origin !== origin);
  assert.deepEqual(foreign, [], `${label} has frames from another origin, which axe would not scan`);
  // `options` replaces every option set before it (the rules too): it comes first.
  const builder = new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).setLegacyMode(true);
  if (o.coloursOnly) builder.withRules(COLOUR_RULES);
  // Violations only: building the lists of passes and inapplicable rules is most of the work.
  const results = await builder.analyze();
  const ran = new Set(
    [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].map(
      (r) => r.id,
    ),
  );
  assert.ok(ran.has('color-contrast'), `axe ran no colour check on ${label}`);
  if (o.coloursOnly)
    assert.deepEqual([...ran].sort(), [...COLOUR_RULES].sort(), `the rules axe ran on ${label}`);
  else
    assert.ok(ran.has('label') && ran.has('region') && ran.size > 50, `axe ran only ${[...ran]} on ${label}`);
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
