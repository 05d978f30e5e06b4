/**
 * docs/packs.md, "Validation and problems" — "validated in full before anything is stored; each problem is reported with file,
 * line and field". The broken fixture has one mistake per file; one load reports all of them,
 * each as `file:line:column field — message`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadPackFolder, problemsError } from '../../../core/packs/index.ts';
import { BROKEN_PACK_PROBLEMS } from '../../helpers/broken-pack.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { copyFixture, coreResolver, FIXTURES } from './helpers.ts';

const BROKEN = path.join(FIXTURES, 'broken');

function problemLines(dir: string): string[] {
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.equal(result.ok, false, 'the pack must be refused');
  return result.ok ? [] : result.problems.map(formatProblem);
}

test('every problem of the broken pack is reported at once, sorted by file and line', () => {
  const lines = problemLines(BROKEN);
  assert.equal(lines.length, 6, lines.join('\n'));
  assert.deepEqual(
    lines.map((l) => l.split(' — ')[0]),
    BROKEN_PACK_PROBLEMS,
  );
});

test('a YAML syntax error names the line and what is wrong', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('rules/bad_yaml.yaml'));
  assert.equal(line, 'rules/bad_yaml.yaml:5:1 yaml — Tabs are not allowed as indentation');
});

test('an unknown trigger is named with the rule field that uses it', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('rules/unknown_trigger.yaml'));
  assert.match(line!, /trigger_ref — unknown trigger "broken\.nope"/);
});

test('a bad cron expression points at the expression value', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('rules/bad_cron.yaml'));
  assert.match(line!, /^rules\/bad_cron\.yaml:4:15 trigger_params\.expression — .*61/);
});

test('a condition syntax error points at the offending character inside the YAML line', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('rules/bad_condition.yaml'));
  // Line 6 is `  expression: event.payload.count > > 3`; the second ">" is column 37.
  assert.equal(line, 'rules/bad_condition.yaml:6:37 conditions.expression — Unexpected ">"');
});

test('an entry point outside the pack is refused', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('actions/escape.yaml'));
  assert.match(line!, /entry_point — "\.\.\/\.\.\/etc\/passwd" contains "\.\." and would leave the pack/);
});

test('a duplicate ref names the other file', () => {
  const line = problemLines(BROKEN).find((l) => l.startsWith('actions/dup_b.yaml'));
  assert.match(line!, /duplicate action ref "broken\.dup" \(also defined in actions\/dup_a\.yaml:1\)/);
});

test('an absolute entry point is refused', (t) => {
  const dir = copyFixture('broken', tempDir(t));
  fs.writeFileSync(path.join(dir, 'actions/escape.yaml'), 'ref: broken.escape\nentry_point: /etc/passwd\n');
  const line = problemLines(dir).find((l) => l.startsWith('actions/escape.yaml'));
  assert.match(line!, /^actions\/escape\.yaml:2:14 entry_point — "\/etc\/passwd" is an absolute path/);
});

test('an entry point that is a symlink leading out of the pack is refused', (t) => {
  const root = tempDir(t);
  const dir = copyFixture('broken', root);
  fs.writeFileSync(path.join(root, 'outside.sh'), 'echo outside\n');
  fs.symlinkSync(path.join(root, 'outside.sh'), path.join(dir, 'actions/link.sh'));
  fs.writeFileSync(path.join(dir, 'actions/escape.yaml'), 'ref: broken.escape\nentry_point: link.sh\n');
  const line = problemLines(dir).find((l) => l.startsWith('actions/escape.yaml'));
  assert.match(
    line!,
    /^actions\/escape\.yaml:2:14 entry_point — actions\/link\.sh is a symlink leading outside the pack/,
  );
});

test('a missing script is refused where the entry point is written', (t) => {
  const dir = copyFixture('broken', tempDir(t));
  fs.writeFileSync(
    path.join(dir, 'actions/escape.yaml'),
    'ref: broken.escape\nentry_point: scripts/run.sh\n',
  );
  const line = problemLines(dir).find((l) => l.startsWith('actions/escape.yaml'));
  assert.match(line!, /entry_point — names actions\/scripts\/run\.sh, which does not exist in the pack/);
});

test('the problems can be thrown as one error that lists them all', () => {
  const result = loadPackFolder(BROKEN, { resolver: coreResolver });
  assert.equal(result.ok, false);
  if (result.ok) return;
  const err = problemsError(result.problems);
  assert.equal(err.code, 'VALIDATION_ERROR');
  assert.deepEqual(err.location, { file: 'actions/dup_b.yaml', line: 2, column: 6 });
  assert.match(err.message, /^The pack has 6 problems:\n/);
});

test('a pack without pack.yaml is refused with one clear problem', (t) => {
  const lines = problemLines(tempDir(t));
  assert.deepEqual(lines, ['pack.yaml:1:1 — pack.yaml not found: a pack folder has pack.yaml at its root']);
});

test('a pack ref with a dot, a number as version and a wrong-pack ref are each reported', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), 'ref: my.pack\nversion: 1.0\n');
  fs.mkdirSync(path.join(dir, 'actions'));
  fs.writeFileSync(path.join(dir, 'actions/a.yaml'), 'ref: other.a\nentry_point: "echo a"\n');
  const lines = problemLines(dir).map((l) => l.split(' — ')[0]);
  assert.deepEqual(lines, ['actions/a.yaml:1:6 ref', 'pack.yaml:1:6 ref', 'pack.yaml:2:10 version']);
});

test('unknown keys are warnings, not errors', (t) => {
  const dir = copyFixture('demo', tempDir(t));
  fs.appendFileSync(path.join(dir, 'rules/new_year.yaml'), 'colour: blue\n');
  const result = loadPackFolder(dir, { resolver: coreResolver });
  assert.ok(result.ok);
  assert.deepEqual(result.warnings.map(formatProblem), [
    'rules/new_year.yaml:10:1 colour — unknown rule key "colour" is ignored',
  ]);
});
