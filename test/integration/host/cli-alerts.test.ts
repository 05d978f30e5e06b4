/**
 * The alert and timer commands of the CLI (docs/alerts.md, docs/timers.md "Pausing all timers"):
 * they talk to a running host with the token from the data folder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.ts';
import { startTestHost } from '../../helpers/host.ts';

const cli = (dataDir: string, ...args: string[]) => runCli(dataDir, ...args);

test('alert config, list, dismiss, execution rerun and timers pause/resume/status from the CLI', async (t) => {
  const host = await startTestHost(t);
  const d = host.dataDir;
  await host.api('POST', '/api/v1/triggers', { ref: 'job' });
  await host.api('POST', '/api/v1/rules', {
    ref: 'fails',
    trigger_ref: 'local.job',
    action_ref: 'core.shell',
    action_params: { cmd: 'exit 2' },
  });
  const set = await cli(d, '--json', 'alert', 'config', '--rule', 'fails', '--after-failures', '1');
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(JSON.parse(set.stdout), {
    rule_ref: 'local.fails',
    config: { enabled: true, after_failures: 1, on_missed: true, on_recovery: true },
    inherited: false,
  });
  const bad = await cli(d, 'alert', 'config', '--on-missed', 'maybe');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--on-missed must be true or false/);

  const r = await host.api<{ data: { execution_ids: number[] } }>('POST', '/api/v1/rules/local.fails/run', {
    payload: {},
  });
  const failed = r.body.data.execution_ids[0] as number;
  await host.waitForExecution(failed);
  const listed = await cli(d, 'alert', 'list', '--open');
  assert.match(listed.stdout, /open\s+failure\s+local\.fails/);
  const id = /^(\d+)\s+open/m.exec(listed.stdout)?.[1];
  assert.ok(id, listed.stdout);

  const rerun = await cli(d, 'execution', 'rerun', String(failed));
  assert.equal(rerun.code, 0, rerun.stderr);
  const again = Number(/^execution (\d+): [a-z]+/.exec(rerun.stdout)?.[1]);
  assert.ok(again > failed, rerun.stdout);
  assert.equal((await host.waitForExecution(again)).config.cmd, 'exit 2', 'the same parameters');

  assert.match((await cli(d, 'alert', 'dismiss', id)).stdout, new RegExp(`alert ${id}: dismissed`));
  assert.match((await cli(d, 'timers', 'pause')).stdout, /^timers paused since \d{4}-/);
  assert.match((await cli(d, 'timers', 'status')).stdout, /^timers paused since/);
  assert.match((await cli(d, 'timers', 'resume')).stdout, /^timers running/);
});
