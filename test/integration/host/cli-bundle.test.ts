/**
 * The CLI bundle is the same program as the source (docs/architecture.md, "The CLI bundle"): built
 * two folders below the root, it starts the host with the core pack and answers the API.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../../scripts/build-cli.mjs';
import { apiFor, type HostProcess, waitUntilListening } from '../../helpers/host-process.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

test('the bundled CLI serves the API with the core pack, like the source', async (t) => {
  const outDir = `out/cli-test-${process.pid}`;
  t.after(() => fs.rmSync(path.join(ROOT, outDir), { recursive: true, force: true }));
  const { bundle, inputs } = await buildCli(outDir);
  assert.ok(inputs.includes('core/host/cli-main.ts'));
  assert.ok(inputs.includes('core/engine/create-engine.ts'));
  assert.ok(
    inputs.every((f) => f.startsWith('core/')),
    'packages stay external',
  );
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(ROOT, outDir, 'inputs.json'), 'utf8')), inputs);
  // A client command loads the entry only: the server, the store and the watcher are in chunks
  // that the entry imports when `serve` (or an offline command) runs.
  const entry = fs.readFileSync(bundle, 'utf8');
  for (const server of ['fastify', 'better-sqlite3', '@parcel/watcher']) {
    assert.doesNotMatch(entry, new RegExp(`^import [^;]*"${server}"`, 'm'), `the entry imports ${server}`);
  }
  assert.match(entry, /import\("\.\/serve-[\w-]+\.mjs"\)/, 'serve is a chunk of its own');

  const dataDir = tempDir(t);
  const child = spawn(process.execPath, [bundle, 'serve', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ATTUNE_LOG_LEVEL: 'warn' },
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const host: HostProcess = {
    child,
    stdout: () => '',
    stderr: () => err,
    exited: new Promise((resolve) => child.once('exit', resolve)),
  };
  const { url } = await waitUntilListening(dataDir, host);
  const api = apiFor(dataDir, url);
  const core = await api<{ data: { ref: string } }>('GET', '/api/v1/packs/core');
  assert.equal(core.status, 200, JSON.stringify(core.body));
  assert.equal(core.body.data.ref, 'core');
  child.kill('SIGTERM');
  assert.equal(await host.exited, 0, err);
});
