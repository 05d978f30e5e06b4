/**
 * Start-up repair (docs/sensors.md, "Lifecycle"): each process group recorded in
 * `sensor_processes` by a run of the engine that ended without stopping its sensors is killed —
 * only if its leader's environment still names that sensor (`ATTUNE_SENSOR_REF`), so a pid the
 * system gave to another program is left alone — and every record is cleared. Real processes, a
 * real store.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import type { Logger } from '../../../core/model/logger.ts';
import { groupAlive } from '../../../core/runners/process-group.ts';
import { stopSensorOrphans } from '../../../core/sensors/supervisor/orphans.ts';
import {
  listSensorProcesses,
  openStore,
  recordSensorProcess,
  type Store,
} from '../../../core/store/index.ts';
import { sensorOrphan, UNTIL_STDIN_ENDS, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function storeIn(t: TestContext): Store {
  const store = openStore({ file: path.join(tempDir(t), 'attune.db') });
  t.after(() => store.close());
  return store;
}

function logger(): Logger & { infos: Array<[string, unknown]> } {
  const infos: Array<[string, unknown]> = [];
  return { infos, debug() {}, warn() {}, error() {}, info: (msg, data) => infos.push([msg, data]) };
}

/** A detached node process (its own group) whose environment names `ref`. */
function leader(t: TestContext, ref: string): number {
  const child = spawn(process.execPath, ['-e', UNTIL_STDIN_ENDS], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ATTUNE_SENSOR_REF: ref },
  });
  t.after(() => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {}
  });
  return child.pid as number;
}

test('a recorded group whose leader still names its sensor is killed; another program is left alone', async (t) => {
  const store = storeIn(t);
  const ours = leader(t, 'acme.watch');
  const reused = leader(t, 'acme.other');
  const prefix = leader(t, 'acme.watch2');
  // Wait until each child runs node (its environment is the one given, not the parent's).
  for (const pid of [ours, reused, prefix]) {
    await waitFor(() => {
      try {
        return fs.readFileSync(`/proc/${pid}/environ`, 'utf8').includes('ATTUNE_SENSOR_REF=');
      } catch {
        return false;
      }
    }, 'the child to start');
  }
  store.transaction((w) => {
    recordSensorProcess(w, 'acme.watch', ours, 1);
    // The pid now belongs to a program started for another sensor (or for nothing of ours).
    recordSensorProcess(w, 'acme.gone', reused, 1);
    // `ATTUNE_SENSOR_REF=acme.watch2` does not name `acme.watch` either.
    recordSensorProcess(w, 'acme.watch3', prefix, 1);
    // No process at all.
    recordSensorProcess(w, 'acme.dead', 2 ** 22 + 7, 1);
  });
  const log = logger();
  assert.equal(stopSensorOrphans(store, log), 1);
  await waitFor(() => !groupAlive(ours), 'the orphan to die');
  assert.equal(groupAlive(reused), true);
  assert.equal(groupAlive(prefix), true);
  assert.deepEqual(listSensorProcesses(store.read), []);
  assert.deepEqual(log.infos, [
    ['sensor processes of the previous run cleaned up', { recorded: 4, killed: 1 }],
  ]);
});

test('with nothing recorded nothing is killed and nothing is logged', (t) => {
  const store = storeIn(t);
  const log = logger();
  assert.equal(stopSensorOrphans(store, log), 0);
  assert.deepEqual(log.infos, []);
});

test('a recorded leader that has exited counts as not killed, and its record is cleared', (t) => {
  const store = storeIn(t);
  store.transaction((w) => recordSensorProcess(w, 'acme.watch', 2 ** 22 + 9, 1));
  const log = logger();
  assert.equal(stopSensorOrphans(store, log), 0);
  assert.deepEqual(listSensorProcesses(store.read), []);
  assert.deepEqual(log.infos, [
    ['sensor processes of the previous run cleaned up', { recorded: 1, killed: 0 }],
  ]);
});

test('an orphan that ignores SIGTERM is killed all the same', async (t) => {
  // docs/sensors.md, "Lifecycle": a start after a crash kills each recorded group of that sensor;
  // there is no one left to wait a grace period for, so the group is killed outright.
  const store = storeIn(t);
  const { pid, exited } = await sensorOrphan(t, 'acme.watch', { ignoreTerm: true });
  store.transaction((w) => recordSensorProcess(w, 'acme.watch', pid, 1));
  assert.equal(stopSensorOrphans(store, logger()), 1);
  // The bound only ends a failing test (under a mutant) before Stryker's time limit, so that
  // its clean-up still kills the orphan; a SIGKILL takes no time.
  await waitFor(() => !groupAlive(pid), 'the orphan to die', 5000);
  const [code, signal] = await exited;
  assert.deepEqual([code, signal], [null, 'SIGKILL']);
});

test("a recorded group whose leader has exited is left alone: no leader's environment names the sensor", async (t) => {
  // docs/sensors.md, "Lifecycle": only a group whose leader's environment still names the sensor
  // is killed; with the leader gone there is no environment to read.
  const store = storeIn(t);
  const script = [
    "const { spawn } = require('node:child_process');",
    // The member must outlive its leader: Node closes the leader's stdin pipe when the leader
    // exits, so it lives on a timer (the test kills the group; the minute bounds a leak).
    `const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });`,
    "process.stdout.write(c.pid + '\\n');",
    'c.unref();',
    'process.exit(0);',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], {
    detached: true,
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ATTUNE_SENSOR_REF: 'acme.watch' },
  });
  const pid = child.pid as number;
  t.after(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
  });
  await once(child, 'close');
  const member = Number.parseInt(out, 10);
  assert.ok(member > 0, out);
  assert.equal(groupAlive(pid), true);
  store.transaction((w) => recordSensorProcess(w, 'acme.watch', pid, 1));
  const log = logger();
  assert.equal(stopSensorOrphans(store, log), 0);
  assert.equal(groupAlive(pid), true);
  assert.deepEqual(listSensorProcesses(store.read), []);
  assert.deepEqual(log.infos, [
    ['sensor processes of the previous run cleaned up', { recorded: 1, killed: 0 }],
  ]);
});
