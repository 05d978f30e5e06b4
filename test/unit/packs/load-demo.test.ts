/**
 * docs/packs.md, "Validation and problems" — a pack folder is read into a complete, normalised model and validated in full.
 * The demo fixture uses several of the accepted aliases on purpose (local-shell-script,
 * nodejs, http-request, `timeout`, `entrypoint`, JSON Schema parameters, `payload_schema`,
 * `name` as the label, an unqualified trigger ref).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadPackFolder, readPackFolder } from '../../../core/packs/index.ts';
import { coreResolver, FIXTURES } from './helpers.ts';

const DEMO = path.join(FIXTURES, 'demo');

function demoModel() {
  const result = loadPackFolder(DEMO, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  return result;
}

test('the demo pack loads and validates with no problem and no warning', () => {
  const result = demoModel();
  assert.deepEqual(result.warnings.map(formatProblem), []);
  const m = result.model;
  assert.equal(m.pack.ref, 'demo');
  assert.deepEqual(
    m.actions.map((a) => a.ref),
    ['demo.backup', 'demo.ping', 'demo.report'],
  );
  assert.deepEqual(
    m.rules.map((r) => r.ref),
    ['demo.deploy_alert', 'demo.new_year', 'demo.nightly_backup', 'demo.weekly_report'],
  );
  assert.deepEqual(
    m.triggers.map((t) => t.ref),
    ['demo.deploy_finished'],
  );
  assert.deepEqual(
    m.sensors.map((s) => s.ref),
    ['demo.deploy_watch'],
  );
  assert.deepEqual(
    m.policies.map((p) => p.ref),
    ['demo.backup_concurrency'],
  );
});

test('runner names, timeout and entry point aliases are normalised', () => {
  const { model } = demoModel();
  const [backup, ping, report] = model.actions;
  assert.equal(backup!.runner_type, 'shell');
  assert.equal(backup!.timeout_seconds, 120);
  assert.equal(backup!.parameter_format, 'json');
  assert.equal(backup!.script?.path, 'actions/backup.sh');
  assert.match(Buffer.from(backup!.script!.bytes).toString(), /^#!\/bin\/sh/);
  assert.equal(report!.runner_type, 'node');
  assert.equal(report!.entry_point, 'report.js');
  assert.equal(report!.script?.path, 'actions/report.js');
  assert.equal(ping!.runner_type, 'http');
  assert.equal(ping!.script, null);
  assert.equal(ping!.timeout_seconds, 30);
});

test('JSON Schema parameters and the older schema names become flat schemas', () => {
  const { model } = demoModel();
  const report = model.actions.find((a) => a.ref === 'demo.report')!;
  assert.deepEqual(report.parameters, {
    week: { type: 'string', description: 'ISO week, e.g. 2024-W07', required: true },
    recipients: { type: 'array', items: { type: 'string' } },
  });
  assert.deepEqual(report.output, { deploys: { type: 'integer' } });
  // `name` is the label when `ref` is given.
  assert.equal(report.label, 'weekly_report');
  const trigger = model.triggers[0]!;
  assert.deepEqual(Object.keys(trigger.out_schema), ['service', 'status', 'duration_ms']);
  assert.equal(trigger.webhook_enabled, true);
  assert.equal(trigger.webhook_config.hmac_secret_ref, 'demo.ci_hmac');
});

test('unqualified refs are qualified with the pack', () => {
  const { model } = demoModel();
  const alert = model.rules.find((r) => r.ref === 'demo.deploy_alert')!;
  assert.equal(alert.trigger_ref, 'demo.deploy_finished');
  assert.equal(model.sensors[0]!.trigger_types[0], 'demo.deploy_finished');
  assert.equal(model.policies[0]!.action_ref, 'demo.backup');
  const report = model.rules.find((r) => r.ref === 'demo.weekly_report')!;
  assert.equal(report.action_ref, 'demo.report');
});

test('the four rules carry their schedules, conditions and policies', () => {
  const { model } = demoModel();
  const byRef = new Map(model.rules.map((r) => [r.ref, r]));
  assert.deepEqual(byRef.get('demo.nightly_backup')!.trigger_params, { interval: 6, unit: 'hours' });
  assert.equal(byRef.get('demo.nightly_backup')!.overlap, 'single');
  assert.deepEqual(byRef.get('demo.weekly_report')!.trigger_params, {
    expression: '0 30 9 * * MON',
    timezone: 'Europe/Paris',
  });
  assert.deepEqual(byRef.get('demo.weekly_report')!.misfire, {
    policy: 'catch_up',
    max_catch_up: 3,
    misfire_window: 86_400,
  });
  assert.deepEqual(byRef.get('demo.deploy_alert')!.conditions, {
    expression: 'event.payload.status == "failed" and event.payload.duration_ms > 1000',
  });
  assert.deepEqual(byRef.get('demo.deploy_alert')!.retry, { count: 3, delay: 10, backoff: 'constant' });
  assert.equal(byRef.get('demo.new_year')!.trigger_params['fire_at'], '2099-01-01T00:00:00+01:00');
});

test('every entity knows the file and line it came from', () => {
  const { model } = demoModel();
  assert.deepEqual(model.pack.source, { file: 'pack.yaml', line: 1, column: 1 });
  const alert = model.rules.find((r) => r.ref === 'demo.deploy_alert')!;
  assert.equal(alert.source?.file, 'rules/deploy_alert.yaml');
  assert.equal(alert.source?.line, 1);
  assert.equal(model.actions[0]!.source?.file, 'actions/backup.yaml');
});

test('the README keeps the author text and the policy its own keys', () => {
  const { model } = demoModel();
  assert.equal(model.readme, '# Demo Pack\n\nBacks up folders, reports weekly and alerts on failed deploys.');
  assert.deepEqual(model.policies[0]!.settings, {
    policy_type: 'concurrency',
    threshold: 1,
    method: 'enqueue',
  });
  assert.equal(model.policies[0]!.label, 'One backup at a time');
});

test('a one-shot fire_at in the past is refused once "now" is after it', () => {
  const loaded = readPackFolder(DEMO);
  const result = loadPackFolder(DEMO, { resolver: coreResolver, now: Date.parse('2100-01-01T00:00:00Z') });
  assert.equal(loaded.problems.length, 0);
  assert.equal(result.ok, false);
  const lines = result.ok ? [] : result.problems.map(formatProblem);
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^rules\/new_year\.yaml:6:12 trigger_params\.fire_at — /);
});
