/**
 * docs/packs.md, "Validation and problems" — a pack built in code (an export, checked before it is
 * written) is validated like a loaded one. It has no source positions, so each problem names the
 * file its entity will be written to (`actions/<name>.yaml`), at line 1, column 1. These are the
 * checks the loader does not make first for a folder: refs of every kind that leave the pack or
 * repeat, an action whose script is not the file its entry point names, runners that need an
 * entry point, timeouts, and sensors without a script.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import {
  formatProblem,
  loadPackFolder,
  type PackModel,
  type ValidateOptions,
  validatePack,
} from '../../../core/packs/index.ts';
import { coreResolver, FIXTURES } from './helpers.ts';

/** The demo pack as a model with no source positions, as an export builds it. */
function demo(): PackModel {
  const r = loadPackFolder(path.join(FIXTURES, 'demo'), { resolver: coreResolver });
  assert.ok(r.ok, 'the demo pack loads');
  const m = structuredClone(r.model);
  m.pack.source = null;
  for (const list of [m.triggers, m.actions, m.sensors, m.rules, m.policies]) {
    for (const e of list) e.source = null;
  }
  return m;
}

function check(m: PackModel, options: ValidateOptions = { resolver: coreResolver }) {
  const r = validatePack(m, options);
  return {
    ok: r.ok,
    problems: r.ok ? [] : r.problems.map(formatProblem),
    warnings: r.warnings.map(formatProblem),
  };
}

function action(m: PackModel, ref: string) {
  const a = m.actions.find((x) => x.ref === ref);
  assert.ok(a, ref);
  return a;
}

test('the demo pack built in code is valid, and validating it leaves the model given untouched', () => {
  const m = demo();
  const before = structuredClone(m);
  const r = validatePack(m, { resolver: coreResolver });
  assert.equal(r.ok, true);
  assert.deepEqual(r.warnings, []);
  assert.deepEqual(m, before);
});

test('a ref of any kind outside the pack is refused at the file its entity is written to', () => {
  const m = demo();
  const copy = <T extends { ref: string; pack_ref: string }>(e: T, ref: string, pack_ref = 'demo'): T => ({
    ...e,
    ref,
    pack_ref,
  });
  m.actions.push(
    copy(action(m, 'demo.backup'), 'other.backup'),
    copy(action(m, 'demo.ping'), 'demo.ping2', 'other'),
  );
  m.triggers.push(copy(m.triggers[0]!, 'demo'));
  m.sensors.push(copy(m.sensors[0]!, 'demox.deploy_watch'));
  m.policies.push(copy(m.policies[0]!, 'demo.pol', 'demox'));
  assert.deepEqual(check(m).problems, [
    'actions/backup.yaml:1:1 ref — "other.backup" must belong to pack "demo" (demo.<name>)',
    'actions/ping2.yaml:1:1 ref — "demo.ping2" must belong to pack "demo" (demo.<name>)',
    'policies/pol.yaml:1:1 ref — "demo.pol" must belong to pack "demo" (demo.<name>)',
    'sensors/deploy_watch.yaml:1:1 ref — "demox.deploy_watch" must belong to pack "demo" (demo.<name>)',
    'triggers/demo.yaml:1:1 ref — "demo" must belong to pack "demo" (demo.<name>)',
  ]);
});

test('a ref repeated within a kind is refused once per repeat, naming the first; the same name in two kinds is fine', () => {
  const m = demo();
  m.triggers.push({ ...m.triggers[0]!, source: { file: 'triggers/again.yaml', line: 3, column: 1 } });
  m.actions.push({ ...action(m, 'demo.backup'), source: { file: 'actions/again.yaml', line: 2, column: 1 } });
  m.sensors.push({ ...m.sensors[0]!, source: { file: 'sensors/again.yaml', line: 1, column: 1 } });
  m.rules.push({ ...m.rules[0]!, source: { file: 'rules/again.yaml', line: 1, column: 1 } });
  m.rules.push({ ...m.rules[0]!, source: { file: 'rules/third.yaml', line: 1, column: 1 } });
  m.policies.push({ ...m.policies[0]!, source: { file: 'policies/again.yaml', line: 1, column: 1 } });
  // An action and a rule may share a name: refs are unique per kind.
  m.rules[1]!.ref = 'demo.backup';
  assert.deepEqual(check(m).problems, [
    'actions/again.yaml:1:1 ref — duplicate action ref "demo.backup" (also defined in actions/backup.yaml:1)',
    'policies/again.yaml:1:1 ref — duplicate policy ref "demo.backup_concurrency" (also defined in policies/backup_concurrency.yaml:1)',
    'rules/again.yaml:1:1 ref — duplicate rule ref "demo.deploy_alert" (also defined in rules/deploy_alert.yaml:1)',
    'rules/third.yaml:1:1 ref — duplicate rule ref "demo.deploy_alert" (also defined in rules/deploy_alert.yaml:1)',
    'sensors/again.yaml:1:1 ref — duplicate sensor ref "demo.deploy_watch" (also defined in sensors/deploy_watch.yaml:1)',
    'triggers/again.yaml:1:1 ref — duplicate trigger ref "demo.deploy_finished" (also defined in triggers/deploy_finished.yaml:1)',
  ]);
});

test("an action's script must be the file its entry point names, inside the pack", () => {
  const m = demo();
  action(m, 'demo.backup').entry_point = './tools//backup.sh';
  action(m, 'demo.report').entry_point = '../report.js';
  assert.deepEqual(check(m).problems, [
    'actions/backup.yaml:1:1 entry_point — names actions/tools/backup.sh but the script is actions/backup.sh',
    'actions/report.yaml:1:1 entry_point — "../report.js" contains ".." and would leave the pack',
  ]);
  const same = demo();
  action(same, 'demo.backup').entry_point = './backup.sh';
  assert.equal(check(same).ok, true, 'the same file, written another way');
});

