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

test('a merge is due at a tenth of the log, runs in steps, drops the deleted and resets the count', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'm.db') });
  t.after(() => store.close());
  const raw = store.read.raw;
  seedHistory(raw, { events: 20_000, rules: 4, start: 1_000_000, stepMs: 1000 });
  const found = (n: number) =>
    raw.prepare(`SELECT count(*) AS c FROM events_search WHERE events_search MATCH '"${n}"'`).get() as {
      c: number;
    };
  assert.equal(found(50).c, 1, 'event 50 is in the index');

  // Not due below the floor, nor below a tenth of the events stored.
  assert.equal(
    store.transaction((w) => noteDeleted(w, 999, 1)),
    false,
  );
  raw.prepare('DELETE FROM events WHERE id <= 1200').run();
  assert.equal(
    store.transaction((w) => noteDeleted(w, 201, 2)),
    false,
    '1,200 of 18,800 left',
  );
  assert.equal(deletedSinceMerge(store.read), 1200);
  raw.prepare('DELETE FROM events WHERE id <= 2000').run();
  assert.equal(
    store.transaction((w) => noteDeleted(w, 800, 3)),
    true,
    '2,000 deleted, 18,000 left',
  );

  assert.equal(found(50).c, 0, 'a deleted event is not found, though its entry is still stored');
  const before = indexBytes(raw);
  let steps = 0;
  while (store.transaction((w) => searchMergeStep(w, 16, 4))) steps++;
  assert.ok(steps >= 2, `the merge took ${steps} steps of 16 pages`);
  assert.ok(indexBytes(raw) < before, `the index shrank: ${before} → ${indexBytes(raw)} bytes`);
  assert.equal(deletedSinceMerge(store.read), 0, 'the count starts again');
  assert.equal(found(2001).c, 1, 'the events left are still found');
  assert.equal(found(19_999).c, 1);
  assert.equal(
    store.transaction((w) => searchMergeStep(w, 16, 5)),
    false,
    'a merged index has nothing to do',
  );
});
