/**
 * The Sensors view's reading of a sensor's live state (docs/sensors.md): a tone per status, the
 * uptime of a running sensor only, the first line of an error, and why an enabled sensor is idle.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  errorHeadline,
  idleReason,
  isBuiltinSensor,
  sensorTone,
  sensorUptime,
} from '../../../renderer/src/domain/sensor-state.ts';

test('each status has a tone: running ok, failed bad, starting and backoff busy, stopped idle', () => {
  assert.deepEqual((['running', 'failed', 'starting', 'backoff', 'stopped'] as const).map(sensorTone), [
    'ok',
    'bad',
    'busy',
    'busy',
    'idle',
  ]);
});

test('uptime counts from the start of a running sensor; a stopped or failed one has none', () => {
  const started_at = '2026-03-01T10:00:00.000Z';
  const now = Date.parse('2026-03-01T10:02:05.000Z');
  assert.equal(sensorUptime({ started_at, status: 'running' }, now), '2 min 05 s');
  assert.equal(sensorUptime({ started_at, status: 'failed' }, now), '—');
  assert.equal(sensorUptime({ started_at: null, status: 'running' }, now), '—');
});

test('the headline of an error is its first line; the stderr lines after it stay for the detail', () => {
  assert.equal(
    errorHeadline('exited with code 3; crash loop. Last stderr:\nboom'),
    'exited with code 3; crash loop. Last stderr:',
  );
  assert.equal(errorHeadline(null), '');
});

test('a stopped pack sensor says why; built-in and running sensors say nothing', () => {
  const pack = { entrypoint: 'watch.py' };
  assert.equal(
    idleReason({ ...pack, enabled: true, status: 'stopped' }),
    'No enabled rule uses its triggers',
  );
  assert.equal(idleReason({ ...pack, enabled: false, status: 'stopped' }), 'Disabled');
  assert.equal(idleReason({ ...pack, enabled: true, status: 'running' }), null);
  assert.equal(idleReason({ entrypoint: 'internal://timer', enabled: true, status: 'stopped' }), null);
  assert.equal(isBuiltinSensor({ entrypoint: 'internal://webhook' }), true);
  assert.equal(isBuiltinSensor(pack), false);
});
