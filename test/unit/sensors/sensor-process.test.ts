/**
 * One run of a pack sensor's program (docs/sensors.md, "Lifecycle", "Environment" and "Logs"):
 * spawned as the leader of its own process group, with the given environment, the program's
 * folder as working directory and standard input closed; its stdout and stderr cut into lines;
 * its exit reported once, after its last lines, and whatever is left in its group killed then.
 * Stopping sends SIGTERM to the group and SIGKILL after the grace period. Real node processes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { type TestContext, test } from 'node:test';
import { groupAlive } from '../../../core/runners/process-group.ts';
import { type RunExit, SensorRun } from '../../../core/sensors/supervisor/sensor-process.ts';
import { waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

interface Started {
  run: SensorRun;
  /** Lines and the exit, in the order the handlers saw them. */
  seen: string[];
  exits: RunExit[];
  dir: string;
}

function start(t: TestContext, source: string, env: Record<string, string> = {}): Started {
  const dir = tempDir(t);
  const file = path.join(dir, 'sensor.js');
  fs.writeFileSync(file, source);
  const seen: string[] = [];
  const exits: RunExit[] = [];
  const run = new SensorRun(
    { command: process.execPath, args: [file], env, cwd: dir },
    {
      line: (stream, text) => seen.push(`${stream}: ${text}`),
      exit: (e) => {
        exits.push(e);
        seen.push('exit');
      },
    },
  );
  t.after(() => run.stop(0));
  return { run, seen, exits, dir };
}

test('a run reports its lines per stream, then its exit once, with its code', async (t) => {
  const s = start(
    t,
    `const fs = require('node:fs');
     const stat = fs.readFileSync('/proc/self/stat', 'utf8');
     const pgrp = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2];
     process.stdout.write('pid ' + process.pid + ' pgrp ' + pgrp + '\\n');
     process.stdout.write('cwd ' + process.cwd() + '\\n');
     process.stdout.write('env ' + process.env.MARK + ' ' + (process.env.HOME ?? '-') + '\\n');
     process.stdout.write('stdin ' + (fs.fstatSync(0).isCharacterDevice() ? 'closed' : 'open') + '\\n');
     process.stderr.write('err 1\\r\\nerr');
     process.stdout.write('last without newline');
     process.exitCode = 7;`,
    { MARK: 'm1' },
  );
  assert.equal(typeof s.run.pid, 'number');
  assert.equal(s.run.running, true);
  const e = await s.run.exited;
  assert.deepEqual(e, { code: 7, signal: null, error: null });
  assert.equal(s.run.running, false);
  const pid = s.run.pid as number;
  const out = s.seen.filter((l) => l.startsWith('stdout: '));
  const err = s.seen.filter((l) => l.startsWith('stderr: '));
  assert.deepEqual(out, [
    // Its own process group: the group's id is its pid.
    `stdout: pid ${pid} pgrp ${pid}`,
    `stdout: cwd ${fs.realpathSync(s.dir)}`,
    'stdout: env m1 -',
    'stdout: stdin closed',
    'stdout: last without newline',
  ]);
  assert.deepEqual(err, ['stderr: err 1', 'stderr: err']);
  assert.equal(s.seen.at(-1), 'exit');
  assert.deepEqual(s.exits, [e]);
  // Stopping a run that has ended changes nothing.
  await s.run.stop(0);
  assert.deepEqual(s.exits, [e]);
});

test('when the leader exits, a helper still holding its output is killed and the exit reported', async (t) => {
  // docs/sensors.md, "Lifecycle": after the leader exits, anything left in its group is killed,
  // a helper that ignores SIGTERM too. The helper says on its stderr (a pipe to the leader) when
  // it ignores SIGTERM; its stdout is the run's.
  const s = start(
    t,
    `const { spawn } = require('node:child_process');
     const helper = spawn(
       process.execPath,
       ['-e', "process.on('SIGTERM', () => {}); process.stderr.write('ready'); setInterval(() => {}, 1000)"],
       { stdio: ['ignore', 'inherit', 'pipe'] },
     );
     helper.stderr.once('data', () => {
       process.stdout.write('helper ' + helper.pid + '\\n');
       process.exit(0);
     });`,
  );
  const e = await s.run.exited;
  assert.deepEqual(e, { code: 0, signal: null, error: null });
  const helper = Number(s.seen[0]?.replace('stdout: helper ', ''));
  assert.ok(helper > 0, s.seen.join('\n'));
  t.after(() => {
    try {
      process.kill(helper, 'SIGKILL');
    } catch {}
  });
  // The bound only ends a failing test (under a mutant) before Stryker's time limit, so that
  // its clean-up still kills the helper.
  await waitFor(() => !groupAlive(s.run.pid as number), 'the group to be gone', 5000);
  assert.equal(groupAlive(s.run.pid as number), false);
});

test('stop sends SIGTERM to the group; a program that ignores it is killed after the grace period', async (t) => {
  const obeys = start(t, `process.stdout.write('up\\n'); setInterval(() => {}, 1000);`);
  await waitFor(() => obeys.seen.includes('stdout: up'), 'the sensor to start');
  await obeys.run.stop(60_000);
  assert.deepEqual(obeys.exits, [{ code: null, signal: 'SIGTERM', error: null }]);
  assert.equal(obeys.run.running, false);

  const ignores = start(
    t,
    `process.on('SIGTERM', () => process.stdout.write('term\\n'));
     process.stdout.write('up\\n'); setInterval(() => {}, 1000);`,
  );
  await waitFor(() => ignores.seen.includes('stdout: up'), 'the sensor to start');
  await ignores.run.stop(300);
  assert.deepEqual(ignores.exits, [{ code: null, signal: 'SIGKILL', error: null }]);
  assert.ok(ignores.seen.includes('stdout: term'), ignores.seen.join('\n'));
});

test('a program that cannot be started has no pid and reports why once, as its exit', async (t) => {
  const dir = tempDir(t);
  const exits: RunExit[] = [];
  const lines: string[] = [];
  const run = new SensorRun(
    { command: path.join(dir, 'missing-sensor'), args: [], env: {}, cwd: dir },
    { line: (_s, l) => lines.push(l), exit: (e) => exits.push(e) },
  );
  assert.equal(run.pid, null);
  // Stopping before the failure is reported signals nothing (there is no group) and waits for it.
  await run.stop(0);
  assert.deepEqual(exits, [
    { code: null, signal: null, error: `spawn ${path.join(dir, 'missing-sensor')} ENOENT` },
  ]);
  assert.deepEqual(await run.exited, exits[0]);
  assert.equal(run.running, false);
  assert.deepEqual(lines, []);
});
