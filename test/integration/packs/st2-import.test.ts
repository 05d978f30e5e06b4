/**
 * docs/packs.md, "StackStorm rules" — a StackStorm-style pack (name instead of ref, config.schema.yaml, st2 timers,
 * criteria, Jinja) imports; what converts is stored in our shape, and a rule with parts that have
 * no equivalent comes in disabled with each problem listed in the report.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { PackExportResult, PackReport } from '../../../core/contract/packs.ts';
import { formatProblem } from '../../../core/packs/index.ts';
import { FIXTURE_PACKS, startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

test('a StackStorm pack imports with its unconvertible rule disabled and its problems in the report', async (t) => {
  const host = await startTestHost(t);
  const r = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: path.join(FIXTURE_PACKS, 'st2'),
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const report = r.body.data;
  assert.equal(report.pack.ref, 'ops');
  assert.deepEqual(report.missing_secrets, ['api_key']);

  const stale = report.rules.find((x) => x.ref === 'ops.stale_alert');
  assert.ok(stale);
  assert.equal(stale.enabled, false);
  assert.deepEqual(stale.conversion_problems.map(formatProblem), [
    'rules/stale_alert.yaml:13:5 criteria.trigger.last_seen — operator "timediff_gt" has no equivalent in Attune\'s expression language',
    'rules/stale_alert.yaml:18:14 action_params.message — the Jinja filter "| default(\'?\')" has no equivalent',
    'rules/stale_alert.yaml:18:14 action_params.message — datastore lookups (st2kv) have no equivalent; use pack.config or a secret in the key store',
  ]);
  for (const rule of report.rules) {
    assert.equal(rule.enabled, false, `${rule.ref} starts disabled`);
    if (rule.ref !== 'ops.stale_alert') assert.deepEqual(rule.conversion_problems, [], rule.ref);
  }
  const push = report.rules.find((x) => x.ref === 'ops.github_push');
  assert.equal(push?.condition?.includes('event.payload.ref'), true, push?.condition ?? '');
  assert.equal(report.rules.find((x) => x.ref === 'ops.sunday_midnight')?.action_ref, 'core.shell');
  assert.ok(report.warnings.some((w) => /converted from a StackStorm rule with 3 problem/.test(w.message)));

  const stored = await host.api<{ data: { enabled: boolean; trigger_ref: string } }>(
    'GET',
    '/api/v1/rules/ops.every_two_weeks',
  );
  assert.deepEqual(
    { enabled: stored.body.data.enabled, trigger_ref: stored.body.data.trigger_ref },
    { enabled: false, trigger_ref: 'core.intervaltimer' },
  );
  // The local-shell-cmd action runs the default of its `cmd` parameter as an inline script.
  const notify = report.actions.find((a) => a.ref === 'ops.notify');
  assert.equal(notify?.runs, 'an inline shell script');
  assert.deepEqual(notify?.script, { path: null, first_lines: ['echo notified'], total_lines: 1 });
});

test('exporting the converted pack leaves the unconvertible rule out with a warning, and the export imports', async (t) => {
  const host = await startTestHost(t);
  const imported = await host.api('POST', '/api/v1/packs/import', { path: path.join(FIXTURE_PACKS, 'st2') });
  assert.equal(imported.status, 201);
  const out = path.join(tempDir(t), 'ops');
  const r = await host.api<{ data: PackExportResult }>('POST', '/api/v1/packs/export', {
    pack: 'ops',
    format: 'folder',
    path: out,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.data.warnings, [
    'rule ops.stale_alert is left out: action_params.message — Unexpected character "|"',
    'rule ops.sunday_midnight: action_params.cmd relies on Attune Desktop quoting its {{ }} values for the shell; ' +
      'an Attune server inserts them unquoted, so there an event could run shell code through this rule',
  ]);
  assert.ok(r.body.data.files.includes('rules/github_push.yaml'));
  assert.ok(!r.body.data.files.includes('rules/stale_alert.yaml'));
  // Asked for by name, the same rule is refused rather than left out.
  const named = await host.api<{ code: string; error: string }>('POST', '/api/v1/packs/export', {
    rules: ['ops.stale_alert'],
  });
  assert.equal(named.status, 422);
  assert.match(
    named.body.error,
    /^the exported pack would not import:\nrules\/stale_alert\.yaml:1:1 action_params\.message/,
  );

  const fresh = await startTestHost(t);
  const again = await fresh.api<{ data: PackReport }>('POST', '/api/v1/packs/import', { path: out });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.deepEqual(
    again.body.data.rules.map((x) => x.ref),
    ['ops.every_two_weeks', 'ops.github_push', 'ops.new_decade', 'ops.sunday_midnight'],
  );
});
