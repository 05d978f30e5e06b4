/**
 * docs/packs.md, "Importing" — "an existing pack of the same ref is upgraded only with an explicit flag, and running
 * executions finish with the old version." Installed packs live in versioned folders of the data
 * folder; an old folder goes once nothing runs from it, and whatever an interrupted import or an
 * old version left behind goes at the next start.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { PackReport } from '../../../core/contract/packs.ts';
import type { Execution, Rule } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { type ErrorBody, writePack } from './helpers.ts';

/** A pack whose action sleeps, then prints a data file from its own folder. */
function slowPack(root: string, version: string, data: string): string {
  return writePack(root, `slow-${version}`, {
    'pack.yaml': `ref: slowpack\nlabel: Slow pack\nversion: "${version}"\n`,
    'actions/work.yaml':
      'ref: slowpack.work\nrunner_type: shell\nentry_point: work.sh\ntimeout_seconds: 30\n',
    // Read after the upgrade: it only works if the old folder is still there.
    'actions/work.sh': '#!/bin/sh\nsleep 1.5\ncat actions/data.txt\n',
    'actions/data.txt': `${data}\n`,
    'rules/on_call.yaml':
      'ref: slowpack.on_call\ntrigger_ref: core.intervaltimer\ntrigger_params: {interval: 1, unit: hours}\naction_ref: slowpack.work\n',
  });
}

async function execute(host: TestHost): Promise<number> {
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'slowpack.work',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.data.id;
}

test('an upgrade needs the flag, and a running execution of the old version finishes from the old folder', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  const v1 = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: slowPack(root, '1.0.0', 'v1'),
  });
  assert.equal(v1.status, 201, JSON.stringify(v1.body));
  const oldDir = v1.body.data.path ?? '';
  assert.equal((await host.api('PUT', '/api/v1/rules/slowpack.on_call', { enabled: true })).status, 200);

  const v2dir = slowPack(root, '2.0.0', 'v2');
  const refused = await host.api<ErrorBody>('POST', '/api/v1/packs/import', { path: v2dir });
  assert.equal(refused.status, 409);
  assert.equal(
    refused.body.error,
    'pack "slowpack" is already installed (version 1.0.0); import with upgrade: true (CLI: --upgrade) to replace it with version 2.0.0',
  );
  assert.equal(refused.body.details?.field, 'upgrade');

  const running = await execute(host);
  await waitFor(async () => {
    const r = await host.api<{ data: Execution }>('GET', `/api/v1/executions/${running}`);
    return r.body.data.status === 'running';
  }, 'the v1 execution to run');

  const v2 = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: v2dir,
    upgrade: true,
  });
  assert.equal(v2.status, 201, JSON.stringify(v2.body));
  assert.equal(v2.body.data.previous_version, '1.0.0');
  assert.deepEqual(v2.body.data.previously_enabled, ['slowpack.on_call']);
  assert.notEqual(v2.body.data.path, oldDir);
  const pack = await host.api<{ data: { version: string; path: string } }>('GET', '/api/v1/packs/slowpack');
  assert.deepEqual([pack.body.data.version, pack.body.data.path], ['2.0.0', v2.body.data.path]);
  const rule = await host.api<{ data: Rule }>('GET', '/api/v1/rules/slowpack.on_call');
  assert.equal(rule.body.data.enabled, false, 'an upgraded rule is disabled again for review');
  assert.ok(fs.existsSync(oldDir), 'the old folder stays while its execution runs');

  const old = await host.waitForExecution(running);
  assert.equal(old.status, 'completed', JSON.stringify(old.result));
  assert.equal(old.result?.stdout.trim(), 'v1');
  await waitFor(() => !fs.existsSync(oldDir), 'the old folder to be removed');

  const fresh = await host.waitForExecution(await execute(host));
  assert.equal(fresh.result?.stdout.trim(), 'v2');
});

test('folders no pack points at are removed at the next start; the installed one stays', async (t) => {
  const root = tempDir(t);
  const dataDir = tempDir(t);
  const first = await startTestHost(t, { dataDir });
  const v1 = await first.api<{ data: PackReport }>('POST', '/api/v1/packs/import', {
    path: slowPack(root, '1.0.0', 'v1'),
  });
  assert.equal(v1.status, 201);
  await first.close();

  // What a crash between copy and commit, or a stop while an old version still ran, leaves.
  const packs = path.join(dataDir, 'packs');
  const orphans = [
    path.join(packs, 'slowpack', '0.9.0-0123456789ab'),
    path.join(packs, '.incoming', 'slowpack-x1y2z3'),
    path.join(packs, 'ghost', '1.0.0-ba9876543210'),
  ];
  for (const dir of orphans) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'pack.yaml'), 'ref: ghost\n');
  }

  const second = await startTestHost(t, { dataDir });
  for (const dir of orphans) assert.equal(fs.existsSync(dir), false, `${dir} is left`);
  assert.deepEqual(fs.readdirSync(packs), ['slowpack']);
  assert.deepEqual(fs.readdirSync(path.join(packs, 'slowpack')), [path.basename(v1.body.data.path ?? '')]);
  const run = await second.waitForExecution(await execute(second));
  assert.equal(run.result?.stdout.trim(), 'v1');
});
