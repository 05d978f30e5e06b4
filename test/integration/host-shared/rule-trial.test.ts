/**
 * docs/api.md "Trying and running a rule": `rules.test` decides a saved rule against a sample
 * payload, `rules.try` does the same for a draft the builder has not saved (validated as at
 * save, nothing stored), and `rules.run` fires one rule now through the real pipeline.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

const draft = {
  ref: 'greet',
  trigger_ref: 'local.signup',
  action_ref: 'core.echo',
  conditions: { expression: 'event.payload.age >= 18' },
  action_params: { message: 'Hi {{ event.payload.name }}', age: '{{ event.payload.age }}' },
};

test('a draft is decided against a sample without being stored, with typed rendered params', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  const yes = await host.api<{ data: Record<string, unknown> }>('POST', '/api/v1/rules/try', {
    rule: draft,
    payload: { name: 'Ada', age: 36 },
  });
  assert.equal(yes.status, 200, JSON.stringify(yes.body));
  assert.deepEqual(yes.body.data, {
    evaluation: {
      rule_ref: 'local.greet',
      outcome: 'matched',
      detail: null,
      enforcement_id: null,
      explanation: null,
    },
    action_params: { message: 'Hi Ada', age: 36 },
  });
  const no = await host.api<{ data: { evaluation: { outcome: string; detail: string } } }>(
    'POST',
    '/api/v1/rules/try',
    { rule: draft, payload: { name: 'Kid', age: 9 } },
  );
  assert.equal(no.body.data.evaluation.outcome, 'condition_false');
  assert.equal(no.body.data.evaluation.detail, 'event.payload.age >= 18');
  const stored = await host.api('GET', '/api/v1/rules/local.greet');
  assert.equal(stored.status, 404, 'trying stores nothing');
});

test('a draft is refused as at save, naming the field and the position of a syntax error', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  const bad = await host.api<{ code: string; details: { field: string; problems: { position: number } } }>(
    'POST',
    '/api/v1/rules/try',
    { rule: { ...draft, conditions: { expression: 'event.payload.age >= ' } } },
  );
  assert.equal(bad.status, 400);
  assert.equal(bad.body.details.field, 'conditions.expression');
  assert.equal(bad.body.details.problems.position, 21);
  const unknown = await host.api<{ details: { field: string } }>('POST', '/api/v1/rules/try', {
    rule: { ...draft, action_ref: 'core.nope' },
  });
  assert.equal(unknown.body.details.field, 'action_ref');
});

test('a saved rule is tested by its ref', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  assert.equal((await host.api('POST', '/api/v1/rules', draft)).status, 201);
  const r = await host.api<{ data: { action_params: unknown } }>('POST', '/api/v1/rules/local.greet/test', {
    payload: { name: 'Bo', age: 20 },
  });
  assert.deepEqual(r.body.data.action_params, { message: 'Hi Bo', age: 20 });
});

test('running a rule now records an event addressed to it alone and runs its action', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  await host.api('POST', '/api/v1/rules', draft);
  // Another rule on the same trigger is not involved in a run of the first.
  await host.api('POST', '/api/v1/rules', {
    ref: 'other',
    trigger_ref: 'local.signup',
    action_ref: 'core.noop',
  });
  const r = await host.api<{ data: { event_id: number; execution_ids: number[]; evaluations: unknown[] } }>(
    'POST',
    '/api/v1/rules/local.greet/run',
    { payload: { name: 'Cy', age: 40 } },
  );
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.data.evaluations.length, 1);
  assert.equal(r.body.data.execution_ids.length, 1);
  const x: Execution = await host.waitForExecution(r.body.data.execution_ids[0] as number);
  assert.equal(x.status, 'completed');
  assert.equal(x.rule_ref, 'local.greet');
  assert.match(x.result?.stdout ?? '', /Hi Cy/);
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${r.body.data.event_id}`);
  assert.equal(ev.body.data.rule_ref, 'local.greet');
  assert.equal(ev.body.data.source_ref, 'manual');
});

test('running a rule whose conditions do not hold runs nothing and says why', async (t) => {
  const host = await startTestHost(t);
  await host.api('POST', '/api/v1/triggers', { ref: 'signup' });
  await host.api('POST', '/api/v1/rules', draft);
  const r = await host.api<{ data: { execution_ids: number[]; evaluations: Array<{ outcome: string }> } }>(
    'POST',
    '/api/v1/rules/local.greet/run',
    {},
  );
  assert.deepEqual(r.body.data.execution_ids, []);
  assert.equal(r.body.data.evaluations[0]?.outcome, 'error', 'age is missing: comparing null is an error');
});
