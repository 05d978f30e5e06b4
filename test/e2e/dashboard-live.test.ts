/**
 * The renderer in real Chromium against the headless host, over the same contract the desktop
 * uses (WebSocket bridge): it shows the engine, and rules and executions appear and change live.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../core/model/entities.ts';
import { launchChromium, screenshotPath } from '../helpers/browser.ts';
import { startTestHost } from '../helpers/host.ts';
import { DashboardPage } from './pages/dashboard.ts';

test('the dashboard connects with the token and updates live as rules and executions change', async (t) => {
  const host = await startTestHost(t, { ui: true });
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  const dash = new DashboardPage(page);
  await dash.open(host.url, host.token);
  await dash.version().waitFor();
  assert.equal(await dash.version().textContent(), host.engine.version);

  await host.api('POST', '/api/v1/triggers', { ref: 'e2e' });
  await host.api('POST', '/api/v1/rules', {
    ref: 'shown',
    trigger_ref: 'local.e2e',
    action_ref: 'core.noop',
  });
  await dash.ruleRow('local.shown').waitFor();

  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.echo',
    parameters: { message: 'from the e2e test' },
  });
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="status-${id}"]`)?.textContent === 'completed',
    r.body.data.id,
  );
  await page.screenshot({ path: screenshotPath('dashboard-live'), fullPage: true });
  assert.deepEqual(errors, [], 'no errors in the page (CSP included)');
});

test('the page without a token explains how to open it, and is served with a strict CSP', async (t) => {
  const host = await startTestHost(t, { ui: true });
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  await page.goto(host.url);
  await page.getByText('Open this page with the link the host printed').waitFor();
  const headers = (await page.goto(`${host.url}/`))?.headers() ?? {};
  assert.match(headers['content-security-policy'] ?? '', /default-src 'self'/);
});
