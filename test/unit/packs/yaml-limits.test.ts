/**
 * docs/packs.md, "Validation and problems" — a hostile pack file must not cost more than its
 * size: duplicate keys are found in one pass over the document (the YAML library's own check
 * compares each key with every earlier one: 40 000 keys took some 40 s and blocked the host), and
 * anchors and aliases are capped, since each alias is resolved by a scan of the anchors before it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatProblem, loadPackFolder, type ValidationResult } from '../../../core/packs/index.ts';
import { MAX_YAML_ALIASES, MAX_YAML_ANCHORS } from '../../../core/packs/yaml-shape.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { coreResolver } from './helpers.ts';

const HEAD = 'ref: big\nlabel: Big\nversion: "1.0.0"\n';

function loadPackYaml(t: { after: (fn: () => void) => void }, text: string): ValidationResult {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'pack.yaml'), text);
  return loadPackFolder(dir, { resolver: coreResolver });
}

function problems(r: ValidationResult): string[] {
  assert.equal(r.ok, false, 'the file must be refused');
  return r.ok ? [] : r.problems.map(formatProblem);
}

const lines = (n: number, line: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => line(i)).join('');

// How long such files take is test/integration/packs-cli/big-yaml.test.ts's business; here, what comes out.
test('a pack.yaml with 40 000 keys is read whole', (t) => {
  const text = `${HEAD}meta:\n${lines(40_000, (i) => `  k${i}: ${i}\n`)}`;
  assert.ok(text.length > 400_000);
  const r = loadPackYaml(t, text);
  assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  const meta = r.model.pack.meta as Record<string, unknown>;
  assert.equal(Object.keys(meta).length, 40_000);
  assert.equal(meta['k39999'], 39_999);
});

test('a duplicate among 40 000 keys is reported at its line, naming the first', (t) => {
  // Line 4 holds k0, so key i sits on line 5 + i; the duplicate of k17 comes last.
  const text = `${HEAD}meta:\n${lines(40_000, (i) => `  k${i}: 1\n`)}  k17: 2\n`;
  assert.deepEqual(problems(loadPackYaml(t, text)), [
    'pack.yaml:40005:3 yaml — duplicate key "k17": map keys must be unique (first at line 22)',
  ]);
});

test('keys that name the same property are duplicates whatever their YAML type', (t) => {
  assert.deepEqual(problems(loadPackYaml(t, `${HEAD}meta:\n  1: a\n  "1": b\n`)), [
    'pack.yaml:6:3 yaml — duplicate key "1": map keys must be unique (first at line 5)',
  ]);
});

test('only the first 20 duplicates are listed; the rest are counted', (t) => {
  const text = `${HEAD}meta:\n${lines(50, (i) => `  k${i}: 1\n`)}${lines(50, (i) => `  k${i}: 2\n`)}`;
  const found = problems(loadPackYaml(t, text));
  assert.equal(found.length, 21);
  assert.equal(found[20], 'pack.yaml:75:3 yaml — 30 more duplicate keys from here on');
});

test('a file with 20 000 anchors is refused at the first one over the cap', (t) => {
  const text = `${HEAD}meta:\n${lines(20_000, (i) => `  k${i}: &x${i} 1\n`)}`;
  assert.deepEqual(problems(loadPackYaml(t, text)), [
    `pack.yaml:${5 + MAX_YAML_ANCHORS}:17 yaml — more than ${MAX_YAML_ANCHORS} anchors (&x${MAX_YAML_ANCHORS}) in one file`,
  ]);
});

test('aliases are capped per file, even each to a different anchor', (t) => {
  const n = MAX_YAML_ALIASES + 1;
  const text = `${HEAD}meta:\n${lines(n, (i) => `  a${i}: &x${i} 1\n`)}${lines(n, (i) => `  b${i}: *x${i}\n`)}`;
  assert.deepEqual(problems(loadPackYaml(t, text)), [
    `pack.yaml:${5 + 2 * n - 1}:${3 + `b${n - 1}: `.length} yaml — more than ${MAX_YAML_ALIASES} aliases (*x${n - 1}) in one file; write the values out`,
  ]);
});

test('a few anchors and aliases still work', (t) => {
  const r = loadPackYaml(t, `${HEAD}meta:\n  base: &base {a: 1}\n  copy: *base\n`);
  assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  assert.deepEqual(r.model.pack.meta, { base: { a: 1 }, copy: { a: 1 } });
});

test('a warning on each of 40 000 unknown top-level keys points at its own line', (t) => {
  const r = loadPackYaml(t, `${HEAD}${lines(40_000, (i) => `x${i}: 1\n`)}`);
  assert.ok(r.ok);
  assert.equal(r.warnings.length, 40_000);
  assert.match(formatProblem(r.warnings.at(-1)!), /^pack\.yaml:40003:1 x39999 — /);
});
