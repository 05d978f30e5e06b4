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
import { formatProblem, loadPackFolder, modelResolver, type RefResolver } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver, FIXTURES } from './helpers.ts';

const PACK = 'ref: p\nversion: "1.0.0"\n';

/** Writes a pack folder from `files` (path → text) and loads it. */
function load(
  t: TestContext,
  files: Record<string, string>,
  options: { resolver?: boolean | RefResolver; expectedPackRef?: string } = {},
) {
  const dir = tempDir(t);
  for (const [name, text] of Object.entries({ 'pack.yaml': PACK, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
  }
  const r = loadPackFolder(dir, {
    ...(options.resolver === false
      ? {}
      : { resolver: typeof options.resolver === 'object' ? options.resolver : coreResolver }),
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

test("a rule's trigger parameters are checked against its trigger's schema, and a timer's against the timer's rules", (t) => {
  const r = load(t, {
    'triggers/hook.yaml': 'ref: p.hook\nparameters:\n  level:\n    type: integer\n',
    'rules/a.yaml': 'ref: p.a\ntrigger_ref: p.hook\ntrigger_params:\n  level: high\naction_ref: core.noop\n',
    'rules/b.yaml':
      'ref: p.b\ntrigger_ref: core.intervaltimer\ntrigger_params:\n  interval: 5\n  unit: weeks\naction_ref: core.noop\n',
    'rules/c.yaml': 'ref: p.c\ntrigger_ref: p.hook\ntrigger_params:\n  level: 3\naction_ref: core.noop\n',
  });
  assert.deepEqual(r.problems, [
    'rules/a.yaml:4:10 trigger_params.level — Parameter level must be integer, got string',
    'rules/b.yaml:5:9 trigger_params.unit — "weeks" is not a unit; use seconds, minutes, hours, days',
  ]);
});

test('a template that does not parse is refused at its character inside the parameter', (t) => {
  const r = load(t, {
    'triggers/hook.yaml': 'ref: p.hook\n',
    'rules/a.yaml':
      'ref: p.a\ntrigger_ref: p.hook\naction_ref: core.echo\naction_params:\n  message: "{{ event.payload.x + }}"\n',
  });
  // Column 34 is the "}}" where an operand was expected.
  assert.deepEqual(r.problems, ['rules/a.yaml:5:34 action_params.message — Unexpected end of expression']);
});

test('a one-shot time without a zone is read in the default zone, and "now" may be given as a Date', (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.writeFileSync(path.join(dir, 'pack.yaml'), PACK);
  fs.writeFileSync(
    path.join(dir, 'rules/once.yaml'),
    'ref: p.once\ntrigger_ref: core.datetimetimer\ntrigger_params:\n  fire_at: "2026-12-07T13:00:00"\naction_ref: core.noop\n',
  );
  const at = (now: Date | number, defaultTimezone: string) => {
    const r = loadPackFolder(dir, { resolver: coreResolver, now, defaultTimezone });
    return r.ok ? [] : r.problems.map(formatProblem);
  };
  const noon = Date.parse('2026-12-07T12:00:00Z');
  assert.deepEqual(at(noon, 'UTC'), []);
  assert.deepEqual(at(noon, 'Asia/Tokyo'), [
    'rules/once.yaml:4:12 trigger_params.fire_at — "2026-12-07T13:00:00" is in the past: it is 2026-12-07T04:00:00.000Z and now is 2026-12-07T12:00:00.000Z',
  ]);
  assert.deepEqual(at(new Date('2026-12-07T14:00:00Z'), 'UTC'), [
    'rules/once.yaml:4:12 trigger_params.fire_at — "2026-12-07T13:00:00" is in the past: it is 2026-12-07T13:00:00.000Z and now is 2026-12-07T14:00:00.000Z',
  ]);
});

test("a rule's unknown action is refused at action_ref; a pack-wide policy names no action to check", (t) => {
  const r = load(t, {
    'rules/c.yaml':
      'ref: p.c\ntrigger_ref: core.intervaltimer\ntrigger_params:\n  interval: 5\naction_ref: p.nothing\n',
    'policies/all.yaml': 'ref: p.all\npolicy_type: concurrency\nthreshold: 1\n',
  });
  assert.deepEqual(r.problems, [
    'rules/c.yaml:5:13 action_ref — unknown action "p.nothing": not in this pack, the core pack or an installed pack',
  ]);
  assert.deepEqual(r.warnings, []);
});

test("refs into an installed pack resolve through that pack's model; with a resolver, no ref passes unchecked", (t) => {
  const demo = loadPackFolder(path.join(FIXTURES, 'demo'), { resolver: coreResolver });
  assert.ok(demo.ok);
  const installed = modelResolver(demo.model);
  const resolver: RefResolver = {
    trigger: (ref) => coreResolver.trigger(ref) ?? installed.trigger(ref),
    action: (ref) => coreResolver.action(ref) ?? installed.action(ref),
  };
  const r = load(
    t,
    {
      'rules/a.yaml':
        'ref: p.a\ntrigger_ref: demo.deploy_finished\naction_ref: demo.ping\naction_params:\n  url: x\n',
      'rules/b.yaml': 'ref: p.b\ntrigger_ref: demo.nope\naction_ref: demo.nada\n',
      'rules/c.yaml': 'ref: p.c\ntrigger_ref: other.hook\naction_ref: other.act\n',
    },
    { resolver },
  );
  assert.deepEqual(r.problems, [
    'rules/b.yaml:2:14 trigger_ref — unknown trigger "demo.nope": not in this pack, the core pack or an installed pack',
    'rules/b.yaml:3:13 action_ref — unknown action "demo.nada": not in this pack, the core pack or an installed pack',
    'rules/c.yaml:2:14 trigger_ref — unknown trigger "other.hook": not in this pack, the core pack or an installed pack',
    'rules/c.yaml:3:13 action_ref — unknown action "other.act": not in this pack, the core pack or an installed pack',
  ]);
  assert.deepEqual(r.warnings, []);
});

test('parameters of an action whose schema is unknown are checked as templates, at their line inside a block', (t) => {
  const lines = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '{{ x + }}'].map((l) => `    ${l}\n`).join('');
  const r = load(
    t,
    {
      'rules/m.yaml': `ref: p.m\ntrigger_ref: core.intervaltimer\ntrigger_params:\n  interval: 5\naction_ref: other.act\naction_params:\n  message: |\n${lines}`,
    },
    { resolver: false },
  );
  // The template's tenth line is the file's 17th; column 12 is the "}}" where an operand was expected.
  assert.deepEqual(r.problems, ['rules/m.yaml:17:12 action_params.message — Unexpected end of expression']);
});

test("a converted StackStorm rule's other problems are warnings that disable it, one per field", (t) => {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.writeFileSync(path.join(dir, 'pack.yaml'), PACK);
  fs.writeFileSync(
    path.join(dir, 'rules/stale.yaml'),
    [
      'name: stale',
      'pack: p',
      'enabled: true',
      'trigger:',
      '  type: core.intervaltimer',
      '  parameters:',
      '    unit: seconds',
      '    delta: 30',
      'action:',
      '  ref: core.echo',
      '  parameters:',
      '    message: "{{ trigger.host | default(\'?\') }}"',
      '    other: "{{ x + }}"',
      '',
    ].join('\n'),
  );
  const r = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(r.ok, 'a converted rule never refuses the pack');
  assert.deepEqual(r.warnings.map(formatProblem), [
    'rules/stale.yaml:1:1 — converted from a StackStorm rule with 2 problem(s); the rule is disabled',
    'rules/stale.yaml:8:12 trigger_params.delta — is not a setting of core.intervaltimer; it has interval, unit',
  ]);
  const [rule] = r.model.rules;
  assert.equal(rule?.enabled, false);
  // "other" was reported by the conversion already; validation adds only the new field.
  assert.deepEqual(rule?.conversionProblems.map(formatProblem), [
    'rules/stale.yaml:12:14 action_params.message — the Jinja filter "| default(\'?\')" has no equivalent',
    'rules/stale.yaml:13:12 action_params.other — "x +" is not an Attune expression: Unexpected end of expression at position 3 (line 1, column 4)',
    'rules/stale.yaml:8:12 trigger_params.delta — is not a setting of core.intervaltimer; it has interval, unit',
  ]);
});

test('a rule without a trigger or an action is reported once per field, by the loader', (t) => {
  const r = load(t, {
    'rules/a.yaml': 'ref: p.a\naction_ref: core.noop\n',
    'rules/b.yaml': 'ref: p.b\ntrigger_ref: core.intervaltimer\ntrigger_params:\n  interval: 5\n',
  });
  assert.deepEqual(r.problems, [
    'rules/a.yaml:1:1 trigger_ref — is required',
    'rules/b.yaml:1:1 action_ref — is required',
  ]);
});
