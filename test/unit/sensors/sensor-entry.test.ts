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
