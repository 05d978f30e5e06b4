/**
 * A pack sensor's program (docs/sensors.md, "Entry point and runner"): a file in the pack's
 * sensors/ folder that may not leave it; an absolute path only for the user pack; runners a
 * process can run on. Each refusal is a sentence the API shows as the field's error.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  resolveSensorEntry,
  sensorCommand,
  sensorRunner,
} from '../../../core/sensors/supervisor/sensor-entry.ts';
import { LineSplitter, LogRing } from '../../../core/sensors/supervisor/sensor-log.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

function pack(t: Parameters<typeof tempDir>[0]): string {
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'sensors'));
  fs.writeFileSync(path.join(dir, 'sensors', 'watch.py'), 'print(1)\n');
  fs.writeFileSync(path.join(dir, 'outside.py'), 'print(2)\n');
  fs.symlinkSync(path.join(dir, 'outside.py'), path.join(dir, 'sensors', 'link.py'));
  return dir;
}

test('a file in sensors/ is found by its name or its path from the pack', (t) => {
  const dir = pack(t);
  const real = fs.realpathSync(path.join(dir, 'sensors', 'watch.py'));
  assert.deepEqual(resolveSensorEntry(dir, 'watch.py'), { ok: true, path: real });
  assert.deepEqual(resolveSensorEntry(dir, 'sensors/watch.py'), { ok: true, path: real });
});

test('a missing file, a way out of sensors/ or a built-in entry point is refused with the reason', (t) => {
  const dir = pack(t);
  const refused = (ep: string, packPath: string | null = dir) => {
    const r = resolveSensorEntry(packPath, ep);
    assert.equal(r.ok, false, ep);
    return r.ok ? '' : r.message;
  };
  assert.match(refused('gone.py'), /^entrypoint file not found: sensors\/gone\.py/);
  assert.match(refused('../outside.py'), /leaves the pack's sensors\/ folder/);
  assert.match(refused(path.join(dir, 'outside.py')), /is an absolute path/);
  assert.match(refused('link.py'), /resolves outside the pack's sensors\/ folder/);
  assert.match(refused('internal://timer'), /built-in sensor's/);
  assert.match(refused(''), /empty/);
  assert.match(refused('watch.py', null), /needs an absolute path/);
  assert.match(refused('/nonexistent/x.py', null), /^entrypoint file not found/);
  assert.equal(resolveSensorEntry(null, path.join(dir, 'outside.py')).ok, true);
});

test('sensors run on python, node, shell or native (with the usual aliases), nothing else', () => {
  assert.deepEqual(
    [
      'python',
      'python3',
      'nodejs',
      'node',
      'bash',
      'shell',
      'native',
      'http',
      'builtin',
      'ruby',
      'internal',
    ].map(sensorRunner),
    ['python', 'python', 'node', 'node', 'shell', 'shell', 'native', null, null, null, null],
  );
  const r = sensorCommand('ruby', '/x.rb', process.env.PATH);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.message, /runner_type "ruby" is not supported for sensors/);
  assert.deepEqual(sensorCommand('native', '/bin/true', process.env.PATH), {
    ok: true,
    command: '/bin/true',
    args: [],
    env: {},
  });
});

test('output is cut into lines, an endless line into bounded pieces, and the log keeps the newest', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), 8);
  s.push('a\r\nb');
  s.push('c\n0123456789abc');
  s.end();
  assert.deepEqual(lines, ['a', 'bc', '01234567', '89abc']);
  const ring = new LogRing(3);
  for (const text of ['1', '2', '3', '4']) ring.push('stderr', text, 0);
  assert.deepEqual(
    ring.tail().map((l) => l.text),
    ['2', '3', '4'],
  );
  assert.deepEqual(
    ring.tail(1).map((l) => l.text),
    ['4'],
  );
});

test('each refusal of an entry point is the whole sentence the API shows', (t) => {
  const dir = pack(t);
  const message = (packPath: string | null, ep: string) => {
    const r = resolveSensorEntry(packPath, ep);
    return r.ok ? `found ${r.path}` : r.message;
  };
  assert.equal(message(dir, '  '), 'entrypoint is empty: name the sensor program');
  assert.equal(
    message(dir, 'internal://timer'),
    `entrypoint "internal://timer" is a built-in sensor's; a pack sensor names a file`,
  );
  assert.equal(
    message(null, 'watch.py'),
    'entrypoint "watch.py": a sensor outside a pack folder needs an absolute path to its program',
  );
  assert.equal(message(null, '/nonexistent/x.py'), 'entrypoint file not found: /nonexistent/x.py');
  assert.equal(
    message(dir, '/etc/passwd'),
    `entrypoint "/etc/passwd" is an absolute path; name a file in the pack's sensors/ folder`,
  );
  // A Windows path is absolute too, wherever the pack was written.
  assert.equal(
    message(dir, 'C:\\tools\\watch.py'),
    `entrypoint "C:\\tools\\watch.py" is an absolute path; name a file in the pack's sensors/ folder`,
  );
  assert.equal(
    message(dir, 'sub/../../outside.py'),
    `entrypoint "sub/../../outside.py" leaves the pack's sensors/ folder ("..") and is refused`,
  );
  assert.equal(
    message(dir, '..\\outside.py'),
    `entrypoint "..\\outside.py" leaves the pack's sensors/ folder ("..") and is refused`,
  );
  assert.equal(message(dir, 'sensors/gone.py'), `entrypoint file not found: sensors/gone.py in ${dir}`);
  assert.equal(message(dir, 'sensors'), `entrypoint file not found: sensors/sensors in ${dir}`);
  assert.equal(
    message(dir, 'link.py'),
    "entrypoint sensors/link.py resolves outside the pack's sensors/ folder",
  );
});

test('the entry point is trimmed, may be written with a backslash, and a folder is no program', (t) => {
  const dir = pack(t);
  const real = fs.realpathSync(path.join(dir, 'sensors', 'watch.py'));
  assert.deepEqual(resolveSensorEntry(dir, '  watch.py\n'), { ok: true, path: real });
  assert.deepEqual(resolveSensorEntry(dir, 'sensors\\watch.py'), { ok: true, path: real });
  fs.mkdirSync(path.join(dir, 'sensors', 'lib'));
  assert.equal(resolveSensorEntry(dir, 'lib').ok, false);
  // Only a leading "sensors/" is the folder's name; one further in is a subfolder.
  fs.writeFileSync(path.join(dir, 'sensors', 'lib', 'sensors'), 'x');
  assert.equal(resolveSensorEntry(dir, 'lib/sensors').ok, true);
  // A folder named `sensors` inside sensors/ keeps its name in the path: `lib/sensors/x.js` is
  // that file, not `lib/x.js` (docs/sensors.md, "Entry point and runner": a file in sensors/,
  // named from it or from the pack as `sensors/…`).
  fs.rmSync(path.join(dir, 'sensors', 'lib', 'sensors'));
  fs.mkdirSync(path.join(dir, 'sensors', 'lib', 'sensors'));
  fs.writeFileSync(path.join(dir, 'sensors', 'lib', 'sensors', 'x.js'), 'nested');
  fs.writeFileSync(path.join(dir, 'sensors', 'lib', 'x.js'), 'beside');
  const nested = fs.realpathSync(path.join(dir, 'sensors', 'lib', 'sensors', 'x.js'));
  assert.deepEqual(resolveSensorEntry(dir, 'lib/sensors/x.js'), { ok: true, path: nested });
  assert.deepEqual(resolveSensorEntry(dir, 'sensors/lib/sensors/x.js'), { ok: true, path: nested });
  const user = path.join(dir, 'outside.py');
  assert.deepEqual(resolveSensorEntry(null, `  ${user} `), { ok: true, path: user });
  assert.equal(resolveSensorEntry(null, path.join(dir, 'sensors')).ok, false);
});

test('a file whose name starts with two dots stays inside sensors/', (t) => {
  // docs/sensors.md, "Entry point and runner": only `..` as a path step leaves the folder.
  const dir = pack(t);
  fs.writeFileSync(path.join(dir, 'sensors', '..watch.py'), 'print(3)\n');
  const real = fs.realpathSync(path.join(dir, 'sensors', '..watch.py'));
  assert.deepEqual(resolveSensorEntry(dir, '..watch.py'), { ok: true, path: real });
});

test('each runner starts the program through its interpreter, found on the sensor PATH', (t) => {
  const bin = tempDir(t);
  for (const name of ['python3', 'bash']) {
    fs.writeFileSync(path.join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
  }
  assert.deepEqual(sensorCommand('Python3', '/s/w.py', bin), {
    ok: true,
    command: path.join(bin, 'python3'),
    args: ['-u', '/s/w.py'],
    env: {},
  });
  assert.deepEqual(sensorCommand('node.js', '/s/w.js', bin), {
    ok: true,
    command: process.execPath,
    args: ['/s/w.js'],
    env: {},
  });
  assert.deepEqual(sensorCommand('sh', '/s/w.sh', bin), {
    ok: true,
    command: path.join(bin, 'bash'),
    args: ['/s/w.sh'],
    env: {},
  });
  const empty = tempDir(t);
  assert.deepEqual(sensorCommand('python', '/s/w.py', empty), {
    ok: false,
    message: 'runner_type "python": python3 was not found on PATH',
  });
  assert.deepEqual(sensorCommand('ruby', '/x.rb', bin), {
    ok: false,
    message: 'runner_type "ruby" is not supported for sensors (use python, node, shell or native)',
  });
  assert.deepEqual(['NODE', 'Bash', 'SH', 'NATIVE', 'python 3', ''].map(sensorRunner), [
    'node',
    'shell',
    'shell',
    'native',
    null,
    null,
  ]);
});
