/**
 * Pack import and export for people (docs/renderer.md "Packs"): which files are archives, bytes
 * to base64 and back (as a channel carries them), problems located as `file:line:column field`,
 * and what a review asks of the user before importing.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PackReport } from '../../../core/contract/packs.ts';
import {
  base64ToBytes,
  bytesToBase64,
  importNeeds,
  isPackArchive,
  problemLocation,
  problemsByFile,
  reportSummary,
  secretsToSend,
} from '../../../renderer/src/domain/pack-review.ts';

const report = (over: Partial<PackReport> = {}): PackReport => ({
  valid: true,
  installed: false,
  operation: 'validated',
  pack: { ref: 'demo', label: 'Demo', description: '', version: '1.2.0', author: null },
  previous_version: null,
  path: null,
  problems: [],
  warnings: [],
  actions: [],
  triggers: [],
  rules: [],
  sensors: [],
  secrets: [],
  missing_secrets: [],
  removed: [],
  previously_enabled: [],
  other_rules_disabled: [],
  ...over,
});

test('archives are .tar.gz, .tgz, .tar and .zip, whatever the case', () => {
  assert.deepEqual(['a.tar.gz', 'b.TGZ', 'c.zip', 'd.tar', 'e.gz', 'pack.yaml', 'zip'].map(isPackArchive), [
    true,
    true,
    true,
    true,
    false,
    false,
    false,
  ]);
});

test('bytes go to base64 and back unchanged, large ones too', () => {
  const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
  const b64 = bytesToBase64(bytes);
  assert.equal(b64, Buffer.from(bytes).toString('base64'));
  assert.deepEqual(base64ToBytes(b64), bytes);
});

test('problems read file:line:column field, grouped by file and ordered by line', () => {
  const p = (file: string, line: number, field = 'ref') => ({ file, line, column: 3, field, message: 'm' });
  assert.equal(problemLocation(p('actions/a.yaml', 4, 'entry_point')), 'actions/a.yaml:4:3 entry_point');
  assert.equal(problemLocation(p('pack.yaml', 1, '')), 'pack.yaml:1:3');
  const grouped = problemsByFile([p('rules/b.yaml', 9), p('actions/a.yaml', 2), p('rules/b.yaml', 3)]);
  assert.deepEqual(
    grouped.map((g) => [g.file, g.problems.map((x) => x.line)]),
    [
      ['actions/a.yaml', [2]],
      ['rules/b.yaml', [3, 9]],
    ],
  );
});

test('a review asks for missing secrets, says when it replaces a version, and blocks on problems', () => {
  assert.deepEqual(importNeeds(report({ missing_secrets: ['api_token'] })), {
    secrets: ['api_token'],
    upgrade: false,
    blocked: false,
  });
  assert.equal(importNeeds(report({ previous_version: '1.1.0' })).upgrade, true);
  assert.equal(importNeeds(report({ valid: false })).blocked, true);
  assert.deepEqual(secretsToSend({ a: 'x', b: '' }), { a: 'x' });
  assert.equal(reportSummary(report()), 'demo 1.2.0, new on this machine: 0 rules, 0 actions, 0 triggers');
  assert.match(reportSummary(report({ previous_version: '1.1.0' })), /^demo 1\.2\.0 replaces 1\.1\.0/);
});
