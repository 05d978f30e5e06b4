/**
 * A sensor's log (docs/sensors.md, "Logs"): the last 500 lines per sensor, newest last, a line cut
 * at 4,096 characters; and the cutting of a sensor's output into lines, an endless line handed on
 * in bounded pieces (docs/sensors.md, "Emitting events": one event per stdout line).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  LineSplitter,
  LOG_LINES_KEPT,
  LogRing,
  MAX_LOG_LINE_CHARS,
} from '../../../core/sensors/supervisor/sensor-log.ts';

const T = Date.parse('2026-12-07T12:00:00.000Z');

test('the log keeps the last 500 lines, oldest first, each with its time and stream', () => {
  assert.equal(LOG_LINES_KEPT, 500);
  const ring = new LogRing();
  for (let i = 1; i <= 501; i += 1) ring.push(i % 2 === 0 ? 'stdout' : 'stderr', `line ${i}`, T + i);
  const all = ring.tail();
  assert.equal(all.length, 500);
  assert.deepEqual(all[0], { at: '2026-12-07T12:00:00.002Z', stream: 'stdout', text: 'line 2' });
  assert.deepEqual(all[499], { at: '2026-12-07T12:00:00.501Z', stream: 'stderr', text: 'line 501' });
});

test('asking for more lines than the log keeps gives the 500 kept, not the ones dropped', () => {
  // docs/sensors.md, "Logs": the last 500 lines per sensor are kept; older ones are gone, so a
  // `limit` above 500 cannot bring them back.
  const ring = new LogRing();
  for (let i = 1; i <= 501; i += 1) ring.push('stderr', `line ${i}`, T + i);
  const asked = ring.tail(1000);
  assert.equal(asked.length, 500);
  assert.equal(asked[0]?.text, 'line 2');
  assert.equal(asked[499]?.text, 'line 501');
  assert.deepEqual(ring.tail(1000, 'stderr').length, 500);
});

test('a limit picks the newest lines, and a stream only its own', () => {
  const ring = new LogRing(4);
  ring.push('stderr', 'e1', T);
  ring.push('stdout', 'o1', T);
  ring.push('stderr', 'e2', T);
  ring.push('supervisor', 's1', T);
  const texts = (lines: Array<{ text: string }>) => lines.map((l) => l.text);
  assert.deepEqual(texts(ring.tail(2)), ['e2', 's1']);
  assert.deepEqual(texts(ring.tail(5)), ['e1', 'o1', 'e2', 's1']);
  assert.deepEqual(texts(ring.tail(1, 'stderr')), ['e2']);
  assert.deepEqual(texts(ring.tail(4, 'stderr')), ['e1', 'e2']);
  assert.deepEqual(texts(ring.tail(4, 'stdout')), ['o1']);
  assert.deepEqual(texts(ring.tail(undefined, 'supervisor')), ['s1']);
});

test('a line longer than 4,096 characters is cut there and marked; one of exactly 4,096 is kept whole', () => {
  assert.equal(MAX_LOG_LINE_CHARS, 4096);
  const ring = new LogRing();
  const exact = 'x'.repeat(4096);
  ring.push('stdout', exact, T);
  ring.push('stdout', `${'y'.repeat(4096)}z`, T);
  const [kept, cut] = ring.tail().map((l) => l.text);
  assert.equal(kept, exact);
  assert.equal(cut, `${'y'.repeat(4096)} …[cut]`);
});

test('output is cut at each newline, a CR before it dropped, and the rest held until the line ends', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  s.push('one\r\ntw');
  assert.deepEqual(lines, ['one']);
  s.push('o\n\nthr\ree\r\nfour');
  assert.deepEqual(lines, ['one', 'two', '', 'thr\ree']);
  s.end();
  assert.deepEqual(lines, ['one', 'two', '', 'thr\ree', 'four']);
  // Ending again, or ending with nothing held, hands on nothing more.
  s.end();
  s.push('five\n');
  s.end();
  assert.deepEqual(lines, ['one', 'two', '', 'thr\ree', 'four', 'five']);
});

test('a line without an end is handed on in pieces of at most 1 MiB by default', () => {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l));
  const mib = 1_048_576;
  s.push('a'.repeat(mib));
  assert.deepEqual(lines, []);
  s.push('bc');
  assert.equal(lines.length, 1);
  assert.equal(lines[0], 'a'.repeat(mib));
  s.push('\n');
  assert.deepEqual(lines.slice(1), ['bc']);
  const small: string[] = [];
  const t = new LineSplitter((l) => small.push(l), 3);
  t.push('abcdefg');
  assert.deepEqual(small, ['abc', 'def']);
  t.push('h\nijk');
  t.end();
  assert.deepEqual(small, ['abc', 'def', 'gh', 'ijk']);
});
