/**
 * The event log's fast query shapes (core/store/event-query.ts) answer exactly what a
 * plain filter over all events answers: the same page, newest first, for every filter and
 * combination of filters, whichever filter drives the query; and `total` is exact up to
 * COUNT_WINDOW past the page's offset (a single filter) or for as many candidates past it as
 * COUNT_BUDGET pays for (combined filters), a lower bound flagged as such beyond (core/store/event-query.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { EvaluationOutcome } from '../../../core/model/status.ts';
import { COUNT_BUDGET, COUNT_WINDOW } from '../../../core/store/bounded-count.ts';
import { queryEventIds } from '../../../core/store/event-query.ts';
import { driversOf, resolveFilter } from '../../../core/store/event-streams.ts';
import {
  type EventFilter,
  insertEvaluation,
  insertEvent,
  insertExecution,
  listEvents,
  listExecutions,
  openStore,
  type Store,
} from '../../../core/store/index.ts';
import { eventRow, executionRow } from '../../helpers/rows.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

interface Stored {
  id: number;
  trigger_ref: string;
  source_ref: string | null;
  kind: 'event' | 'missed';
  rule_ref: string | null;
  created: number;
  words: string[];
  evaluations: Array<{ rule_ref: string; outcome: EvaluationOutcome }>;
}

const RULES = ['p.r1', 'p.r2', 'p.r3'];
const OUTCOMES: EvaluationOutcome[] = ['matched', 'condition_false', 'error', 'overlap_skipped'];
const WORDS = ['shipped', 'paid', 'lyon', 'berlin', 'warehouse', 'refund'];

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a * 1_103_515_245 + 12_345) % 2_147_483_648;
    return a / 2_147_483_648;
  };
}

function seed(t: Parameters<typeof tempDir>[0], clockWentBack = true): { store: Store; events: Stored[] } {
  const store = openStore({ file: path.join(tempDir(t), 'events.db') });
  t?.after(() => store.close());
  const rand = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const events: Stored[] = [];
  store.transaction((w) => {
    for (let i = 0; i < 600; i++) {
      const addressed = rand() < 0.2 ? pick(RULES) : null;
      const kind = addressed && rand() < 0.3 ? 'missed' : 'event';
      // The clock went back once: `created` is not monotonic in id around event 300.
      const created = 1_000_000 + i * 1000 - (clockWentBack && i >= 300 && i < 310 ? 20_000 : 0);
      const words = [pick(WORDS), pick(WORDS)];
      const e: Stored = {
        id: 0,
        trigger_ref: addressed ? 'core.intervaltimer' : pick(['p.a', 'p.b']),
        source_ref: addressed ? 'core.timer' : pick([null, 'api', 'p.watch', 'p.watch', 'p.rare']),
        kind,
        rule_ref: addressed,
        created,
        words,
        evaluations: [],
      };
      e.id = insertEvent(w, {
        kind,
        trigger_ref: e.trigger_ref,
        payload: { text: words.join(' '), n: i },
        config: null,
        source_ref: e.source_ref,
        rule_ref: addressed,
        trace_tag: `t${i}`,
        created,
      });
      // Missed events have no evaluation; an addressed event sometimes lacks one (rule deleted).
      const evaluated = kind === 'missed' ? [] : addressed ? (rand() < 0.8 ? [addressed] : []) : RULES;
      for (const r of evaluated) {
        if (!addressed && rand() < 0.3) continue;
        const outcome = pick(OUTCOMES);
        insertEvaluation(w, e.id, { rule_ref: r, outcome, detail: null, enforcement_id: null });
        e.evaluations.push({ rule_ref: r, outcome });
      }
      events.push(e);
    }
  });
  return { store, events };
}

/** The filter's meaning, over all events in memory. */
function reference(events: Stored[], f: EventFilter): number[] {
  const words = f.q?.split(/\s+/) ?? [];
  const hit = events.filter(
    (e) =>
      (f.trigger_ref === undefined || e.trigger_ref === f.trigger_ref) &&
      (f.source_ref === undefined || e.source_ref === f.source_ref) &&
      (f.kind === undefined || e.kind === f.kind) &&
      (f.since === undefined || e.created >= f.since) &&
      (f.until === undefined || e.created < f.until) &&
      words.every((w) =>
        w.endsWith('*') ? e.words.some((x) => x.startsWith(w.slice(0, -1))) : e.words.includes(w),
      ) &&
      (f.rule_ref === undefined || f.outcome !== undefined
        ? true
        : e.rule_ref === f.rule_ref || e.evaluations.some((v) => v.rule_ref === f.rule_ref)) &&
      (f.outcome === undefined ||
        e.evaluations.some(
          (v) => v.outcome === f.outcome && (f.rule_ref === undefined || v.rule_ref === f.rule_ref),
        )),
  );
  const timeOnly =
    (f.since !== undefined || f.until !== undefined) &&
    f.q === undefined &&
    f.rule_ref === undefined &&
    f.outcome === undefined &&
    f.trigger_ref === undefined &&
    f.source_ref === undefined &&
    f.kind === undefined;
  // A time range alone is served in time order (created, then id); everything else by id.
  hit.sort((a, b) => (timeOnly ? b.created - a.created || b.id - a.id : b.id - a.id));
  return hit.map((e) => e.id);
}

