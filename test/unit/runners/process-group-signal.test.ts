/**
 * Signals for a process group (docs/sensors.md, "Lifecycle": stopping a sensor signals its whole
 * group). A pid that is not a positive integer names no group: `kill(-0)` would signal the
 * engine's own process group and `kill(-(-1))` process 1, so such a pid is refused, not sent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signalGroup } from '../../../core/runners/process-group.ts';

test('a pid that is not a positive integer is refused without signalling anything', () => {
  // SIGCONT does no harm if it were sent (to this process's own group, or to process 1).
  for (const pid of [0, -1, Number.NaN, 1.5, null as unknown as number]) {
    assert.equal(signalGroup(pid, 'SIGCONT'), false, String(pid));
  }
});

test('a group that is gone is reported as gone', () => {
  // Beyond Linux's largest pid_max: no such process.
  assert.equal(signalGroup(4_194_304 + 11, 'SIGCONT'), false);
});
