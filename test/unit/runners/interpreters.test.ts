/**
 * docs/runners.md — how the process runners find their interpreters: bash or /bin/sh, python3 on PATH,
 * Node (Electron running as Node when it is this process).
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  findOnPath,
  nodeInterpreter,
  pythonInterpreter,
  shellInterpreter,
} from '../../../core/runners/interpreters.ts';

describe('interpreters', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'attune-interp-'));
    await writeFile(path.join(dir, 'python3'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'python3'), 0o755);
    await writeFile(path.join(dir, 'bash'), 'not executable');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('finds executables on a PATH and skips files that are not executable', () => {
    assert.equal(findOnPath('python3', `/nonexistent:${dir}`), path.join(dir, 'python3'));
    assert.equal(findOnPath('bash', dir), null);
    assert.equal(findOnPath('python3', ''), null);
  });

  it('uses python3 from PATH with -u, an explicit path, or none', () => {
    assert.deepEqual(pythonInterpreter(undefined, dir), {
      command: path.join(dir, 'python3'),
      args: ['-u'],
      env: {},
      inlineFileName: 'action.py',
    });
    assert.equal(pythonInterpreter('/opt/py/bin/python3', '')?.command, '/opt/py/bin/python3');
    assert.equal(pythonInterpreter(null, dir), null);
    assert.equal(pythonInterpreter(undefined, '/nonexistent'), null);
  });

  it('prefers bash and falls back to a shell that always exists', () => {
    assert.match(shellInterpreter(process.env.PATH).command, /\/bash$/);
    assert.match(shellInterpreter('/nonexistent').command, /^\/bin\/(ba)?sh$/);
  });

  it('runs node actions with this Node by default, without Electron variables outside Electron', () => {
    assert.deepEqual(nodeInterpreter(undefined), {
      command: process.execPath,
      args: [],
      env: {},
      inlineFileName: 'action.js',
    });
    assert.equal(nodeInterpreter('/usr/local/bin/node').command, '/usr/local/bin/node');
  });
});
