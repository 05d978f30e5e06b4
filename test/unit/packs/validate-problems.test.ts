/**
 * docs/packs.md, "Validation and problems" — each problem validation finds names its file, line,
 * column and field, with a message that says what is wrong; problems that do not stop an import
 * (refs into packs that cannot be checked, settings that are ignored) are warnings, placed the
 * same way.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { formatProblem, loadPackFolder } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver } from './helpers.ts';

const PACK = 'ref: p\nversion: "1.0.0"\n';

/** Writes a pack folder from `files` (path → text) and loads it. */
function load(
  t: TestContext,
  files: Record<string, string>,
  options: { resolver?: boolean; expectedPackRef?: string } = {},
) {
  const dir = tempDir(t);
  for (const [name, text] of Object.entries({ 'pack.yaml': PACK, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
  }
  const r = loadPackFolder(dir, {
    ...(options.resolver === false ? {} : { resolver: coreResolver }),
    ...(options.expectedPackRef !== undefined ? { expectedPackRef: options.expectedPackRef } : {}),
    now: Date.parse('2026-12-07T12:00:00Z'),
    defaultTimezone: 'UTC',
  });
  return {
    ok: r.ok,
    problems: r.ok ? [] : r.problems.map(formatProblem),
    warnings: r.warnings.map(formatProblem),
  };
}

test("updating a pack under another ref names pack.yaml's ref", (t) => {
  assert.deepEqual(load(t, {}, { expectedPackRef: 'q' }).problems, [
    'pack.yaml:1:6 ref — is "p" but the pack being updated is "q"',
  ]);
  assert.equal(load(t, {}, { expectedPackRef: 'p' }).ok, true);
});

test('a ref outside the pack and a duplicate ref are reported where they are written', (t) => {
  const r = load(t, {
    'triggers/a.yaml': 'ref: p.a\n',
    'triggers/b.yaml': 'label: B\nref: p.a\n',
    'triggers/c.yaml': 'ref: q.c\n',
  });
  assert.deepEqual(r.problems, [
    'triggers/b.yaml:2:6 ref — duplicate trigger ref "p.a" (also defined in triggers/a.yaml:1)',
    'triggers/c.yaml:1:6 ref — "q.c" belongs to pack "q", not to "p"',
  ]);
});

test("a webhook secret outside the pack's key-store namespace is refused at the field", (t) => {
  const r = load(t, {
    'triggers/hook.yaml': 'ref: p.hook\nwebhook_config:\n  hmac_secret_ref: user_secret\n',
    'triggers/own.yaml': 'ref: p.own\nwebhook_config:\n  hmac_secret_ref: p.own.secret\n',
  });
  assert.deepEqual(r.problems, [
    'triggers/hook.yaml:3:20 webhook_config.hmac_secret_ref — "user_secret" is outside this pack: a pack\'s key-store refs start with "p." (e.g. "p.hook.webhook.hmac_secret")',
  ]);
});

test("an action's entry point must be given and name a file of the pack, and its timeout is whole seconds, at least 1", (t) => {
  const r = load(t, {
    'actions/run.sh': '#!/bin/sh\n',
    'actions/other.sh': '#!/bin/sh\n',
    'actions/a.yaml': 'ref: p.a\nrunner_type: shell\nentry_point: ""\n',
    'actions/b.yaml': 'ref: p.b\nrunner_type: native\nentry_point: missing\n',
    'actions/c.yaml': 'ref: p.c\nrunner_type: shell\nentry_point: "echo c"\ntimeout_seconds: 0\n',
    'actions/d.yaml': 'ref: p.d\nrunner_type: shell\nentry_point: "echo d"\ntimeout_seconds: 1.5\n',
    'actions/e.yaml': 'ref: p.e\nrunner_type: shell\nentry_point: "echo e"\ntimeout_seconds: 1\n',
  });
  assert.deepEqual(r.problems, [
    'actions/a.yaml:3:14 entry_point — is required: a file in actions/ or an inline script',
    'actions/b.yaml:3:14 entry_point — names actions/missing, which does not exist in the pack',
    'actions/c.yaml:4:18 timeout_seconds — must be at least 1, got 0',
    'actions/d.yaml:4:18 timeout_seconds — must be an integer, got 1.5',
  ]);
});

test('without a resolver, refs into other packs pass with a warning at each field', (t) => {
  const r = load(
    t,
    {
      'rules/r.yaml': 'ref: p.r\ntrigger_ref: other.hook\naction_ref: other.act\n',
      'sensors/s.yaml': 'ref: p.s\nentry_point: s.py\ntrigger_types:\n  - other.hook\n',
      'sensors/s.py': 'print(1)\n',
    },
    { resolver: false },
  );
  assert.equal(r.ok, true);
  assert.deepEqual(r.warnings, [
    'rules/r.yaml:2:14 trigger_ref — trigger "other.hook" belongs to another pack and was not checked (no resolver given); it must be installed',
    'rules/r.yaml:3:13 action_ref — action "other.act" belongs to another pack and was not checked (no resolver given); it must be installed',
    'sensors/s.yaml:4:5 trigger_types[0] — trigger "other.hook" belongs to another pack and was not checked (no resolver given); it must be installed',
  ]);
});

test("a rule's ignored misfire, a missing required parameter and a policy on an unknown action are warnings", (t) => {
  const r = load(t, {
    'triggers/hook.yaml': 'ref: p.hook\n',
    'actions/act.yaml':
      'ref: p.act\nrunner_type: shell\nentry_point: "echo"\nparameters:\n  target:\n    type: string\n    required: true\n',
    'rules/r.yaml': 'ref: p.r\ntrigger_ref: p.hook\naction_ref: p.act\nmisfire:\n  policy: skip\n',
    'policies/pol.yaml': 'ref: p.pol\naction_ref: p.nothing\npolicy_type: concurrency\nthreshold: 1\n',
  });
  assert.equal(r.ok, true, r.problems.join('\n'));
  assert.deepEqual(r.warnings, [
    'policies/pol.yaml:2:13 action_ref — unknown action "p.nothing"; an Attune server skips this policy',
    'rules/r.yaml:1:1 action_params — does not give required parameter "target" of p.act',
    'rules/r.yaml:5:3 misfire — applies to timer rules only and is ignored here',
  ]);
});

test('a sensor with an unknown trigger type is refused at that entry of trigger_types', (t) => {
  const r = load(t, {
    'sensors/s.yaml': 'ref: p.s\nentry_point: s.py\ntrigger_types:\n  - p.hook\n  - p.nothing\n',
    'sensors/s.py': 'print(1)\n',
    'triggers/hook.yaml': 'ref: p.hook\n',
  });
  assert.deepEqual(r.problems, [
    'sensors/s.yaml:5:5 trigger_types[1] — unknown trigger "p.nothing": not in this pack, the core pack or an installed pack',
  ]);
});
