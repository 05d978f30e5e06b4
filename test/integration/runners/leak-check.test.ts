/**
 * The leak check that ends every runner test must be able to fail: a process left running in
 * the sandbox is reported, and one that is gone is not.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoLeftoverProcesses, makeSandbox, type Sandbox } from './support.ts';

describe('assertNoLeftoverProcesses', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.dispose());

  it('reports a process whose working folder is in the sandbox', async () => {
    const child = spawn('sleep', ['30'], { cwd: sb.packPath, stdio: 'ignore' });
    try {
      await assert.rejects(
        assertNoLeftoverProcesses(sb, 100),
        /processes left running after the test:\n.*sleep 30/,
      );
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await assertNoLeftoverProcesses(sb);
  });

  it('reports a member of a process group a run announced, wherever it runs', async () => {
    const child = spawn('sleep', ['30'], { cwd: '/', stdio: 'ignore', detached: true });
    sb.spawned.push(child.pid ?? -1);
    try {
      await assert.rejects(assertNoLeftoverProcesses(sb, 100), /sleep 30/);
    } finally {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await assertNoLeftoverProcesses(sb);
  });
});
