/**
 * `attune-desktop sensor list|get|enable|disable|restart|logs` against a running host
 * (docs/sensors.md, "CLI"): the real CLI program, talking to the host over HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.ts';
import { sensorHost, sensorState } from './helpers.ts';

const cli = (dataDir: string, ...args: string[]) => runCli(dataDir, ...args);

test('sensor list, get, disable, enable, restart and logs work against a host', {
  timeout: 240_000,
}, async (t) => {
  const h = await sensorHost(t);
  const d = h.dataDir;
  await sensorState(
    h,
    'sensorkit.watcher',
    'the watcher to run',
    (s) => s.status === 'running' && s.events_emitted >= 2,
  );

  const list = await cli(d, 'sensor', 'list');
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^REF\s+ENABLED\s+STATUS\s+PID\s+UPTIME\s+RESTARTS\s+EVENTS\s+LAST_ERROR/m);
  assert.match(list.stdout, /^core\.timer\s+true\s+running/m);
  assert.match(list.stdout, /^sensorkit\.watcher\s+true\s+running\s+\d+\s+\d+s\s+0\s+2/m);

  const got = await cli(d, 'sensor', 'get', 'sensorkit.watcher');
  assert.match(got.stdout, /entrypoint: watcher\.py/);
  assert.match(got.stdout, /status: running/);

  assert.match(
    (await cli(d, 'sensor', 'disable', 'sensorkit.watcher')).stdout,
    /sensorkit\.watcher: disabled, stopped/,
  );
  assert.match(
    (await cli(d, 'sensor', 'enable', 'sensorkit.watcher')).stdout,
    /sensorkit\.watcher: enabled, running/,
  );
  assert.match(
    (await cli(d, 'sensor', 'restart', 'sensorkit.watcher')).stdout,
    /sensorkit\.watcher: enabled, running/,
  );

  const logs = await cli(d, 'sensor', 'logs', 'sensorkit.watcher', '-n', '500');
  assert.match(logs.stdout, /supervisor\s+stopped: disabled/);
  assert.match(logs.stdout, /stderr\s+started with 1 rule\(s\); greeting=hello/);

  const builtin = await cli(d, 'sensor', 'restart', 'core.timer');
  assert.equal(builtin.code, 1);
  assert.match(builtin.stderr, /core\.timer is a built-in sensor/);
});