/**
 * A total is exact, or flagged as a lower bound that still counts every item up to the page and
 * one past it when there is a next page (so `has_next` holds).
 */
function assertTotal(
  r: { total: number; total_exact?: boolean } | null,
  expected: number,
  page: number,
  what: string,
): void {
  assert.ok(r);
  if (r.total_exact !== false) {
    assert.equal(r.total, expected, `${what}: total`);
    return;
  }
  assert.ok(r.total <= expected, `${what}: lower bound ${r.total} <= ${expected}`);
  assert.ok(r.total >= Math.min(expected, page * 20 + 1), `${what}: lower bound ${r.total} covers the page`);
}

const FILTERS: EventFilter[] = [
  {},
  { trigger_ref: 'p.a' },
  { kind: 'missed' },
  { rule_ref: 'p.r1' },
  { rule_ref: 'p.r2', outcome: 'error' },
  { outcome: 'matched' },
  { outcome: 'overlap_skipped', trigger_ref: 'p.b' },
  { since: 1_200_000, until: 1_400_000 },
  { since: 1_280_000, until: 1_320_000 },
  { until: 1_100_000 },
  { q: 'lyon' },
  { q: 'lyon shipped' },
  { q: 'refund', rule_ref: 'p.r3' },
  { q: 'paid', outcome: 'condition_false', since: 1_100_000 },
  { rule_ref: 'p.r1', trigger_ref: 'core.intervaltimer', kind: 'event' },
  { rule_ref: 'p.r3', since: 1_300_000, until: 1_500_000 },
  { q: 'lyon', kind: 'missed' },
  { q: 'paid', trigger_ref: 'p.a' },
  { q: 'ber*', rule_ref: 'p.r1', outcome: 'matched' },
  { kind: 'missed', rule_ref: 'p.r2' },
  { trigger_ref: 'p.b', outcome: 'error', kind: 'event' },
  { trigger_ref: 'core.intervaltimer', rule_ref: 'p.r1', since: 1_000_000, until: 1_300_000 },
  { q: 'lyon', since: 1_250_000, until: 1_350_000 },
  { outcome: 'error', since: 1_295_000 },
  { kind: 'missed', until: 1_305_000 },
  { source_ref: 'p.watch' },
  { source_ref: 'p.rare', trigger_ref: 'p.b' },
  { source_ref: 'core.timer', rule_ref: 'p.r2', kind: 'missed' },
  { source_ref: 'p.watch', q: 'lyon', since: 1_200_000 },
  { source_ref: 'api', outcome: 'matched' },
];

for (const clockWentBack of [true, false]) {
  const history = clockWentBack ? 'the clock went back once' : 'the clock only went forward';
  test(`every filter and combination pages exactly like a plain filter over all events (${history})`, (t) => {
    const { store, events } = seed(t, clockWentBack);
    for (const f of FILTERS) {
      const expected = reference(events, f);
      for (const page of [1, 2, 4]) {
        const r = listEvents(store.read, f, { page, page_size: 20 });
        assert.deepEqual(
          r.items.map((e) => e.id),
          expected.slice((page - 1) * 20, page * 20),
          `${JSON.stringify(f)} page ${page}`,
        );
        assertTotal(r, expected.length, page, `${JSON.stringify(f)} page ${page}`);
      }
    }
  });
}

test('every plan — any driver, other filters checked by seek or by list — gives the same page and total', (t) => {
  const { store, events } = seed(t, true);
  for (const f of FILTERS) {
    const expected = reference(events, f);
    const resolved = resolveFilter(store.read, f);
    assert.ok(resolved);
    const offered = driversOf(resolved);
    for (const driver of offered) {
      for (const lists of [[], offered]) {
        for (const page of [1, 3]) {
          const r = queryEventIds(store.read, f, { page, page_size: 20 }, { driver, lists });
          const what = `${JSON.stringify(f)} driven by ${driver}, lists [${lists}], page ${page}`;
          assert.deepEqual(r?.ids, expected.slice((page - 1) * 20, page * 20), what);
          assertTotal(r, expected.length, page, what);
        }
      }
    }
  }
});

test('the driver is the filter with the fewest candidates; small filters are checked by list', (t) => {
  const { store } = seed(t);
  const plan = (f: EventFilter) => queryEventIds(store.read, f, { page: 1, page_size: 10 })?.plan;
  // ~40 missed events against ~120 on the interval trigger; both under PROBE, so listed.
  assert.deepEqual(plan({ kind: 'missed', trigger_ref: 'core.intervaltimer' }), {
    driver: 'kind',
    lists: new Set(['trigger']),
  });
  assert.deepEqual(plan({ q: 'lyon', kind: 'missed' }), { driver: 'kind', lists: new Set(['q']) });
  assert.equal(plan({ since: 1_000_000, trigger_ref: 'p.a' })?.driver, 'trigger');
  assert.equal(plan({ since: 1_000_000 })?.driver, 'time');
  assert.equal(plan({})?.driver, 'all');
});

