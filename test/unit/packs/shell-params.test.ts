/**
 * docs/expressions.md, "Shell commands", and docs/packs.md, "Shell commands on an Attune
 * server" — a pack rule whose shell parameter holds a placeholder no quoting can keep data is a
 * problem at its file, line and column; a converted StackStorm `core.local` rule with one is
 * disabled instead of blocking the pack; export warns about every shell parameter that relies
 * on our quoting, which an Attune server does not do.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadPackFolder, shellQuotingWarnings } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver } from './helpers.ts';

function pack(t: { after: (fn: () => void) => void }, files: Record<string, string>): string {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), 'ref: sh\nversion: "1.0.0"\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const RULE_HEAD = 'ref: r\ntrigger_ref: core.intervaltimer\ntrigger_params: {interval: 5}\n';

test("a placeholder in a shell comment of core.shell's cmd is a problem at its column", (t) => {
  const dir = pack(t, {
    'rules/r.yaml': `${RULE_HEAD}action_ref: core.shell\naction_params:\n  cmd: 'true # from {{ event.payload.x }}'\n`,
  });
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.equal(result.ok, false);
  // `  cmd: '` is 8 characters; the `{{` is at offset 12 of the value: column 21.
  assert.deepEqual(result.ok ? [] : result.problems.map(formatProblem), [
    'rules/r.yaml:6:21 action_params.cmd — a placeholder inside a shell comment cannot be made safe (move it out, or use raw() if the value is trusted)',
  ]);
});

test("a pack action's own shell: true parameter is checked the same way; other parameters are not", (t) => {
  const dir = pack(t, {
    'actions/run.yaml': [
      'ref: run',
      'runner_type: shell',
      'entry_point: run.sh',
      'parameters:',
      '  script: {type: string, shell: true}',
      '  note: {type: string}',
      '',
    ].join('\n'),
    'actions/run.sh': '#!/bin/sh\n',
    'rules/r.yaml': `${RULE_HEAD}action_ref: sh.run\naction_params:\n  script: "cat <<EOF\\n{{ event.payload.x }}\\nEOF"\n  note: "# {{ event.payload.x }}"\n`,
  });
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.deepEqual(
    result.ok ? [] : result.problems.map((p) => `${p.field} — ${p.message.split(' cannot')[0]}`),
    ['action_params.script — a placeholder inside a here-document'],
  );
});

test('placeholders bare, inside "…" and inside \'…\' validate', (t) => {
  const dir = pack(t, {
    'rules/r.yaml': `${RULE_HEAD}action_ref: core.shell\naction_params:\n  cmd: "echo {{ event.payload.x }} \\"a {{ event.payload.x }}\\" 'b {{ event.payload.x }}'"\n`,
  });
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
});

test('a StackStorm core.local rule with a placeholder in a here-document is loaded disabled, with the reason', (t) => {
  const dir = pack(t, {
    'rules/r.yaml': [
      'name: notes',
      'pack: sh',
      'trigger: {type: core.st2.IntervalTimer, parameters: {delta: 5, unit: seconds}}',
      'action:',
      '  ref: core.local',
      '  parameters:',
      '    cmd: "cat <<EOF > /tmp/notes\\n{{ trigger.executed_at }}\\nEOF"',
      '',
    ].join('\n'),
  });
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  const rule = result.model.rules[0]!;
  assert.equal(rule.action_ref, 'core.shell');
  assert.equal(rule.enabled, false);
  assert.deepEqual(rule.conversionProblems.map(formatProblem), [
    'rules/r.yaml:7:10 action_params.cmd — a placeholder inside a here-document cannot be made safe (move it out, or use raw() if the value is trusted)',
  ]);
});

test('export warns about each shell parameter whose placeholders rely on our quoting', (t) => {
  const dir = pack(t, {
    'rules/a.yaml': `${RULE_HEAD}action_ref: core.shell\naction_params:\n  cmd: 'echo "{{ event.payload.x }}"'\n`,
    'rules/b.yaml': `${RULE_HEAD.replace('ref: r', 'ref: b')}action_ref: core.shell\naction_params:\n  cmd: "echo {{ raw(event.payload.x) }} {{ shell_quote(event.payload.y) }}"\n`,
    'rules/c.yaml': `${RULE_HEAD.replace('ref: r', 'ref: c')}action_ref: core.echo\naction_params:\n  message: "{{ event.payload.x }}"\n`,
  });
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  assert.deepEqual(shellQuotingWarnings(result.model, coreResolver), [
    'rule sh.r: action_params.cmd relies on Attune Desktop quoting its {{ }} values for the shell; ' +
      'an Attune server inserts them unquoted, so there an event could run shell code through this rule',
  ]);
});
