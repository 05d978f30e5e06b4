/**
 * docs/packs.md, "The format, by example" — the importer accepts older field names and normalises them: `trigger.payload.x`
 * and `trigger.x` in conditions and templates become `event.payload.x` (strings and
 * `event.trigger` untouched), `core.timer` with `interval_seconds` becomes
 * `core.intervaltimer {interval, unit: seconds}`, and problems in rewritten text still point at
 * the column the user wrote.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { rewriteTemplateTriggerRefs, rewriteTriggerRefs } from '../../../core/packs/aliases.ts';
import { formatProblem, loadPackFolder } from '../../../core/packs/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver } from './helpers.ts';

test('trigger.payload.x and trigger.x both read the event payload', () => {
  assert.equal(
    rewriteTriggerRefs('trigger.payload.x > 1 and trigger.y == 2').text,
    'event.payload.x > 1 and event.payload.y == 2',
  );
  assert.equal(rewriteTriggerRefs('trigger["a-b"] == 1').text, 'event.payload["a-b"] == 1');
  assert.equal(rewriteTriggerRefs('trigger.payloads == 1').text, 'event.payload.payloads == 1');
});

test('strings, event.trigger and longer names are left alone', () => {
  const src = 'event.trigger == "trigger.x" and my_trigger.x == 1 and \'trigger.y\' != triggers.z';
  const r = rewriteTriggerRefs(src);
  assert.equal(r.changed, false);
  assert.equal(r.text, src);
});

test('in StackStorm rules a payload key named payload is just a key', () => {
  assert.equal(rewriteTriggerRefs('trigger.payload.x', 'stackstorm').text, 'event.payload.payload.x');
});

test('templates are rewritten only inside {{ }}', () => {
  const r = rewriteTemplateTriggerRefs('trigger.x is {{ trigger.x }} and {{trigger.payload.y}}');
  assert.equal(r.text, 'trigger.x is {{ event.payload.x }} and {{event.payload.y}}');
});

test('positions in rewritten text map back to the text as written', () => {
  const r = rewriteTriggerRefs('trigger.a == 1 and trigger.b >');
  // The ">" is at 41 rewritten and at 29 as written; the end (42) maps to the end (30).
  assert.equal(r.text.indexOf('>'), 41);
  assert.equal(r.toOriginal(41), 29);
  assert.equal(r.toOriginal(42), 30);
  // Inside a replacement, the start of what it replaced.
  assert.equal(r.toOriginal(3), 0);
  assert.equal(r.toOriginal(0), 0);
});

function pack(t: { after: (fn: () => void) => void }, rule: string): string {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), 'ref: old\nversion: "1.0.0"\n');
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.writeFileSync(path.join(dir, 'rules/r.yaml'), rule);
  return dir;
}

test('an older Attune rule loads with its aliases normalised and a warning for each', (t) => {
  const dir = pack(
    t,
    [
      'ref: r',
      'trigger: core.timer',
      'trigger_params:',
      '  interval_seconds: 30',
      'conditions: trigger.payload.level == "error"',
      'action: core.echo',
      'action_params:',
      '  message: "{{ trigger.payload.text }}"',
      '',
    ].join('\n'),
  );
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok, result.ok ? '' : result.problems.map(formatProblem).join('\n'));
  const r = result.model.rules[0]!;
  assert.equal(r.trigger_ref, 'core.intervaltimer');
  assert.deepEqual(r.trigger_params, { interval: 30, unit: 'seconds' });
  assert.deepEqual(r.conditions, { expression: 'event.payload.level == "error"' });
  assert.equal(r.action_ref, 'core.echo');
  assert.deepEqual(r.action_params, { message: '{{ event.payload.text }}' });
  assert.deepEqual(
    result.warnings.map((w) => w.field),
    ['trigger_ref', 'conditions.expression', 'action_params'],
  );
});

test('a syntax error in a rewritten condition points at the column as written', (t) => {
  const dir = pack(
    t,
    'ref: r\ntrigger_ref: core.intervaltimer\ntrigger_params: {interval: 5}\nconditions:\n  expression: trigger.a == 1 and trigger.b >\naction_ref: core.echo\n',
  );
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.equal(result.ok, false);
  // `  expression: ` is 14 characters; the expression ends (the error) at offset 30 as written.
  assert.deepEqual(result.ok ? [] : result.problems.map(formatProblem), [
    'rules/r.yaml:5:45 conditions.expression — Unexpected end of expression',
  ]);
});

test('a template error inside a nested parameter points into its line', (t) => {
  const dir = pack(
    t,
    'ref: r\ntrigger_ref: core.intervaltimer\ntrigger_params: {interval: 5}\naction_ref: core.echo\naction_params:\n  message: "hello {{ event.payload.x + }}"\n',
  );
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.equal(result.ok, false);
  const line = result.ok ? '' : formatProblem(result.problems[0]!);
  assert.match(line, /^rules\/r\.yaml:6:\d+ action_params\.message — /);
});