test('a native action needs its executable; builtin, shell, python and node actions need an entry point', () => {
  const m = demo();
  const base = action(m, 'demo.ping');
  const variants = [
    ['native', 'run'],
    ['builtin', ''],
    ['shell', ' '],
    ['python', '\n'],
    ['node', ''],
    ['http', ''],
  ] as const;
  for (const [runner, entry] of variants) {
    m.actions.push({
      ...base,
      ref: `demo.${runner}`,
      runner_type: runner,
      entry_point: entry,
      script: null,
    });
  }
  assert.deepEqual(check(m).problems, [
    'actions/builtin.yaml:1:1 entry_point — is required',
    'actions/native.yaml:1:1 entry_point — a native action needs an executable file in actions/',
    'actions/node.yaml:1:1 entry_point — is required',
    'actions/python.yaml:1:1 entry_point — is required',
    'actions/shell.yaml:1:1 entry_point — is required',
  ]);
});

test("an action's timeout is a whole number of seconds, at least 1", () => {
  const m = demo();
  const base = action(m, 'demo.ping');
  for (const [name, seconds] of [
    ['zero', 0],
    ['negative', -5],
    ['half', 1.5],
    ['nan', Number.NaN],
    ['one', 1],
  ] as const) {
    m.actions.push({ ...base, ref: `demo.${name}`, timeout_seconds: seconds });
  }
  assert.deepEqual(check(m).problems, [
    'actions/half.yaml:1:1 timeout_seconds — must be an integer of at least 1',
    'actions/nan.yaml:1:1 timeout_seconds — must be an integer of at least 1',
    'actions/negative.yaml:1:1 timeout_seconds — must be an integer of at least 1',
    'actions/zero.yaml:1:1 timeout_seconds — must be an integer of at least 1',
  ]);
});

test('a sensor needs a script, and its timer trigger types need none defined', () => {
  const m = demo();
  m.sensors[0]!.script = null;
  m.sensors[0]!.trigger_types = ['demo.deploy_finished', 'core.intervaltimer', 'demo.nothing'];
  assert.deepEqual(check(m).problems, [
    'sensors/deploy_watch.yaml:1:1 entry_point — a sensor needs a script or executable in sensors/',
    'sensors/deploy_watch.yaml:1:1 trigger_types[2] — unknown trigger "demo.nothing": not in this pack, the core pack or an installed pack',
  ]);
});

test('without a resolver a timer trigger is still known, and refs into this pack must still resolve', () => {
  const m = demo();
  m.sensors[0]!.trigger_types = ['core.crontimer', 'demo.nothing', 'other.hook'];
  const r = check(m, { now: 0 });
  assert.deepEqual(r.problems, [
    'sensors/deploy_watch.yaml:1:1 trigger_types[1] — unknown trigger "demo.nothing": not in this pack, the core pack or an installed pack',
  ]);
  assert.deepEqual(r.warnings, [
    'sensors/deploy_watch.yaml:1:1 trigger_types[2] — trigger "other.hook" belongs to another pack and was not checked (no resolver given); it must be installed',
  ]);
});

test("pack.yaml's ref and version are checked in a model too", () => {
  const m = demo();
  for (const list of [m.triggers, m.actions, m.sensors, m.rules, m.policies]) list.length = 0;
  m.pack.version = '1.0';
  assert.deepEqual(check(m).problems, [
    'pack.yaml:1:1 version — "1.0" is not a semantic version such as "1.0.0"',
  ]);
  m.pack.ref = 'My.Pack';
  m.pack.version = '1.0.0';
  assert.deepEqual(check(m).problems, [
    'pack.yaml:1:1 ref — "My.Pack" is not a valid pack ref: it must match ^[a-z][a-z0-9_-]*$',
  ]);
});

test("a webhook key outside the pack, a policy's unknown action and a rule's unknown action name the files they will be written to", () => {
  const m = demo();
  m.triggers[0]!.webhook_config = { ...m.triggers[0]!.webhook_config, hmac_secret_ref: 'mine' };
  m.policies[0]!.action_ref = 'demo.gone';
  m.rules[0]!.action_ref = 'demo.gone';
  const r = check(m);
  assert.deepEqual(r.problems, [
    'rules/deploy_alert.yaml:1:1 action_ref — unknown action "demo.gone": not in this pack, the core pack or an installed pack',
    'triggers/deploy_finished.yaml:1:1 webhook_config.hmac_secret_ref — "mine" is outside this pack: a pack\'s key-store refs start with "demo." (e.g. "demo.deploy_finished.webhook.hmac_secret")',
  ]);
  assert.deepEqual(r.warnings, [
    'policies/backup_concurrency.yaml:1:1 action_ref — unknown action "demo.gone"; an Attune server skips this policy',
  ]);
});

test("a rule's conditions of the wrong shape are refused at the field they name", () => {
  const m = demo();
  m.rules[0]!.conditions = { when: 'always' } as unknown as { expression: string };
  m.rules[1]!.conditions = { expression: 5 } as unknown as { expression: string };
  assert.deepEqual(check(m).problems, [
    'rules/deploy_alert.yaml:1:1 conditions — must be null, {} or { "expression": "<expr>" }; unexpected key "when"',
    'rules/new_year.yaml:1:1 conditions.expression — must be a string',
  ]);
});
