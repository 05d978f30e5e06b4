/**
 * docs/runners.md, "Action fields" — entry_point: a file in <pack>/actions/ or an inline script; nothing may resolve
 * outside the actions folder.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AttuneError } from '../../../core/model/errors.ts';
import { resolveEntryPoint } from '../../../core/runners/entry-point.ts';

describe('resolveEntryPoint', () => {
  let root: string;
  let pack: string;
  before(async () => {
    root = await realpath(await mkdtemp(path.join(tmpdir(), 'attune-entry-')));
    pack = path.join(root, 'pack');
    await mkdir(path.join(pack, 'actions', 'sub'), { recursive: true });
    await mkdir(path.join(pack, 'actions', 'dir.sh'));
    await writeFile(path.join(pack, 'actions', 'run.sh'), 'echo\n');
    await writeFile(path.join(pack, 'actions', 'sub', 'deep.py'), 'print()\n');
    await writeFile(path.join(pack, 'actions', 'hostname'), 'echo\n');
    await writeFile(path.join(root, 'secret.txt'), 'x\n');
    await symlink(path.join(root, 'secret.txt'), path.join(pack, 'actions', 'evil.sh'));
    await symlink(path.join(pack, 'actions', 'run.sh'), path.join(pack, 'actions', 'alias.sh'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const refused = (pattern: RegExp) => (err: unknown) =>
    err instanceof AttuneError && err.field === 'entry_point' && pattern.test(err.message);

  it('resolves a file in actions/ and in a subfolder', async () => {
    assert.deepEqual(await resolveEntryPoint(pack, 'run.sh'), {
      kind: 'file',
      path: path.join(pack, 'actions', 'run.sh'),
    });
    assert.deepEqual(await resolveEntryPoint(pack, ' sub/deep.py '), {
      kind: 'file',
      path: path.join(pack, 'actions', 'sub', 'deep.py'),
    });
  });

  it('follows a link that stays inside actions/', async () => {
    assert.equal((await resolveEntryPoint(pack, 'alias.sh')).kind, 'file');
  });

  it('a file named like a command is still the file', async () => {
    assert.equal((await resolveEntryPoint(pack, 'hostname')).kind, 'file');
  });

  it('treats text with whitespace as an inline script, kept verbatim', async () => {
    const script = 'echo hi\nexit 0\n';
    assert.deepEqual(await resolveEntryPoint(pack, script), { kind: 'inline', source: script });
    assert.equal((await resolveEntryPoint(pack, 'cat ../x.sh')).kind, 'inline');
  });

  it('treats a one-word command that is not a file as inline', async () => {
    assert.deepEqual(await resolveEntryPoint(pack, 'whoami'), { kind: 'inline', source: 'whoami' });
  });

  it('is always inline without a pack folder', async () => {
    assert.equal((await resolveEntryPoint(null, 'run.sh')).kind, 'inline');
    assert.equal((await resolveEntryPoint(null, '/usr/bin/true')).kind, 'inline');
  });

  it('refuses .. and absolute paths', async () => {
    await assert.rejects(
      resolveEntryPoint(pack, '../pack.yaml'),
      refused(/leaves the pack's actions\/ folder/),
    );
    await assert.rejects(resolveEntryPoint(pack, 'sub/../../x.sh'), refused(/leaves/));
    await assert.rejects(resolveEntryPoint(pack, '..\\x.sh'), refused(/leaves/));
    await assert.rejects(resolveEntryPoint(pack, '/etc/passwd'), refused(/absolute path/));
  });

  it('refuses a link that points outside actions/', async () => {
    await assert.rejects(resolveEntryPoint(pack, 'evil.sh'), refused(/resolves outside/));
  });

  it('reports a missing script file and a folder', async () => {
    await assert.rejects(resolveEntryPoint(pack, 'gone.sh'), refused(/file not found: actions\/gone\.sh/));
    await assert.rejects(resolveEntryPoint(pack, 'sub/gone'), refused(/file not found/));
    await assert.rejects(resolveEntryPoint(pack, 'dir.sh'), refused(/is not a file/));
  });

  it('refuses an empty entry point', async () => {
    await assert.rejects(resolveEntryPoint(pack, '  \n'), refused(/empty/));
  });
});
