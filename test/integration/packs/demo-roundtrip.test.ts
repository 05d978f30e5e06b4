/**
 * docs/packs.md, "Importing" — a pack imports through the REST API (multipart, as Attune's `pack upload` sends it),
 * its rules start disabled, the review report shows what each action runs, a rule fires once
 * enabled and its actions read their parameters; the pack exports, re-imports into a fresh data
 * folder and exports again byte for byte (every file, and the .tar.gz).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar';
import type { PackExportResult, PackReport } from '../../../core/contract/packs.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import { copyFixturePack, exportPack, listen, readTree, sign, uploadPack } from './helpers.ts';

const HMAC = 'a-webhook-secret-of-some-length';

/** The demo fixture with its status API pointed at a loopback listener, as a GitHub-style .tar.gz. */
async function demoArchive(root: string, apiBase: string): Promise<Buffer> {
  const dir = copyFixturePack('demo', root);
  const yaml = path.join(dir, 'pack.yaml');
  fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replaceAll('https://status.example.com', apiBase));
  const file = path.join(root, 'demo-src.tar.gz');
  await tar.create({ gzip: true, cwd: root, file }, ['demo']);
  return fs.readFileSync(file);
}

async function run(host: TestHost, action: string, parameters: object): Promise<Execution> {
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: action,
    parameters,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return host.waitForExecution(r.body.data.id);
}

/** Exports the demo pack twice: as a folder under `root`, and as .tar.gz bytes. */
async function exportDemo(host: TestHost, root: string, name: string): Promise<{ dir: string; tgz: Buffer }> {
  const dir = path.join(root, name);
  const folder = await exportPack<{ data: PackExportResult }>(host, {
    pack: 'demo',
    format: 'folder',
    path: dir,
  });
  assert.equal(folder.status, 200, folder.bytes.toString());
  const archive = await exportPack(host, { pack: 'demo' });
  assert.equal(archive.status, 200, archive.bytes.toString());
  assert.equal(archive.headers.get('content-type'), 'application/gzip');
  assert.equal(archive.headers.get('content-disposition'), 'attachment; filename="demo-1.2.0.tar.gz"');
  return { dir, tgz: archive.bytes };
}

test('the demo pack imports, fires, exports, re-imports elsewhere and exports byte-identically', async (t) => {
  const root = tempDir(t);
  const status = await listen(t);
  const a = await startTestHost(t);

  const imported = await uploadPack(a, await demoArchive(root, status.url), 'demo-src.tar.gz');
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  const report = imported.body.data;
  assert.equal(report.installed, true);
  assert.match(report.path ?? '', /packs[/\\]demo[/\\]1\.2\.0-[0-9a-f]{12}$/);
  assert.deepEqual(
    report.actions.map((x) => [x.ref, x.runs]),
    [
      ['demo.backup', 'shell actions/backup.sh'],
      ['demo.ping', 'an HTTP request built from its parameters (url, method, body…)'],
      ['demo.report', 'node actions/report.js'],
    ],
  );
  assert.deepEqual(report.actions[0]?.script?.first_lines.slice(0, 3), [
    '#!/bin/sh',
    '# Reads {"target": ..., "keep": ...} on stdin and archives the target folder.',
    'set -eu',
  ]);
  assert.deepEqual(
    report.rules.map((r) => [r.ref, r.enabled]),
    [
      ['demo.deploy_alert', false],
      ['demo.new_year', false],
      ['demo.nightly_backup', false],
      ['demo.weekly_report', false],
    ],
  );
  assert.deepEqual(report.missing_secrets, ['api_token']);
  assert.equal(report.triggers[0]?.hmac_secret_missing, true);

  // The source disappears; the installed copy is what runs.
  fs.rmSync(path.join(root, 'demo'), { recursive: true });
  const hook = await a.api<{ data: { url: string } }>(
    'POST',
    '/api/v1/triggers/demo.deploy_finished/webhooks/enable',
    {
      hmac_secret: HMAC,
    },
  );
  assert.equal(hook.status, 200, JSON.stringify(hook.body));
  assert.equal((await a.api('PUT', '/api/v1/rules/demo.deploy_alert', { enabled: true })).status, 200);
  const body = JSON.stringify({ payload: { service: 'billing', status: 'failed', duration_ms: 2500 } });
  const fired = await fetch(hook.body.data.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-signature': sign(HMAC, body) },
    body,
  });
  assert.equal(fired.status, 200, await fired.clone().text());
  await waitFor(() => status.received.length > 0, 'the http action to call the listener');
  assert.equal(status.received[0]?.method, 'POST');
  assert.equal(status.received[0]?.url, '/deploys');
  assert.deepEqual(JSON.parse(status.received[0]?.body ?? ''), { service: 'billing', took: 2.5 });
  const execs = await a.api<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=demo.deploy_alert');
  const done = await a.waitForExecution(execs.body.items[0]?.id ?? 0);
  assert.equal(done.status, 'completed', JSON.stringify(done.result));

  const backup = await run(a, 'demo.backup', { target: '/srv/data' });
  assert.equal(backup.status, 'completed', JSON.stringify(backup.result));
  assert.match(backup.result?.stdout ?? '', /backing up: \{.*"target":"\/srv\/data".*"keep":7/);
  const weekly = await run(a, 'demo.report', { week: '2024-W07' });
  assert.equal(weekly.status, 'completed', JSON.stringify(weekly.result));
  assert.deepEqual(weekly.result?.data, { week: '2024-W07', deploys: 0 });

  const first = await exportDemo(a, root, 'first');
  // Declared `enabled`, not this machine's switches; the HMAC secret itself never leaves.
  assert.match(fs.readFileSync(path.join(first.dir, 'rules/deploy_alert.yaml'), 'utf8'), /^enabled: true$/m);
  assert.ok(!first.tgz.includes(HMAC));
  for (const [file, entry] of readTree(first.dir)) assert.ok(!entry.bytes.includes(HMAC), file);

  const b = await startTestHost(t);
  const again = await uploadPack(b, first.tgz, 'demo-1.2.0.tar.gz', {}, '/api/v1/packs/upload');
  assert.equal(again.status, 201, JSON.stringify(again.body));
  const second = await exportDemo(b, root, 'second');

  const x = readTree(first.dir);
  const y = readTree(second.dir);
  assert.deepEqual([...y.keys()], [...x.keys()]);
  for (const [file, entry] of x) {
    assert.ok(entry.bytes.equals(y.get(file)?.bytes ?? Buffer.alloc(0)), `${file} differs`);
    assert.equal(entry.mode, y.get(file)?.mode, `${file} mode differs`);
  }
  assert.ok(first.tgz.equals(second.tgz), 'the .tar.gz bytes differ');
});

test('a validate dry run reports the same review without installing anything', async (t) => {
  const root = tempDir(t);
  const host = await startTestHost(t);
  const dir = copyFixturePack('demo', root);
  const r = await host.api<{ data: PackReport }>('POST', '/api/v1/packs/validate', { path: dir });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.data.valid, true);
  assert.equal(r.body.data.installed, false);
  assert.equal(r.body.data.rules.length, 4);
  assert.equal((await host.api('GET', '/api/v1/packs/demo')).status, 404);
  assert.equal(fs.existsSync(path.join(host.dataDir, 'packs')), false);
});
