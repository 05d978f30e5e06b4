/**
 * docs/explain.md — every rule that does not fire leaves a record with its cause (condition false,
 * condition error, rule disabled, overlap skip, action params that do not render, retry
 * exhausted, a missed timer slot); false and failing conditions and templates carry the failing
 * parts with their values; `outcome=not_fired` lists them all; `attune-desktop event get` prints
 * the trace; a pack's secret never appears in an explanation.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AttuneEvent, Evaluation, Execution } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { copyFixturePack } from '../packs/helpers.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function rule(host: TestHost, body: Record<string, unknown>): Promise<void> {
  const r = await host.api('POST', '/api/v1/rules', { action_ref: 'core.noop', ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
}

async function evaluations(host: TestHost, id: number): Promise<Record<string, Evaluation>> {
  const r = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${id}`);
  return Object.fromEntries((r.body.data.evaluations ?? []).map((e) => [e.rule_ref, e]));
}

async function notFired(host: TestHost, query = ''): Promise<number[]> {
  const r = await host.api<{ items: AttuneEvent[] }>('GET', `/api/v1/events?outcome=not_fired${query}`);
  assert.ok(Array.isArray(r.body.items), JSON.stringify(r.body));
  return r.body.items.map((e) => e.id).sort((a, b) => a - b);
}

test('each cause of a non-fire is recorded with its explanation, and not_fired lists them all', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  for (const ref of ['t', 'f', 'ok']) await host.api('POST', '/api/v1/triggers', { ref });
  await rule(host, {
    ref: 'wrong_domain',
    trigger_ref: 'local.t',
    conditions: { expression: 'ends_with(event.payload.email, "@example.com")' },
  });
  await rule(host, {
    ref: 'bad_math',
    trigger_ref: 'local.t',
    conditions: { expression: 'event.payload.email != null and event.payload.count + 1 > 2' },
  });
  await rule(host, { ref: 'off', trigger_ref: 'local.t', enabled: false });
  await rule(host, {
    ref: 'one_at_a_time',
    trigger_ref: 'local.t',
    action_ref: 'testkit.nap',
    action_params: { seconds: 1 },
    overlap: 'single',
  });
  await rule(host, {
    ref: 'bad_params',
    trigger_ref: 'local.t',
    action_ref: 'core.echo',
    action_params: { message: 'twice: {{ event.payload.n * 2 }}' },
  });
  await rule(host, {
    ref: 'flaky',
    trigger_ref: 'local.f',
    action_ref: 'testkit.fail',
    retry: { count: 1, delay: 0.05, backoff: 'constant' },
  });
  await rule(host, { ref: 'always', trigger_ref: 'local.ok' });

  const payload = { email: 'bob@other.org', count: 'x', n: 'seven' };
  const first = await host.engine.ingest({ trigger_ref: 'local.t', payload });
  const second = await host.engine.ingest({ trigger_ref: 'local.t', payload });
  const failing = await host.engine.ingest({ trigger_ref: 'local.f', payload: {} });
  const missed = await host.engine.ingest({
    trigger_ref: 'local.t',
    rule_ref: 'local.wrong_domain',
    kind: 'missed',
    payload: { reason: 'asleep', count: 1 },
  });
  const fired = await host.engine.ingest({ trigger_ref: 'local.ok', payload: {} });

  const e1 = await evaluations(host, first.event_id);
  // Condition false: the call, and the field's actual value.
  assert.equal(e1['local.wrong_domain']?.outcome, 'condition_false');
  assert.deepEqual(e1['local.wrong_domain']?.explanation?.failures, [
    {
      expression: 'ends_with(event.payload.email, "@example.com")',
      value: 'false',
      operands: [{ expression: 'event.payload.email', value: '"bob@other.org"' }],
    },
  ]);
  // Condition error: the conjunct's smallest failing part, its message and the values.
  assert.equal(e1['local.bad_math']?.outcome, 'error');
  const math = e1['local.bad_math']?.explanation?.failures[0];
  assert.equal(math?.expression, 'event.payload.count + 1');
  assert.match(math?.error ?? '', /string and number/);
  assert.deepEqual(math?.operands, [{ expression: 'event.payload.count', value: '"x"' }]);
  // Rule disabled: recorded, with no explanation to give.
  assert.equal(e1['local.off']?.outcome, 'rule_disabled');
  assert.equal(e1['local.off']?.explanation, null);
  assert.equal(e1['local.one_at_a_time']?.outcome, 'matched');
  // Action params that do not render: which parameter, which part, which value.
  assert.equal(e1['local.bad_params']?.outcome, 'error');
  assert.match(e1['local.bad_params']?.detail ?? '', /^action_params: /);
  const params = e1['local.bad_params']?.explanation?.failures[0];
  assert.equal(params?.param, 'message');
  assert.equal(params?.expression, 'event.payload.n * 2');
  assert.match(params?.error ?? '', /string and number/);
  assert.deepEqual(params?.operands, [{ expression: 'event.payload.n', value: '"seven"' }]);

  // Overlap: the second event met the first one's execution still running.
  const e2 = await evaluations(host, second.event_id);
  assert.equal(e2['local.one_at_a_time']?.outcome, 'overlap_skipped');
  assert.match(e2['local.one_at_a_time']?.detail ?? '', /still active/);

  // Retry exhausted: once the last allowed attempt failed, the evaluation says so.
  await waitFor(async () => {
    const l = await host.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.flaky');
    return l.body.items.length === 2 && l.body.items.every((e) => e.status === 'failed') ? true : null;
  }, 'both attempts failed');
  await host.engine.executor.idle();
  const e3 = await waitFor(async () => {
    const e = await evaluations(host, failing.event_id);
    return e['local.flaky']?.outcome === 'retry_exhausted' ? e : null;
  }, 'retry_exhausted recorded');
  assert.match(e3['local.flaky']?.detail ?? '', /failed after 1 retries/);
  assert.equal(typeof e3['local.flaky']?.enforcement_id, 'number');

  // The filter: every non-fire, the missed slot included, and nothing that fired.
  assert.equal((await evaluations(host, fired.event_id))['local.always']?.outcome, 'matched');
  const expected = [first.event_id, second.event_id, failing.event_id, missed.event_id];
  assert.deepEqual(await notFired(host), expected);
  assert.deepEqual(await notFired(host, '&rule_ref=local.flaky'), [failing.event_id]);
  assert.deepEqual(await notFired(host, '&rule_ref=local.wrong_domain'), [
    first.event_id,
    second.event_id,
    missed.event_id,
  ]);
  assert.deepEqual(await notFired(host, '&trigger_ref=local.ok'), []);
  assert.deepEqual(await notFired(host, '&kind=missed'), [missed.event_id]);

  // The CLI prints the trace under the event.
  const cli = await promisify(execFile)(
    process.execPath,
    ['bin/attune-desktop.js', '--data-dir', host.dataDir, 'event', 'get', String(first.event_id)],
    { cwd: ROOT },
  );
  assert.match(cli.stdout, /^local\.wrong_domain: condition_false — ends_with/m);
  assert.match(cli.stdout, /^ {4}ends_with\(event\.payload\.email, "@example\.com"\) is false$/m);
  assert.match(cli.stdout, /^ {6}event\.payload\.email = "bob@other\.org"$/m);
  assert.match(cli.stdout, /^ {4}param message: event\.payload\.n \* 2 failed: .*string and number/m);
  const list = await promisify(execFile)(
    process.execPath,
    ['bin/attune-desktop.js', '--data-dir', host.dataDir, '--json', 'event', 'list', '--not-fired'],
    { cwd: ROOT },
  );
  assert.deepEqual(
    (JSON.parse(list.stdout) as AttuneEvent[]).map((e) => e.id).sort((a, b) => a - b),
    expected,
  );
});

test('an unknown outcome filter is refused naming the field', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ error: string; field?: string }>('GET', '/api/v1/events?outcome=never');
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.body), /outcome/);
});

test("a pack's secret never appears in an explanation", async (t) => {
  const secret = 'tok-Very-Secret-4711';
  const host = await startTestHost(t);
  const imported = await host.api('POST', '/api/v1/packs/import', {
    path: copyFixturePack('demo', tempDir(t)),
    secrets: { api_token: secret },
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const enabled = await host.api('PUT', '/api/v1/rules/demo.deploy_alert', { enabled: true });
  assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
  // demo.deploy_alert: event.payload.status == "failed" and event.payload.duration_ms > 1000
  const r = await host.engine.ingest({
    trigger_ref: 'demo.deploy_finished',
    payload: { status: secret, duration_ms: 5, service: `svc ${secret}` },
  });
  const ev = (await evaluations(host, r.event_id))['demo.deploy_alert'];
  assert.equal(ev?.outcome, 'condition_false');
  assert.deepEqual(ev?.explanation?.failures[0]?.operands, [
    { expression: 'event.payload.status', value: '"***"' },
  ]);
  const all = await host.api('GET', `/api/v1/events/${r.event_id}`);
  const explanations = JSON.stringify((all.body as { data: AttuneEvent }).data.evaluations);
  assert.ok(!explanations.includes(secret), explanations);
  assert.ok(!explanations.includes('Very-Secret'), explanations);
});
