/**
 * The event log's cursors (docs/api.md "Routes", events.list `before`/`after`): a page read
 * after the id its predecessor ended with continues exactly where that page stopped, for every
 * filter and whichever filter drives the query, so a UI can walk a million events at the same
 * cost per page; `after` finds what arrived since. Each listed event carries its evaluation record.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { EvaluationOutcome } from '../../../core/model/status.ts';
import {
  type EventFilter,
  insertEvaluation,
  insertEvent,
  listEvents,
  openStore,
  type Store,
} from '../../../core/store/index.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const OUTCOMES: EvaluationOutcome[] = ['matched', 'condition_false', 'error'];

function seed(t: Parameters<typeof tempDir>[0]): Store {
  const store = openStore({ file: path.join(tempDir(t), 'events.db') });
  t?.after(() => store.close());
  store.transaction((w) => {
    for (let i = 0; i < 230; i++) {
      const id = insertEvent(w, {
        kind: i % 17 === 0 ? 'missed' : 'event',
        trigger_ref: i % 3 === 0 ? 'p.a' : 'p.b',
        payload: { text: i % 5 === 0 ? 'shipped lyon' : 'paid berlin', n: i },
        config: null,
        source_ref: null,
        rule_ref: i % 17 === 0 ? 'p.r1' : null,
        trace_tag: `t${i}`,
        created: 1_000_000 + i * 1000,
      });
      if (i % 17 !== 0) {
        insertEvaluation(w, id, {
          rule_ref: 'p.r1',
          outcome: OUTCOMES[i % 3] as EvaluationOutcome,
          detail: i % 3 === 1 ? 'event.payload.n > 1000' : null,
          enforcement_id: null,
        });
      }
    }
  });
  return store;
}

/** Every id `f` lists, read 20 at a time with the `before` cursor. */
function walk(store: Store, f: EventFilter): number[] {
  const ids: number[] = [];
  // Bounded, so a cursor that is ignored fails the test instead of looping.
  for (let before: number | undefined, n = 0; n < 50; n++) {
    const r = listEvents(store.read, { ...f, before }, { page: 1, page_size: 20 });
    ids.push(...r.items.map((e) => e.id));
    const last = r.items.at(-1);
    if (r.items.length < 20 || !last) return ids;
    before = last.id;
  }
  return ids;
}

const FILTERS: EventFilter[] = [
  {},
  { trigger_ref: 'p.a' },
  { kind: 'missed' },
  { rule_ref: 'p.r1' },
  { outcome: 'error' },
  { q: 'lyon' },
  { q: 'lyo*', trigger_ref: 'p.b' },
  { outcome: 'matched', trigger_ref: 'p.a', kind: 'event' },
];

test('walking with the before cursor lists exactly what one big page lists, for every filter', (t) => {
  const store = seed(t);
  for (const f of FILTERS) {
    const all = listEvents(store.read, f, { page: 1, page_size: 100 });
    const rest = listEvents(store.read, f, { page: 2, page_size: 100 });
    const third = listEvents(store.read, f, { page: 3, page_size: 100 });
    const expected = [...all.items, ...rest.items, ...third.items].map((e) => e.id);
    assert.ok(expected.length > 0, `${JSON.stringify(f)} matches something`);
    assert.deepEqual(walk(store, f), expected, JSON.stringify(f));
  }
});

test('the after cursor lists only what is newer, newest first, and combines with before', (t) => {
  const store = seed(t);
  const r = listEvents(store.read, { after: 225 }, { page: 1, page_size: 50 });
  assert.deepEqual(
    r.items.map((e) => e.id),
    [230, 229, 228, 227, 226],
  );
  assert.equal(r.total, 5);
  const between = listEvents(
    store.read,
    { after: 100, before: 104, trigger_ref: 'p.b' },
    { page: 1, page_size: 50 },
  );
  assert.ok(between.items.every((e) => e.id > 100 && e.id < 104 && e.trigger_ref === 'p.b'));
  assert.deepEqual(
    between.items.map((e) => e.id),
    [103, 102, 101].filter((id) => (id - 1) % 3 !== 0),
  );
});

test('cursors narrow a time range rather than replace it', (t) => {
  const store = seed(t);
  // Events 51..100 (created 1,050,000 … 1,099,000), below id 60: 51..59.
  const r = listEvents(
    store.read,
    { since: 1_050_000, until: 1_100_000, before: 60 },
    { page: 1, page_size: 50 },
  );
  assert.deepEqual(
    r.items.map((e) => e.id),
    [59, 58, 57, 56, 55, 54, 53, 52, 51],
  );
});

test('each listed event carries its evaluation record; a missed one has none', (t) => {
  const store = seed(t);
  const r = listEvents(store.read, { before: 20 }, { page: 1, page_size: 3 });
  assert.deepEqual(
    r.items.map((e) => [e.id, e.evaluations]),
    [
      [19, [{ rule_ref: 'p.r1', outcome: 'matched', detail: null, enforcement_id: null, explanation: null }]],
      [18, []],
      [
        17,
        [
          {
            rule_ref: 'p.r1',
            outcome: 'condition_false',
            detail: 'event.payload.n > 1000',
            enforcement_id: null,
            explanation: null,
          },
        ],
      ],
    ],
  );
});
