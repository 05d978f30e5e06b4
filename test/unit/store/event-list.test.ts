/**
 * Issue 5 — the event log's fast query shapes (core/store/event-query.ts) answer exactly what a
 * plain filter over all events answers: the same page, newest first, for every filter and
 * combination of filters; and `total` is exact up to COUNT_WINDOW past the page's offset, a
 * lower bound beyond it (core/store/bounded-count.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import type { EvaluationOutcome } from '../../../core/model/status.ts';
import { COUNT_WINDOW } from '../../../core/store/bounded-count.ts';
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
import { tempDir } from '../../helpers/temp-dir.ts';

interface Stored {
  id: number;
  trigger_ref: string;
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

function seed(t: Parameters<typeof tempDir>[0]): { store: Store; events: Stored[] } {
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
      const created = 1_000_000 + i * 1000 - (i >= 300 && i < 310 ? 20_000 : 0);
      const words = [pick(WORDS), pick(WORDS)];
      const e: Stored = {
        id: 0,
        trigger_ref: addressed ? 'core.intervaltimer' : pick(['p.a', 'p.b']),
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
        source_ref: null,
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
      (f.kind === undefined || e.kind === f.kind) &&
      (f.since === undefined || e.created >= f.since) &&
      (f.until === undefined || e.created < f.until) &&
      words.every((w) => e.words.includes(w)) &&
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
    f.kind === undefined;
  // A time range alone is served in time order (created, then id); everything else by id.
  hit.sort((a, b) => (timeOnly ? b.created - a.created || b.id - a.id : b.id - a.id));
  return hit.map((e) => e.id);
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
];

test('every filter and combination pages exactly like a plain filter over all events', (t) => {
  const { store, events } = seed(t);
  for (const f of FILTERS) {
    const expected = reference(events, f);
    for (const page of [1, 2, 4]) {
      const r = listEvents(store.read, f, { page, page_size: 20 });
      assert.deepEqual(
        r.items.map((e) => e.id),
        expected.slice((page - 1) * 20, page * 20),
        `${JSON.stringify(f)} page ${page}`,
      );
      assert.equal(r.total, expected.length, `${JSON.stringify(f)} total`);
    }
  }
});

test('a search with nothing searchable in it matches no event', (t) => {
  const { store } = seed(t);
  assert.deepEqual(listEvents(store.read, { q: '@@ !' }, { page: 1, page_size: 10 }), {
    items: [],
    total: 0,
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
      insertEvent(w, {
        kind: 'event',
        trigger_ref: 'p.t',
        payload: {},
        config: null,
        source_ref: null,
        rule_ref: null,
        trace_tag: 't',
        created: i,
      });
      insertExecution(w, {
        action_ref: 'p.a',
        config: {},
        enforcement_id: null,
        parent_id: null,
        rule_ref: null,
        status: 'completed',
        timeout_seconds: 5,
        retry_count: 0,
        not_before: null,
        sealed_params: null,
        trace_tag: 't',
        created: i,
      });
    }
  });
  for (const list of [listEvents, listExecutions] as const) {
    assert.equal(list(store.read, {}, { page: 1, page_size: 50 }).total, COUNT_WINDOW);
    // Past 150 items the window reaches the end: exact again.
    assert.equal(list(store.read, {}, { page: 4, page_size: 50 }).total, n);
    const last = list(store.read, {}, { page: Math.ceil(n / 50), page_size: 50 });
    assert.equal(last.total, n);
    assert.equal(last.items.length, n % 50 || 50);
  }
});
