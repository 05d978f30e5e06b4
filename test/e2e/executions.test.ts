/**
 * Executions in real Chromium against the headless host (docs/renderer.md "Executions"): runs
 * appear live, output streams while a run goes on, a running one is cancelled, secrets are
 * masked, and a re-run uses the same action and parameters (asking again for secret ones).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Execution } from '../../core/contract/entities.ts';
import { ExecutionsPage } from './pages/executions.ts';
import { createRule } from './support/api-seed.ts';
import { inBothThemes } from './support/screenshots.ts';
import { startUiSession } from './support/session.ts';

async function execute(
  s: Awaited<ReturnType<typeof startUiSession>>,
  action_ref: string,
  parameters: object,
) {
  const r = await s.host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref,
    parameters,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.data.id;
}

test('an interval rule’s executions appear in the list live, and the status filter narrows it', async (t) => {
  const s = await startUiSession(t);
  const view = new ExecutionsPage(s.page);
  await s.shell.navigate('Executions');
  await s.page.getByText('No executions yet').waitFor();
  await createRule(s.host, {
    ref: 'tick',
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: 1, unit: 'seconds' },
    action_ref: 'core.echo',
    action_params: { message: 'tick' },
  });
  await view.rows().nth(2).waitFor({ timeout: 10_000 });
  await view.rows().first().getByText('local.tick').waitFor();
  await s.host.api('PUT', '/api/v1/rules/local.tick', { enabled: false });
  await view.rows().filter({ hasText: 'completed' }).first().waitFor();
  await inBothThemes(s.page, 'executions-list');
  await view.filterStatus('Failed');
  await s.page.getByText('No failed execution').waitFor();
  await view.filterStatus('Any status');
  await view.rows().first().waitFor();
  s.assertNoErrors();
});

test('output streams live while it runs; the result, exit code and duration follow', async (t) => {
  const s = await startUiSession(t);
  const view = new ExecutionsPage(s.page);
  const id = await execute(s, 'core.shell', { cmd: 'echo first line; sleep 2; echo second line' });
  await s.shell.goto(`/executions/${id}`);
  await s.shell.heading(`Execution ${id}`).waitFor();
  await s.page.waitForFunction(
    () => (document.querySelector('textarea')?.value ?? '').includes('first line'),
    undefined,
    { timeout: 10_000 },
  );
  assert.ok(!(await view.stdout().inputValue()).includes('second line'), 'seen while it still runs');
  await view.status().getByText('completed').waitFor({ timeout: 10_000 });
  assert.match(await view.stdout().inputValue(), /first line\nsecond line/);
  await view.detail().getByText('Exit code').waitFor();
  await view.timeline().getByText('Completed').waitFor();
  await inBothThemes(s.page, 'execution-detail');
  s.assertNoErrors();
});

test('a running execution is cancelled from its page', async (t) => {
  const s = await startUiSession(t);
  const view = new ExecutionsPage(s.page);
  const id = await execute(s, 'core.sleep', { seconds: 30 });
  await s.shell.goto(`/executions/${id}`);
  await view.status().getByText('running').waitFor({ timeout: 10_000 });
  await view.timeline().getByText('Started').waitFor();
  await view.button('Cancel execution').click();
  await view.status().getByText('cancelled').waitFor({ timeout: 10_000 });
  await view.timeline().getByText('Cancelled').waitFor();
  assert.equal(await view.button('Cancel execution').count(), 0);
  assert.equal((await s.host.waitForExecution(id)).status, 'cancelled');
  s.assertNoErrors();
});

test('secret parameters are masked, and a re-run asks for them again', async (t) => {
  const s = await startUiSession(t, { packs: ['testkit'] });
  const view = new ExecutionsPage(s.page);
  const id = await execute(s, 'testkit.show_params', { to: 'ada', id: 3, token: 'opensesame' });
  const first = await s.host.waitForExecution(id);
  await s.shell.goto(`/executions/${id}`);
  await view.status().getByText('completed').waitFor();
  const params = view.detail().getByRole('region', { name: 'Parameters' });
  await params.getByText('"token": "***"').waitFor();
  assert.ok(!(await view.detail().textContent())?.includes('opensesame'), 'the secret is never shown');

  await view.button('Run again').click();
  const dialog = s.page.getByRole('dialog', { name: 'Run testkit.show_params again' });
  await dialog.getByLabel('token').fill('opensesame');
  await dialog.getByRole('button', { name: 'Run again' }).click();
  await s.page.waitForFunction((old) => location.hash !== `#/executions/${old}`, id);
  const again = Number(s.shell.route().split('/').pop());
  const second = await s.host.waitForExecution(again);
  assert.equal(second.action_ref, 'testkit.show_params');
  const data = (x: Execution) => x.result?.data as { token_sha256: string; received: { to: string } };
  assert.equal(data(second).token_sha256, data(first).token_sha256, 'the same secret reached the action');
  assert.equal(data(second).received.to, 'ada');
  await view.status().getByText('completed').waitFor();
  s.assertNoErrors();
});
