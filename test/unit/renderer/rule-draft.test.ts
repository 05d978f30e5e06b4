/**
 * The rule builder's draft (renderer/src/domain/rule-draft.ts, param-form.ts,
 * template-complete.ts): forms to the contract's create input, errors to their field and node,
 * parameter texts read by type, and `{{ }}` autocomplete.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RuleView } from '../../../core/contract/entities.ts';
import { readParams } from '../../../renderer/src/domain/param-form.ts';
import {
  compileDraft,
  draftFromRule,
  emptyDraft,
  formFieldOf,
  messageFor,
  nodeOf,
} from '../../../renderer/src/domain/rule-draft.ts';
import {
  applyCompletion,
  completeField,
  completeTemplate,
  knownPaths,
} from '../../../renderer/src/domain/template-complete.ts';

const httpSchema = {
  url: { type: 'string' as const, required: true },
  method: { type: 'string' as const, default: 'GET', enum: ['GET', 'POST'] },
  timeout: { type: 'number' as const, minimum: 1, maximum: 300 },
  headers: { type: 'object' as const, default: {} },
  verify: { type: 'boolean' as const },
};

test('parameter texts are read by their type; templates stay text for the engine', () => {
  assert.deepEqual(
    readParams(httpSchema, { url: 'https://x', timeout: '30', headers: '{"a":"b"}', verify: 'true' }),
    {
      ok: true,
      params: { url: 'https://x', timeout: 30, headers: { a: 'b' }, verify: true },
    },
  );
  assert.deepEqual(
    readParams(httpSchema, { url: '{{ event.payload.url }}', timeout: '{{ event.payload.t }}' }),
    {
      ok: true,
      params: { url: '{{ event.payload.url }}', timeout: '{{ event.payload.t }}' },
    },
  );
  assert.deepEqual(readParams(httpSchema, { timeout: '0', headers: '[1]' }), {
    ok: false,
    errors: {
      url: 'is required',
      timeout: 'must be at least 1',
      headers: 'must be a JSON object, e.g. {"key": "value"}',
    },
  });
});

test('a draft compiles to the contract’s create input', () => {
  const d = {
    ...emptyDraft(),
    ref: 'welcome',
    triggerRef: 'local.signup',
    triggerParams: {},
    rows: [{ field: 'event.payload.age', op: '>=' as const, value: '18' }],
    actionRef: 'core.echo',
    paramText: { message: 'Hi {{ event.payload.name }}' },
    retryOn: true,
    misfire: 'skip' as const,
  };
  const r = compileDraft(d, { message: { type: 'string' } });
  assert.ok(r.ok);
  assert.deepEqual(r.input, {
    ref: 'welcome',
    label: 'welcome',
    description: '',
    trigger_ref: 'local.signup',
    trigger_params: {},
    conditions: { expression: 'event.payload.age >= 18' },
    action_ref: 'core.echo',
    action_params: { message: 'Hi {{ event.payload.name }}' },
    enabled: true,
    overlap: 'parallel',
    retry: { count: 3, delay: 10, backoff: 'exponential' },
    misfire: null,
  });
});

test('a draft with problems names each form field, and nothing compiles', () => {
  const r = compileDraft(
    { ...emptyDraft(), rows: [{ field: '', op: '==', value: '1' }], paramText: { timeout: 'soon' } },
    httpSchema,
  );
  assert.ok(!r.ok);
  assert.deepEqual(Object.keys(r.errors).sort(), [
    'paramText.timeout',
    'paramText.url',
    'ref',
    'rows.0.field',
  ]);
  const tooMany = compileDraft(
    { ...emptyDraft(), ref: 'x', retryOn: true, retry: { count: 1000, delay: 1, backoff: 'constant' } },
    {},
  );
  assert.ok(!tooMany.ok);
  assert.match(tooMany.errors['retry.count'] ?? '', /retry\.count/);
});

test('engine fields land on their form field and graph node', () => {
  assert.equal(formFieldOf('trigger_params.expression'), 'triggerParams.expression');
  assert.equal(formFieldOf('conditions.expression'), 'expression');
  assert.equal(formFieldOf('action_params.url'), 'paramText.url');
  assert.equal(formFieldOf('action_ref'), 'actionRef');
  assert.equal(formFieldOf('ref'), 'ref');
  assert.equal(nodeOf('triggerParams.expression'), 'trigger');
  assert.equal(nodeOf('rows.2.value'), 'conditions');
  assert.equal(nodeOf('expression'), 'conditions');
  assert.equal(nodeOf('paramText.url'), 'action');
  assert.equal(nodeOf('retry.count'), 'settings');
  assert.equal(nodeOf('ref'), 'details', 'the name is above the graph, in no node');
  assert.equal(
    messageFor(
      'trigger_params.expression "61 * * * *" is not a valid cron expression',
      'trigger_params.expression',
    ),
    '"61 * * * *" is not a valid cron expression',
  );
});

test('a saved rule opens as rows when rows can say its conditions, else as its expression', () => {
  const base = {
    ...compileDraftBase(),
    conditions: { expression: 'event.payload.a == 1 or event.payload.b == 2' },
  };
  const d = draftFromRule(base);
  assert.equal(d.conditionMode, 'rows');
  assert.equal(d.join, 'any');
  assert.equal(d.rows.length, 2);
  const raw = draftFromRule({ ...base, conditions: { expression: 'length(event.payload.items) > 2' } });
  assert.equal(raw.conditionMode, 'raw');
  assert.equal(raw.expression, 'length(event.payload.items) > 2');
  assert.equal(raw.ref, 'x');
});

function compileDraftBase(): RuleView {
  return {
    id: 1,
    ref: 'local.x',
    pack_ref: 'local',
    label: 'x',
    description: '',
    trigger_ref: 'local.t',
    trigger_params: {},
    conditions: null,
    action_ref: 'core.noop',
    action_params: {},
    enabled: true,
    overlap: 'parallel',
    retry: null,
    misfire: null,
    created: '',
    updated: '',
  };
}

test('inside {{ }} the payload’s fields are offered, and a pick completes the template', () => {
  const paths = knownPaths(['name', 'email'], { user: { id: 1 } });
  const c = completeTemplate('Hi {{ event.pa', 14, paths);
  assert.ok(c);
  assert.deepEqual(c.options.slice(0, 3), [
    'event.payload.name',
    'event.payload.email',
    'event.payload.user',
  ]);
  assert.deepEqual(applyCompletion('Hi {{ event.pa', c, 'event.payload.name'), {
    text: 'Hi {{ event.payload.name }}',
    caret: 24,
  });
  assert.equal(completeTemplate('Hi {{ x }} there', 16, paths), null, 'outside a template');
  const fresh = completeTemplate('{{', 2, paths);
  assert.ok(fresh);
  assert.equal(applyCompletion('{{', fresh, 'event.id').text, '{{ event.id }}');
  assert.deepEqual(completeField('user', paths)?.options, ['event.payload.user', 'event.payload.user.id']);
});

test('the builder graph lays out trigger, conditions and action left to right, linked in order', async () => {
  const { layoutSteps, conditionSummary, NODE_WIDTH } = await import(
    '../../../renderer/src/domain/builder-graph.ts'
  );
  const g = layoutSteps([
    { id: 'trigger', kind: 'Trigger', title: 't', summary: '', problems: 0 },
    { id: 'conditions', kind: 'Conditions', title: 'c', summary: '', problems: 1 },
    { id: 'action', kind: 'Action', title: 'a', summary: '', problems: 0 },
  ]);
  assert.deepEqual(
    g.nodes.map((n) => n.position.y),
    [0, 0, 0],
  );
  assert.ok(
    (g.nodes[1]?.position.x ?? 0) >= NODE_WIDTH &&
      (g.nodes[2]?.position.x ?? 0) > (g.nodes[1]?.position.x ?? 0),
  );
  assert.deepEqual(
    g.edges.map((e) => [e.source, e.target]),
    [
      ['trigger', 'conditions'],
      ['conditions', 'action'],
    ],
  );
  assert.equal(conditionSummary('rows', 0, 'all', ''), 'no conditions');
  assert.equal(conditionSummary('rows', 3, 'any', 'x'), '3 conditions (any may hold)');
  assert.equal(conditionSummary('raw', 0, 'all', ' a == 1 '), 'a == 1');
});

test('a trigger nobody has fired yet gets a sample with the keys the rule mentions', async () => {
  const { sampleFromMentions } = await import('../../../renderer/src/domain/template-complete.ts');
  assert.deepEqual(
    sampleFromMentions(['event.payload.age', 'Hi {{ event.payload.name }}', 'event.payload.age > 1']),
    {
      age: '',
      name: '',
    },
  );
});
