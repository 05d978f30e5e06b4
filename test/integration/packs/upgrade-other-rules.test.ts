/**
 * docs/packs.md, "Importing" — an upgrade never changes the code under an enabled rule unseen.
 * Its own rules start disabled; so does every rule of another pack that uses one of its actions
 * whose runner, entry point, parameters or code changed (its script, or any file of the pack its
 * script can reach), listed with the reason. Rules on unchanged actions stay enabled. Before, a
 * user's rule on `sec.show` stayed enabled through an upgrade that replaced `show.sh`, and the
 * next event ran the new script.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PackReport } from '../../../core/contract/packs.ts';
import type { AttuneEvent, Rule } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { writePack } from './helpers.ts';

interface Variant {
  script?: string;
  parameters?: string;
  ruleLabel?: string;
  extra?: Record<string, string>;
}

/** Pack `sec`: a shell action with a script, a builtin one, and a rule of its own. */
function secPack(root: string, version: string, v: Variant = {}): string {
  return writePack(root, `sec-${version}`, {
    'pack.yaml': `ref: sec\nlabel: Sec\nversion: "${version}"\n`,
    'actions/show.yaml': `ref: sec.show\nrunner_type: shell\nentry_point: show.sh\nparameters:\n${v.parameters ?? '  note: { type: string }\n'}`,
    'actions/show.sh': v.script ?? '#!/bin/sh\necho shown\n',
    'actions/quiet.yaml': 'ref: sec.quiet\nrunner_type: builtin\nentry_point: noop\n',
    'rules/use.yaml': `ref: sec.use\nlabel: ${v.ruleLabel ?? 'Use'}\ntrigger_ref: core.intervaltimer\ntrigger_params: { interval: 1, unit: hours }\naction_ref: sec.show\n`,
    ...v.extra,
  });
}

async function importPack(host: TestHost, path: string, upgrade = false): Promise<PackReport> {
  const r = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', { path, upgrade });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.data;
}

async function enabled(host: TestHost, ref: string): Promise<boolean> {
  return (await host.api<{ data: Rule }>('GET', `/api/v1/rules/${ref}`)).body.data.enabled;
}

/** The user's own rules on the pack's actions, on a webhook trigger of their own. */
async function userRules(host: TestHost): Promise<string> {
  await host.api('POST', '/api/v1/triggers', { ref: 'hook' });
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/local.hook/webhooks/enable',
    {},
  );
  for (const [ref, action] of [
    ['seclit', 'sec.show'],
    ['quiet', 'sec.quiet'],
  ]) {
    const r = await host.api('POST', '/api/v1/rules', { ref, trigger_ref: 'local.hook', action_ref: action });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  return hook.body.data.url;
}

test('an upgrade that changes a script disables the rules of other packs using it, and says why', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  await importPack(host, secPack(root, '1.0.0'));
  const url = await userRules(host);

  // Only the pack's own rule changed: what sec.show and sec.quiet run is the same.
  const same = await importPack(host, secPack(root, '1.0.1', { ruleLabel: 'Use it' }), true);
  assert.deepEqual([await enabled(host, 'local.seclit'), await enabled(host, 'local.quiet')], [true, true]);
  assert.deepEqual(same.other_rules_disabled, []);

  const changed = await importPack(
    host,
    secPack(root, '1.0.2', { script: '#!/bin/sh\ntouch pwned\n' }),
    true,
  );
  assert.equal(await enabled(host, 'local.seclit'), false, 'the rule on the changed script is disabled');
  assert.equal(await enabled(host, 'local.quiet'), true, 'the rule on the unchanged builtin stays enabled');
  assert.deepEqual(changed.other_rules_disabled, [
    { ref: 'local.seclit', action_ref: 'sec.show', reason: 'its script actions/show.sh changed' },
  ]);
  assert.deepEqual(changed.previously_enabled, ['local.seclit']);

  // The rule index saw it at once: the next event does not run the new script.
  const r = await fetch(url, { method: 'POST', body: '{}' });
  const id = ((await r.json()) as { data: { event_id: number } }).data.event_id;
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${id}`);
  const outcomes = Object.fromEntries((ev.body.data.evaluations ?? []).map((e) => [e.rule_ref, e.outcome]));
  assert.deepEqual(outcomes, { 'local.quiet': 'matched', 'local.seclit': 'rule_disabled' });
});

test('a changed helper file or changed parameters count as a change; the same files again do not', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  await importPack(host, secPack(root, '1.0.0'));
  await userRules(host);
  const upgrade = async (version: string, v: Variant) => {
    assert.equal((await host.api('PUT', '/api/v1/rules/local.seclit', { enabled: true })).status, 200);
    const report = await importPack(host, secPack(root, version, v), true);
    assert.equal(await enabled(host, 'local.quiet'), true);
    return report.other_rules_disabled.map((o) => `${o.ref}: ${o.reason}`);
  };

  assert.deepEqual(await upgrade('1.1.0', { extra: { 'lib/common.sh': 'echo sourced\n' } }), [
    "local.seclit: lib/common.sh changed, and its script runs in the pack's folder where it can run or read them",
  ]);
  assert.deepEqual(
    await upgrade('1.2.0', {
      extra: { 'lib/common.sh': 'echo sourced\n' },
      parameters: '  note: { type: string }\n  target: { type: string }\n',
    }),
    ['local.seclit: its parameters changed'],
  );
  // The same files again (a re-import with --upgrade, e.g. to give a secret): nothing changed.
  assert.deepEqual(
    await upgrade('1.2.0', {
      extra: { 'lib/common.sh': 'echo sourced\n' },
      parameters: '  note: { type: string }\n  target: { type: string }\n',
    }),
    [],
  );
});
