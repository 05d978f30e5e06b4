/**
 * docs/security.md, "Regular expressions and evaluation budgets" — through a real host: rules
 * whose patterns backtrack catastrophically on a JavaScript RegExp cost one webhook call its
 * linear-time match, so `/api/v1/health` keeps answering; a condition past the step budget is
 * recorded as `error` and the next event is served; the rule tester has the same budget;
 * patterns RE2 cannot run are refused when the rule is saved, naming the field and position.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_EVALUATION_STEPS } from '../../../core/expr/index.ts';
import type { AttuneEvent, Evaluation } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';

const HOSTILE = ['^(a|aa)+$', '^(a+){10}$', '^a*a*a*a*a*a*b$'];
const EXCEEDED = `Evaluation exceeded ${MAX_EVALUATION_STEPS} steps`;
const BUDGET_BUSTER = 'length(sort(split(join(range(0, 100000), ","), ""))) > 0';

async function webhookTrigger(host: TestHost, ref: string): Promise<string> {
  await host.api('POST', '/api/v1/triggers', { ref });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    {},
  );
  return hook.body.data.url;
}

async function createRule(host: TestHost, ref: string, trigger: string, expression: string, params = {}) {
  return host.api<{ error?: string; code?: string; details?: { field?: string; position?: number } }>(
    'POST',
    '/api/v1/rules',
    {
      ref,
      trigger_ref: `local.${trigger}`,
      action_ref: 'core.noop',
      conditions: { expression },
      action_params: params,
    },
  );
}

async function evaluationsOf(host: TestHost, eventId: number): Promise<Record<string, Evaluation>> {
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${eventId}`);
  return Object.fromEntries((ev.body.data.evaluations ?? []).map((e) => [e.rule_ref, e]));
}

test('one webhook with a hostile 43-character payload records its outcomes while /health keeps answering', {
  timeout: 120_000,
}, async (t) => {
  const host = await startTestHost(t);
  const url = await webhookTrigger(host, 'form');
  for (const [i, pattern] of HOSTILE.entries()) {
    const expression = `match(${JSON.stringify(pattern)}, event.payload.x)`;
    assert.equal((await createRule(host, `hostile${i}`, 'form', expression)).status, 201, pattern);
  }
  const hostile = `${'a'.repeat(42)}!`;
  const [hook, health] = await Promise.all([
    fetch(url, { method: 'POST', body: JSON.stringify({ payload: { x: hostile } }) }),
    fetch(`${host.url}/api/v1/health`),
  ]);
  assert.equal(health.status, 200);
  assert.ok(hook.ok, `webhook answered ${hook.status}`);
  const eventId = ((await hook.json()) as { data: { event_id: number } }).data.event_id;
  const outcomes = await evaluationsOf(host, eventId);
  assert.deepEqual(
    Object.values(outcomes).map((e) => [e.rule_ref, e.outcome]),
    HOSTILE.map((_, i) => [`local.hostile${i}`, 'condition_false']),
  );
  assert.equal((await fetch(`${host.url}/api/v1/health`)).status, 200);
});

test('the rule tester runs a hostile pattern on a long sample in linear time', {
  timeout: 120_000,
}, async (t) => {
  const host = await startTestHost(t);
  await webhookTrigger(host, 'form');
  assert.equal(
    (await createRule(host, 'hostile', 'form', 'match("^a*a*a*a*a*a*b$", event.payload.x)')).status,
    201,
  );
  const r = await host.api<{ data: { evaluation: Evaluation } }>('POST', '/api/v1/rules/local.hostile/test', {
    payload: { x: 'a'.repeat(401) },
  });
  assert.equal(r.status, 200);
  assert.equal(r.body.data.evaluation.outcome, 'condition_false');
});

test('a condition past the step budget is recorded as error and the engine serves the next event', async (t) => {
  const host = await startTestHost(t);
  const url = await webhookTrigger(host, 'tick');
  assert.equal((await createRule(host, 'heavy', 'tick', BUDGET_BUSTER)).status, 201);
  assert.equal((await createRule(host, 'light', 'tick', 'event.payload.n > 0')).status, 201);
  for (const n of [1, 2]) {
    const hook = await fetch(url, { method: 'POST', body: JSON.stringify({ payload: { n } }) });
    const eventId = ((await hook.json()) as { data: { event_id: number } }).data.event_id;
    const outcomes = await evaluationsOf(host, eventId);
    assert.equal(outcomes['local.heavy']?.outcome, 'error');
    assert.equal(outcomes['local.heavy']?.detail, EXCEEDED);
    assert.equal(outcomes['local.light']?.outcome, 'matched', `event ${n}`);
  }

  const tested = await host.api<{ data: { evaluation: Evaluation } }>(
    'POST',
    '/api/v1/rules/local.heavy/test',
    {
      payload: {},
    },
  );
  assert.equal(tested.body.data.evaluation.outcome, 'error');
  assert.equal(tested.body.data.evaluation.detail, EXCEEDED);
});

test('action_params past the step budget are recorded as error, in the rule tester too', async (t) => {
  const host = await startTestHost(t);
  const url = await webhookTrigger(host, 'tick');
  const params = { message: `{{ length(sort(split(join(range(0, 100000), ","), ""))) }}` };
  assert.equal((await createRule(host, 'render', 'tick', 'true', params)).status, 201);
  const hook = await fetch(url, { method: 'POST', body: JSON.stringify({ payload: {} }) });
  const eventId = ((await hook.json()) as { data: { event_id: number } }).data.event_id;
  const outcome = (await evaluationsOf(host, eventId))['local.render'];
  assert.equal(outcome?.outcome, 'error');
  assert.equal(outcome?.detail, `action_params: ${EXCEEDED}`);
  const tested = await host.api<{ data: { evaluation: Evaluation } }>(
    'POST',
    '/api/v1/rules/local.render/test',
    {
      payload: {},
    },
  );
  assert.equal(tested.body.data.evaluation.detail, `action_params: ${EXCEEDED}`);
});

test('patterns the linear-time engine cannot run are refused at save, naming the field and position', async (t) => {
  const host = await startTestHost(t);
  await webhookTrigger(host, 'form');
  const backref = await createRule(host, 'backref', 'form', 'match("(a)\\1", event.payload.x)');
  assert.equal(backref.status, 400);
  assert.equal(backref.body.code, 'VALIDATION_ERROR');
  assert.equal(backref.body.details?.field, 'conditions.expression');
  assert.match(
    backref.body.error ?? '',
    /backreference "\\1" at offset 3 is not supported.* at position 10 \(line 1, column 11\)/,
  );

  const lookahead = await createRule(host, 'ahead', 'form', 'true', {
    message: 'seen: {{ match("^(?=.*x)", event.payload.x) }}',
  });
  assert.equal(lookahead.status, 400);
  assert.equal(lookahead.body.details?.field, 'action_params.message');
  assert.match(
    lookahead.body.error ?? '',
    /^action_params\.message: .*lookahead "\(\?=" at offset 1 .* at position 17 /,
  );

  for (const ref of ['backref', 'ahead']) {
    assert.equal((await host.api('GET', `/api/v1/rules/local.${ref}`)).status, 404, 'nothing was stored');
  }
});
