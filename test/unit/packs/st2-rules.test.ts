/**
 * docs/packs.md, "StackStorm rules" — StackStorm rules are imported: `trigger.type`/`parameters`, `criteria`,
 * `action.ref`/`parameters`; st2's timers become Attune's timer triggers with the same
 * schedule; Jinja `{{ trigger.x }}` becomes `{{ event.payload.x }}`. What cannot be converted
 * is listed per rule in `conversionProblems` (file, line, field) and that rule is disabled.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { compileExpression } from '../../../core/expr/index.ts';
import {
  convertSt2Trigger,
  formatProblem,
  loadPackFolder,
  type PackModel,
} from '../../../core/packs/index.ts';
import { coreResolver, FIXTURES } from './helpers.ts';

function st2Pack(): { model: PackModel; warnings: string[] } {
  const result = loadPackFolder(path.join(FIXTURES, 'st2'), { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  return { model: result.model, warnings: result.warnings.map(formatProblem) };
}

function rule(model: PackModel, ref: string) {
  const r = model.rules.find((x) => x.ref === ref);
  assert.ok(r, `rule ${ref}`);
  return r;
}

test('a StackStorm pack.yaml with name, keywords and config.schema.yaml loads', () => {
  const { model } = st2Pack();
  assert.equal(model.pack.ref, 'ops');
  assert.deepEqual(model.pack.tags, ['st2']);
  assert.deepEqual(model.pack.conf_schema['api_key'], { type: 'string', secret: true });
  const notify = model.actions[0]!;
  assert.equal(notify.runner_type, 'shell');
  assert.equal(notify.entry_point, 'echo notified');
});

test('IntervalTimer becomes core.intervaltimer, weeks counted in days', () => {
  const r = rule(st2Pack().model, 'ops.every_two_weeks');
  assert.equal(r.trigger_ref, 'core.intervaltimer');
  assert.deepEqual(r.trigger_params, { interval: 14, unit: 'days' });
  assert.deepEqual(r.action_params, { message: 'tick {{ event.payload.executed_at }}' });
  assert.equal(r.enabled, true);
});

test('CronTimer becomes a cron expression with Sunday as 0 and the time zone kept', () => {
  const r = rule(st2Pack().model, 'ops.sunday_midnight');
  assert.equal(r.trigger_ref, 'core.crontimer');
  assert.deepEqual(r.trigger_params, { expression: '0 0 0 * * 0', timezone: 'Europe/Berlin' });
  assert.equal(r.action_ref, 'core.shell');
  assert.deepEqual(r.action_params, { cmd: 'echo {{ upper(event.payload.timezone) }}' });
});

test('APScheduler defaults and weekday numbering are translated field by field', () => {
  const cron = (p: Record<string, unknown>) => convertSt2Trigger('core.st2.CronTimer', p);
  assert.equal(cron({ hour: 9 }).trigger_params['expression'], '0 0 9 * * *');
  assert.equal(cron({ minute: '*/15' }).trigger_params['expression'], '0 */15 * * * *');
  assert.equal(
    cron({ day_of_week: 'mon-fri', hour: 8, minute: 30 }).trigger_params['expression'],
    '0 30 8 * * 1,2,3,4,5',
  );
  assert.equal(cron({ day_of_week: 'sat,sun', hour: 10 }).trigger_params['expression'], '0 0 10 * * 0,6');
  assert.equal(cron({ month: 5 }).trigger_params['expression'], '0 0 0 1 5 *');
  assert.equal(cron({ year: 2030, month: 1, day: 'last' }).trigger_params['expression'], '0 0 0 L 1 * 2030');
  assert.equal(cron({ day_of_week: '*/2' }).trigger_params['expression'], '0 0 0 * * 0,1,3,5');
  assert.deepEqual(
    cron({ week: 12 }).problems.map((p) => p.field),
    ['week'],
  );
  assert.deepEqual(
    cron({ day: 1, day_of_week: 'mon' }).problems.map((p) => p.field),
    ['day_of_week'],
  );
});

test('DateTimer becomes core.datetimetimer with an ISO fire_at in its zone', () => {
  const r = rule(st2Pack().model, 'ops.new_decade');
  assert.equal(r.trigger_ref, 'core.datetimetimer');
  assert.deepEqual(r.trigger_params, { fire_at: '2090-01-01T00:00:00', timezone: 'UTC' });
});

test('a core.st2.webhook rule gets a webhook trigger of its own and reads the body as the payload', () => {
  const { model } = st2Pack();
  const r = rule(model, 'ops.github_push');
  assert.equal(r.trigger_ref, 'ops.github_push');
  const trigger = model.triggers.find((t) => t.ref === 'ops.github_push')!;
  assert.equal(trigger.webhook_enabled, true);
  assert.equal(
    r.conditions?.expression,
    '(event.payload.ref == "refs/heads/main") and (event.payload.commits != null)',
  );
  const matches = compileExpression(r.conditions!.expression);
  assert.equal(matches({ event: { payload: { ref: 'refs/heads/main', commits: [] } } }), true);
  assert.equal(matches({ event: { payload: { ref: 'refs/heads/dev', commits: [] } } }), false);
  assert.equal(
    r.action_params['message'],
    '{{ event.payload.pusher.name }} pushed to {{ event.payload.repository.full_name }}',
  );
});

test('a rule with unconvertible parts is disabled and lists each part with its file, line and field', () => {
  const r = rule(st2Pack().model, 'ops.stale_alert');
  assert.equal(r.enabled, false);
  assert.equal(
    r.conditions?.expression,
    'type_of(event.payload.host) == "string" and lower(event.payload.host) == "db1"',
  );
  assert.deepEqual(r.conversionProblems.map(formatProblem), [
    'rules/stale_alert.yaml:13:5 criteria.trigger.last_seen — operator "timediff_gt" has no equivalent in Attune\'s expression language',
    'rules/stale_alert.yaml:18:14 action_params.message — the Jinja filter "| default(\'?\')" has no equivalent',
    'rules/stale_alert.yaml:18:14 action_params.message — datastore lookups (st2kv) have no equivalent; use pack.config or a secret in the key store',
  ]);
});

test('inline trigger types of a StackStorm sensor become pack triggers', () => {
  const { model } = st2Pack();
  const heartbeat = model.triggers.find((t) => t.ref === 'ops.heartbeat')!;
  assert.deepEqual(heartbeat.out_schema, { host: { type: 'string' }, last_seen: { type: 'string' } });
  const sensor = model.sensors[0]!;
  assert.equal(sensor.ref, 'ops.HeartbeatSensor');
  assert.equal(sensor.runner_type, 'python');
  assert.deepEqual(sensor.trigger_types, ['ops.heartbeat']);
});

test('each converted rule is announced as a warning', () => {
  const { warnings } = st2Pack();
  assert.ok(
    warnings.includes(
      'rules/stale_alert.yaml:2:1 — converted from a StackStorm rule with 3 problem(s); the rule is disabled',
    ),
  );
  assert.ok(warnings.includes('rules/every_two_weeks.yaml:2:1 — converted from a StackStorm rule'));
  assert.ok(
    warnings.includes(
      "rules/sunday_midnight.yaml:14:3 action_ref — StackStorm's core.local becomes core.shell",
    ),
  );
});
