/**
 * docs/security.md "Authentication and the local web", in a real browser: a page on another
 * origin (any site the user visits) cannot open the host's WebSocket, however it spells the path
 * and even with the token, and a page reached through DNS rebinding (another name that resolves
 * to 127.0.0.1) gets neither the UI nor the API.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { launchChromium } from '../helpers/browser.ts';
import { startTestHost } from '../helpers/host.ts';

test('a page on another origin cannot open the WebSocket or run anything, even with the token', async (t) => {
  const host = await startTestHost(t, { ui: true });
  const port = Number(new URL(host.url).port);
  // The other site: a real server on another port of this machine.
  const site = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>another site</title>');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => site.close(() => resolve())));
  const sitePort = (site.address() as AddressInfo).port;

  const browser = await launchChromium(t);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${sitePort}/`);
  const outcome = await page.evaluate(
    async ({ port, token }) => {
      // A simple request (no preflight): the page cannot read the answer, but it would run.
      await fetch(`http://127.0.0.1:${port}/%61pi/v1/executions/execute`, {
        method: 'POST',
        mode: 'no-cors',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ action_ref: 'core.noop' }),
      }).catch(() => null);
      // No named helpers in here: the page runs this function's source as it is.
      const tries: Array<[string, string[]]> = [
        ['/api/v1/ws', ['attune.v1']],
        ['/%61pi/v1/ws', ['attune.v1']],
        ['/api/v1/ws', ['attune.v1', `bearer.${token}`]],
      ];
      const results: string[] = [];
      for (const [path, protocols] of tries) {
        results.push(
          await new Promise<string>((resolve) => {
            const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, protocols);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('refused');
          }),
        );
      }
      return { plain: results[0], encoded: results[1], withToken: results[2] };
    },
    { port, token: host.token },
  );
  assert.deepEqual(outcome, { plain: 'refused', encoded: 'refused', withToken: 'refused' });
  const executions = await host.api<{ items: unknown[] }>('GET', '/api/v1/executions');
  assert.deepEqual(executions.body.items, []);
});

test('through DNS rebinding (another name for 127.0.0.1) neither the UI nor the API answers', async (t) => {
  const host = await startTestHost(t, { ui: true });
  const port = Number(new URL(host.url).port);
  const browser = await launchChromium(t, ['--host-resolver-rules=MAP rebound.test 127.0.0.1']);
  const page = await browser.newPage();
  const ui = await page.goto(`http://rebound.test:${port}/`);
  assert.equal(ui?.status(), 403, 'the UI');
  const api = await page.evaluate(async () => {
    const health = await fetch('/api/v1/health');
    const rules = await fetch('/%61pi/v1/rules');
    return [health.status, rules.status];
  });
  assert.deepEqual(api, [403, 403], 'same-origin reads from the rebound page');
});

test('the served UI never carries the token; it reaches the page only in the link’s fragment', async (t) => {
  const host = await startTestHost(t, { ui: true });
  const browser = await launchChromium(t);
  const page = await browser.newPage();
  const bodies: Promise<string>[] = [];
  page.on('response', (r) => bodies.push(r.text().catch(() => '')));
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(`${host.url}/#token=${host.token}`);
  await page.getByTestId('version').waitFor();
  for (const body of await Promise.all(bodies)) assert.ok(!body.includes(host.token), 'no response has it');
  for (const url of requested) assert.ok(!url.includes(host.token), `${url} does not carry it`);
});
