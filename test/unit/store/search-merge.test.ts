/**
 * docs/retention.md, "Pauses": deleted events leave their entries in the text-search index until
 * a merge, which is due once a tenth of the log was deleted since the last one and runs in
 * bounded steps until the index holds only the events that are left.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../../core/store/index.ts';
import { deletedSinceMerge, noteDeleted, searchMergeStep } from '../../../core/store/search-merge.ts';
import { seedHistory } from '../../helpers/history-seed.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const indexBytes = (raw: { prepare(sql: string): { get(): unknown } }) =>
  (raw.prepare('SELECT sum(length(block)) AS n FROM events_search_data').get() as { n: number }).n;

test('a merge is due from 1,000 deleted events, or a tenth of the log when that is more', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'due.db') });
  t.after(() => store.close());
  const note = (n: number) => store.transaction((w) => noteDeleted(w, n, 1));
  assert.equal(note(999), false, 'an empty log: the floor of 1,000 counts');
  assert.equal(note(0), false);
  assert.equal(deletedSinceMerge(store.read), 999);
  assert.equal(note(1), true, 'exactly 1,000');
  // Nothing to merge in an empty index: the step says so and the count starts again.
  assert.equal(
    store.transaction((w) => searchMergeStep(w, 16, 2)),
    false,
  );
  assert.equal(deletedSinceMerge(store.read), 0);

  seedHistory(store.read.raw, { events: 20_000, rules: 4, start: 1_000_000, stepMs: 1000 });
  store.read.raw.prepare('DELETE FROM events WHERE id <= 2000').run();
  assert.equal(note(1799), false, '18,000 events left: a tenth is 1,800');
  assert.equal(note(1), true, 'exactly a tenth');
});

test('merging in steps drops the deleted events from the index, keeps the others, and resets the count', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'm.db') });
  t.after(() => store.close());
  const raw = store.read.raw;
  seedHistory(raw, { events: 20_000, rules: 4, start: 1_000_000, stepMs: 1000 });
  const found = (n: number) =>
    (
      raw.prepare(`SELECT count(*) AS c FROM events_search WHERE events_search MATCH '"${n}"'`).get() as {
        c: number;
      }
    ).c;
  assert.equal(found(50), 1, 'event 50 is in the index');
  raw.prepare('DELETE FROM events WHERE id <= 2000').run();
  assert.equal(
    store.transaction((w) => noteDeleted(w, 2000, 3)),
    true,
  );
  assert.equal(found(50), 0, 'a deleted event is not found, though its entry is still stored');

  const before = indexBytes(raw);
  let steps = 0;
  while (store.transaction((w) => searchMergeStep(w, 16, 4))) steps++;
  assert.ok(steps >= 2, `the merge took ${steps} steps of 16 pages`);
  assert.ok(indexBytes(raw) < before, `the index shrank: ${before} → ${indexBytes(raw)} bytes`);
  assert.equal(deletedSinceMerge(store.read), 0, 'the count starts again');
  assert.equal(found(2001), 1, 'the events left are still found');
  assert.equal(found(19_999), 1);
  assert.equal(
    store.transaction((w) => searchMergeStep(w, 16, 5)),
    false,
    'a merged index has nothing to do',
  );
});
