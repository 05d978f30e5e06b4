/**
 * docs/packs.md, "Validation and problems" — reading a pack file costs time in proportion to its
 * size. The YAML library's duplicate-key check compared each key with every earlier one: a 430 KB
 * pack.yaml of 40 000 keys took some 40 s, during which the host answered nothing. The check now
 * runs in one pass. `pack validate` runs in its own process here, so the 45 s limit can stop it
 * (a test's timeout cannot interrupt synchronous work in the test's own thread); one pass takes a
 * few seconds, the quadratic check minutes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KEYS = 80_000;

test('pack validate reads a pack.yaml of 80 000 keys and names the one duplicate', {
  timeout: 90_000,
}, async (t) => {
  const dir = tempDir(t);
  const keys = Array.from({ length: KEYS }, (_, i) => `  k${i}: 1\n`).join('');
  fs.writeFileSync(path.join(dir, 'pack.yaml'), `ref: big\nversion: "1.0.0"\nmeta:\n${keys}  k5: 2\n`);
  assert.ok(fs.statSync(path.join(dir, 'pack.yaml')).size < 1_048_576, 'under the 1 MiB cap on YAML files');
  const run = promisify(execFile)(
    process.execPath,
    ['bin/attune-desktop.js', '--data-dir', tempDir(t), 'pack', 'validate', dir],
    { cwd: ROOT, timeout: 45_000 },
  );
  const failed = await run.then(
    () => assert.fail('the duplicate key must fail validation'),
    (err: { code: unknown; killed?: boolean; stdout: string; stderr: string }) => err,
  );
  assert.equal(failed.killed, false, 'pack validate did not finish within 45 s');
  assert.equal(failed.code, 1, failed.stderr);
  assert.deepEqual(failed.stdout.trim().split('\n'), [
    `pack.yaml:${4 + KEYS}:3 yaml — duplicate key "k5": map keys must be unique (first at line 9)`,
    '1 problem',
  ]);
});
