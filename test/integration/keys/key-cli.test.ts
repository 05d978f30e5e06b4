/**
 * docs/concepts.md, "Keys and secrets" — `attune-desktop key set` reads the value from standard
 * input (never from its arguments), `key get --decrypt` reads it back, `key list` shows no value,
 * and `key delete` removes the key.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startTestHost } from '../../helpers/host.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function cli(
  dataDir: string,
  args: string[],
  stdin = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/attune-desktop.js', '--data-dir', dataDir, ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

test('key set from stdin, get --decrypt, list without values, delete: a round trip through the CLI', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const d = host.dataDir;
  const secret = 'cli-secret-5e6f7a8b';

  const set = await cli(
    d,
    ['key', 'set', 'deploy_token', '--encrypt', '--name', 'Deploy token'],
    `${secret}\n`,
  );
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stdout, /deploy_token created \(encrypted\)/);
  const value = await cli(d, ['key', 'get', 'deploy_token', '--decrypt', '--value']);
  assert.equal(value.stdout, `${secret}\n`, 'the trailing newline of the pipe is not part of the value');
  const sealed = await cli(d, ['key', 'get', 'deploy_token']);
  assert.match(sealed.stdout, /"value": null/);

  const json = await cli(d, ['key', 'set', 'limits', '--as-json', '--pack', 'testkit'], '{"max": 3}');
  assert.equal(json.code, 0, json.stderr);
  assert.match((await cli(d, ['key', 'get', 'limits', '--value'])).stdout, /^\{"max":3\}$/m);

  const replaced = await cli(d, ['key', 'set', 'deploy_token', '--encrypt'], 'second-value-9');
  assert.match(replaced.stdout, /deploy_token updated/);
  assert.equal(
    (await cli(d, ['key', 'get', 'deploy_token', '--decrypt', '--value'])).stdout,
    'second-value-9\n',
  );

  const list = await cli(d, ['key', 'list']);
  assert.match(list.stdout, /deploy_token\s+system\s+true\s+Deploy token/);
  assert.match(list.stdout, /limits\s+pack\s+testkit\s+false/);
  assert.ok(!list.stdout.includes('second-value-9'));

  const empty = await cli(d, ['key', 'set', 'nothing'], '');
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /value: empty/);

  assert.match((await cli(d, ['key', 'delete', 'limits'])).stdout, /limits deleted/);
  assert.equal((await cli(d, ['key', 'get', 'limits'])).code, 1);
});
