/**
 * docs/packs.md, "In five commands" — the pack commands of the CLI: `pack validate` works offline and prints every problem
 * as `file:line:column field — message`; `pack import` prints the review report; `pack export`,
 * `pack list`, `pack reload` and `pack delete` work against a running host.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { BROKEN_PACK_PROBLEMS } from '../../helpers/broken-pack.ts';
import { FIXTURE_PACKS, startTestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { cli, exportPack, readTree } from '../packs/helpers.ts';

test('pack validate needs no host: every problem on its own line, exit 1; a valid pack exits 0', async (t) => {
  const broken = await cli(tempDir(t), 'pack', 'validate', path.join(FIXTURE_PACKS, 'broken'));
  assert.equal(broken.code, 1, broken.stderr);
  assert.deepEqual(
    broken.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(' — ')[0]),
    [...BROKEN_PACK_PROBLEMS, '6 problems'],
  );
  const demo = await cli(tempDir(t), 'pack', 'validate', path.join(FIXTURE_PACKS, 'demo'));
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /^demo 1\.2\.0 is valid: 3 actions, 4 rules/m);
});

test('pack import, list, export, reload and delete work against a running host', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  const d = host.dataDir;

  const imported = await cli(d, 'pack', 'import', path.join(FIXTURE_PACKS, 'demo'));
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^Imported demo 1\.2\.0 \(.*packs.demo.1\.2\.0-[0-9a-f]{12}\)$/m);
  assert.match(imported.stdout, /^ {2}demo\.backup: shell actions\/backup\.sh \(timeout 120 s\)$/m);
  assert.match(imported.stdout, /^ {4}\| #!\/bin\/sh$/m);
  assert.match(
    imported.stdout,
    /^ {2}demo\.deploy_alert \[disabled\]: demo\.deploy_finished if .* → demo\.ping$/m,
  );
  assert.match(imported.stdout, /^ {2}api_token: MISSING — Token for the status API$/m);

  const again = await cli(d, 'pack', 'import', path.join(FIXTURE_PACKS, 'demo'));
  assert.equal(again.code, 1);
  assert.match(again.stderr, /pack "demo" is already installed \(version 1\.2\.0\)/);

  const list = await cli(d, 'pack', 'list');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^demo\s+1\.2\.0\s+Demo Pack\s+false\s+/m);

  const tgz = path.join(root, 'demo.tar.gz');
  const whole = await cli(d, 'pack', 'export', '--pack', 'demo', '-o', tgz);
  assert.equal(whole.code, 0, whole.stderr);
  assert.ok(fs.readFileSync(tgz).equals((await exportPack(host, { pack: 'demo' })).bytes));

  const out = path.join(root, 'nightly');
  const some = await cli(d, 'pack', 'export', 'demo.nightly_backup', '-o', out);
  assert.equal(some.code, 0, some.stderr);
  assert.deepEqual(
    [...readTree(out).keys()],
    ['README.md', 'actions/backup.sh', 'actions/backup.yaml', 'pack.yaml', 'rules/nightly_backup.yaml'],
  );

  const reloaded = await cli(d, 'pack', 'reload', 'demo');
  assert.equal(reloaded.code, 0, reloaded.stderr);
  assert.match(reloaded.stdout, /^Reloaded demo 1\.2\.0 \(/m);

  const deleted = await cli(d, 'pack', 'delete', 'demo');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout.trim(), 'demo deleted');
  assert.doesNotMatch((await cli(d, 'pack', 'list')).stdout, /^demo/m);
  const core = await cli(d, 'pack', 'delete', 'core');
  assert.equal(core.code, 1);
  assert.match(core.stderr, /ships with Attune Desktop and cannot be deleted/);
});
