/**
 * The `core.filewatch` sensor on real temp folders (docs/sensors.md, "Built-in sensors: filewatch
 * and system"): one event per add, change and unlink after the debounce; bursts coalesced per
 * path with the final state reported; the glob and event filters; watches following rule changes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../helpers/temp-dir.ts';
import { eventsOf, filewatchRule, placeFile, quiet, startEngine, waitFor, watchRunning } from './support.ts';

const DEBOUNCE = 100;

test('adding, changing and removing a file produce one event each after the debounce', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  filewatchRule(engine, 'inbox', { path: dir, debounce_ms: DEBOUNCE });
  await watchRunning(engine, 'local.inbox');
  const file = path.join(dir, 'report.pdf');
  const kinds = () => eventsOf(engine, 'local.inbox').map((e) => e.payload['event']);
  const count = (n: number) => () => (eventsOf(engine, 'local.inbox').length >= n ? true : undefined);

  fs.writeFileSync(file, 'one');
  await waitFor('the add event', count(1));
  fs.appendFileSync(file, ' two');
  await waitFor('the change event', count(2));
  fs.unlinkSync(file);
  await waitFor('the unlink event', count(3));
  await quiet(DEBOUNCE * 5);

  assert.deepEqual(kinds(), ['add', 'change', 'unlink']);
  const [added, changed, removed] = eventsOf(engine, 'local.inbox');
  assert.deepEqual(added?.payload, {
    path: file,
    event: 'add',
    size: 3,
    mtime: added?.payload['mtime'],
  });
  assert.equal(Number.isNaN(Date.parse(String(added?.payload['mtime']))), false);
  assert.equal(changed?.payload['size'], 7);
  assert.deepEqual(removed?.payload, { path: file, event: 'unlink', size: null, mtime: null });
  const state = engine.filewatch.state();
  assert.equal(state.status, 'running');
  assert.equal(state.events_emitted, 3);
  assert.deepEqual(state.detail?.['rules'], ['local.inbox']);
});

test('a burst of 1,000 writes to one file gives a bounded number of events ending with the final size', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  filewatchRule(engine, 'burst', { path: dir, debounce_ms: DEBOUNCE });
  await watchRunning(engine, 'local.burst');
  const file = path.join(dir, 'log.txt');
  for (let i = 0; i < 1000; i++) fs.appendFileSync(file, `line ${i}\n`);
  const finalSize = fs.statSync(file).size;

  await waitFor('an event with the final size', () =>
    eventsOf(engine, 'local.burst').some((e) => e.payload['size'] === finalSize) ? true : undefined,
  );
  await quiet(DEBOUNCE * 5);
  const events = eventsOf(engine, 'local.burst');
  // Windows close at most every ten debounce periods while writes go on: far fewer than 1,000.
  assert.ok(events.length <= 10, `${events.length} events for 1,000 writes`);
  assert.equal(events[0]?.payload['event'], 'add');
  assert.equal(events.at(-1)?.payload['size'], finalSize);
});

test('a burst of 1,000 writes over 100 files reports every file with its final size', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  filewatchRule(engine, 'many', { path: dir, debounce_ms: DEBOUNCE });
  await watchRunning(engine, 'local.many');
  for (let i = 0; i < 1000; i++) fs.appendFileSync(path.join(dir, `f${i % 100}.txt`), `write ${i}\n`);

  const last = await waitFor('the last size of every file', () => {
    const sizes = new Map<string, unknown>();
    for (const e of eventsOf(engine, 'local.many')) sizes.set(String(e.payload['path']), e.payload['size']);
    return sizes.size === 100 ? sizes : undefined;
  });
  await quiet(DEBOUNCE * 5);
  const events = eventsOf(engine, 'local.many');
  assert.ok(events.length <= 200, `${events.length} events for 1,000 writes to 100 files`);
  for (let i = 0; i < 100; i++) {
    const file = path.join(dir, `f${i}.txt`);
    assert.equal(last.get(file), fs.statSync(file).size, file);
  }
});

test('the glob and the event list filter what is reported', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  fs.mkdirSync(path.join(dir, 'sub'));
  filewatchRule(engine, 'pdfs', { path: dir, glob: '*.pdf', events: ['add'], debounce_ms: DEBOUNCE });
  filewatchRule(engine, 'deep', { path: dir, glob: '*.pdf', debounce_ms: DEBOUNCE, recursive: true });
  await watchRunning(engine, 'local.pdfs');
  await watchRunning(engine, 'local.deep');

  placeFile(path.join(dir, 'notes.txt'), 'x');
  placeFile(path.join(dir, 'sub', 'inner.pdf'), 'x');
  placeFile(path.join(dir, 'a.pdf'), 'x');
  await waitFor('both pdfs in the recursive rule', () =>
    eventsOf(engine, 'local.deep').length >= 2 ? true : undefined,
  );
  fs.unlinkSync(path.join(dir, 'a.pdf'));
  await waitFor('the unlink in the recursive rule', () =>
    eventsOf(engine, 'local.deep').length >= 3 ? true : undefined,
  );
  await quiet(DEBOUNCE * 5);

  const names = (ref: string) =>
    eventsOf(engine, ref)
      .map((e) => `${e.payload['event']} ${path.relative(dir, String(e.payload['path']))}`)
      .sort();
  assert.deepEqual(names('local.pdfs'), ['add a.pdf']);
  assert.deepEqual(names('local.deep'), [
    'add a.pdf',
    `add ${path.join('sub', 'inner.pdf')}`,
    'unlink a.pdf',
  ]);
});

test('watches follow rule disable, enable, edit and delete without a restart', async (t) => {
  const engine = await startEngine(t);
  const one = tempDir(t);
  const two = tempDir(t);
  filewatchRule(engine, 'live', { path: one, debounce_ms: DEBOUNCE });
  await watchRunning(engine, 'local.live');

  engine.rules.update('local.live', { enabled: false });
  assert.deepEqual(engine.filewatch.watches(), []);
  assert.equal(engine.filewatch.state().status, 'stopped');
  fs.writeFileSync(path.join(one, 'while-disabled.txt'), 'x');

  engine.rules.update('local.live', { enabled: true, trigger_params: { path: two, debounce_ms: DEBOUNCE } });
  await watchRunning(engine, 'local.live');
  assert.equal(engine.filewatch.watches()[0]?.path, two);
  fs.writeFileSync(path.join(two, 'seen.txt'), 'x');
  fs.writeFileSync(path.join(one, 'not-watched-any-more.txt'), 'x');
  await waitFor('the event from the new folder', () =>
    eventsOf(engine, 'local.live').length >= 1 ? true : undefined,
  );
  await quiet(DEBOUNCE * 5);
  assert.deepEqual(
    eventsOf(engine, 'local.live').map((e) => e.payload['path']),
    [path.join(two, 'seen.txt')],
  );

  engine.rules.delete('local.live');
  assert.deepEqual(engine.filewatch.watches(), []);
});

test('a hostile file name arrives in the payload unchanged, as data', async (t) => {
  const engine = await startEngine(t);
  const dir = tempDir(t);
  filewatchRule(engine, 'hostile', { path: dir, debounce_ms: DEBOUNCE });
  await watchRunning(engine, 'local.hostile');
  const name = `-rf $(touch pwned) \`id\`; "q" 'q'\nline2 ü.txt`;
  fs.writeFileSync(path.join(dir, name), 'x');
  const [event] = await waitFor('the event', () => {
    const es = eventsOf(engine, 'local.hostile');
    return es.length > 0 ? es : undefined;
  });
  assert.equal(event?.payload['path'], path.join(dir, name));
  assert.equal(fs.existsSync(path.join(dir, 'pwned')), false);
});