test('a search with nothing searchable in it matches no event', (t) => {
  const { store } = seed(t);
  assert.deepEqual(listEvents(store.read, { q: '@@ !' }, { page: 1, page_size: 10 }), {
    items: [],
    total: 0,
    total_exact: true,
    page: 1,
    page_size: 10,
  });
});

test(`totals are exact up to ${COUNT_WINDOW} past the offset, then a lower bound`, (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'many.db') });
  t.after(() => store.close());
  const n = COUNT_WINDOW + 150;
  store.transaction((w) => {
    for (let i = 0; i < n; i++) {
      insertEvent(w, eventRow({ created: i }));
      insertExecution(w, executionRow({ created: i }));
    }
  });
  for (const list of [listEvents, listExecutions] as const) {
    const first = list(store.read, {}, { page: 1, page_size: 50 });
    assert.equal(first.total, COUNT_WINDOW);
    assert.equal(first.total_exact, false);
    // Past 150 items the window reaches the end: exact again.
    assert.equal(list(store.read, {}, { page: 4, page_size: 50 }).total, n);
    const last = list(store.read, {}, { page: Math.ceil(n / 50), page_size: 50 });
    assert.equal(last.total, n);
    assert.equal(last.total_exact, true);
    assert.equal(last.items.length, n % 50 || 50);
  }
});

test(`combined filters examine the candidates ${COUNT_BUDGET} seeks pay for, then report a lower bound`, (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'combined.db') });
  t.after(() => store.close());
  // Every other event is `missed`: both filters offer 2 × COUNT_BUDGET + 100 candidates, each
  // checked against the other by one seek.
  const n = 2 * (COUNT_BUDGET + 100);
  store.transaction((w) => {
    for (let i = 0; i < n; i++) {
      insertEvent(w, eventRow({ kind: i % 2 ? 'missed' : 'event', trigger_ref: i % 4 < 2 ? 'p.t' : 'p.u' }));
    }
  });
  // Ids 1…n; matches are the ids with (id - 1) % 4 === 1, newest first.
  const matches = Array.from({ length: n }, (_, i) => n - i).filter((id) => (id - 1) % 4 === 1);
  const f: EventFilter = { trigger_ref: 'p.t', kind: 'missed' };
  const first = listEvents(store.read, f, { page: 1, page_size: 50 });
  assert.deepEqual(
    first.items.map((e) => e.id),
    matches.slice(0, 50),
  );
  assert.equal(first.total_exact, false);
  assert.ok(first.total >= 50 && first.total < matches.length, `lower bound ${first.total}`);
  // A page near the end still finds its items, and knows it is the last one.
  const lastPage = Math.ceil(matches.length / 50);
  const last = listEvents(store.read, f, { page: lastPage, page_size: 50 });
  assert.deepEqual(
    last.items.map((e) => e.id),
    matches.slice((lastPage - 1) * 50),
  );
  assert.equal(last.total, matches.length);
});

test('a prefix search reads its candidates once; past the window its total is a lower bound', (t) => {
  const store = openStore({ file: path.join(tempDir(t), 'text.db') });
  t.after(() => store.close());
  // Every event says lyon; only the 30 oldest are missed ones.
  const n = COUNT_WINDOW + 200;
  store.transaction((w) => {
    for (let i = 0; i < n; i++) {
      insertEvent(
        w,
        eventRow({ kind: i < 30 ? 'missed' : 'event', payload: { text: `lyon ${i}` }, created: i }),
      );
    }
  });
  const all = listEvents(store.read, { q: 'ly*' }, { page: 2, page_size: 50 });
  assert.deepEqual(
    all.items.map((e) => e.id),
    Array.from({ length: 50 }, (_, i) => n - 50 - i),
  );
  assert.equal(all.total, 50 + COUNT_WINDOW);
  assert.equal(all.total_exact, false);
  assert.equal(listEvents(store.read, { q: 'ly*' }, { page: 6, page_size: 50 }).total_exact, true);
  // Driven by the text, the 30 matches lie beyond the candidates read for counting.
  const missed = queryEventIds(
    store.read,
    { q: 'lyo*', kind: 'missed' },
    { page: 1, page_size: 50 },
    { driver: 'q' },
  );
  assert.deepEqual(
    missed?.ids,
    Array.from({ length: 30 }, (_, i) => 30 - i),
  );
  assert.equal(missed?.total, 30);
  assert.deepEqual(
    queryEventIds(store.read, { q: 'lyon', kind: 'missed' }, { page: 1, page_size: 50 })?.plan,
    { driver: 'kind', lists: new Set() },
    'the 30 missed events drive; the text is too common to list',
  );
});
