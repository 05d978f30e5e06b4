/**
 * docs/api.md, "CLI" — client commands talk to the running host with the token from the data folder;
 * `run` prints the result and exits non-zero when the execution fails.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.ts';
import { startTestHost } from '../../helpers/host.ts';

const cli = (dataDir: string, ...args: string[]) => runCli(dataDir, ...args);

test('rule create/list/get/disable/enable/delete, run, execution and event commands work against a host', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const d = host.dataDir;
  await host.api('POST', '/api/v1/triggers', { ref: 'cli' });
  const file = path.join(d, 'rule.yaml');
  fs.writeFileSync(
    file,
    'ref: from_cli\ntrigger_ref: local.cli\naction_ref: core.echo\naction_params:\n  message: "{{ event.payload.msg }}"\n',
  );

  const created = await cli(d, 'rule', 'create', '-f', file);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /ref: local.from_cli/);
  assert.match((await cli(d, 'rule', 'list')).stdout, /local\.from_cli\s+true\s+local\.cli\s+core\.echo/);
  assert.match((await cli(d, 'rule', 'disable', 'local.from_cli')).stdout, /disabled/);
  assert.match((await cli(d, '--json', 'rule', 'get', 'local.from_cli')).stdout, /"enabled": false/);
  assert.match((await cli(d, 'rule', 'enable', 'local.from_cli')).stdout, /enabled/);

  const ok = await cli(d, 'run', 'core.echo', 'message=hello there');
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /status: completed/);
  assert.match(ok.stdout, /hello there/);
  const failed = await cli(d, 'run', 'testkit.fail');
  assert.equal(failed.code, 1);
  assert.match(failed.stdout, /status: failed/);

  const list = await cli(d, 'execution', 'list');
  assert.match(list.stdout, /failed\s+testkit\.fail/);
  assert.match(list.stdout, /^\((\d+) of \1\)$/m, 'a short list prints its exact total, no "+"');
  const id = /^(\d+)\s+completed\s+core\.echo/m.exec(list.stdout)?.[1];
  assert.ok(id, list.stdout);
  assert.match((await cli(d, 'execution', 'get', id)).stdout, /action_ref: core.echo/);
  const cancel = await cli(d, 'execution', 'cancel', id);
  assert.equal(cancel.code, 1);
  assert.match(cancel.stderr, /already completed/);

  assert.equal((await cli(d, 'event', 'list')).code, 0);
  assert.equal((await cli(d, 'rule', 'delete', 'local.from_cli')).code, 0);
  const gone = await cli(d, 'rule', 'get', 'local.from_cli');
  assert.equal(gone.code, 1);
  assert.match(gone.stderr, /not found/);
  const bad = await cli(d, 'run', 'core.echo', 'not-an-assignment');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not key=value/);
});

test('client commands explain when no host runs for the data folder', async (t) => {
  const { tempDir } = await import('../../helpers/temp-dir.ts');
  const r = await cli(tempDir(t), 'rule', 'list');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no running host found/);
});
