/**
 * Fast history for retention tests and the retention benchmark: the rows events leave behind,
 * written with raw prepared statements in large transactions (like test/bench/raw-insert.ts).
 * Each event goes to one of `rules` rules; most match and complete, and a steady trickle — picked
 * by a hash of the event number, so every rule gets its share — is a non-fire (condition false,
 * an evaluation error), a failure (retry exhausted, with a failed execution) or a missed slot.
 */
import type Database from 'better-sqlite3';

/** One event in this many is each of the rare outcomes. */
export const RARE_EVERY = 1000;

export type SeedOutcome = 'matched' | 'condition_false' | 'error' | 'retry_exhausted' | 'missed';

/** The outcome event `n` gets (deterministic). */
export function seedOutcome(n: number): SeedOutcome {
  // murmur3's finaliser: outcomes independent of n modulo the rule count.
  let h = n + 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  switch (h % RARE_EVERY) {
    case 7:
      return 'condition_false';
    case 13:
      return 'error';
    case 21:
      return 'retry_exhausted';
    case 33:
      return 'missed';
    default:
      return 'matched';
  }
}

export function seedRule(n: number, rules: number): string {
  return `local.rule-${n % rules}`;
}

export interface SeedOptions {
  events: number;
  rules: number;
  /** `created` of the first event, epoch ms; the next ones follow `stepMs` apart. */
  start: number;
  stepMs: number;
  /** Events per transaction. */
  batch?: number;
  /** Event numbers start here (to append to a seeded store). */
  from?: number;
  /**
   * Leave these events out of the text-search index (migration 0030), which costs most of the
   * seeding time; deleting them later still runs the index's delete trigger.
   */
  withoutSearch?: boolean;
}

const PAYLOAD = (n: number) =>
  JSON.stringify({ type: 'interval', interval_seconds: 1, execution_count: n, host: `box-${n % 17}` });

/** Writes `events` events with their evaluations, enforcements and executions. */
export function seedHistory(db: Database.Database, o: SeedOptions): void {
  const ev = db.prepare(
    `INSERT INTO events (kind, trigger_ref, payload, rule_ref, trace_tag, created)
     VALUES (?, 'core.intervaltimer', ?, ?, ?, ?)`,
  );
  const evaluation = db.prepare(
    'INSERT INTO evaluations (event_id, rule_ref, outcome, detail, enforcement_id) VALUES (?, ?, ?, ?, ?)',
  );
  const enf = db.prepare(
    `INSERT INTO enforcements (rule_ref, event_id, trigger_ref, config, status, created, resolved_at)
     VALUES (?, ?, 'core.intervaltimer', '{"message":"tick"}', 'processed', ?, ?)`,
  );
  const exec = db.prepare(
    `INSERT INTO executions (action_ref, config, enforcement_id, rule_ref, status, result, started_at, finished_at,
       timeout_seconds, trace_tag, created, updated)
     VALUES ('core.echo', '{"message":"tick"}', ?, ?, ?, ?, ?, ?, 600, ?, ?, ?)`,
  );
  const ok = JSON.stringify({ exit_code: 0, stdout: 'tick\n', stderr: '', duration_ms: 3 });
  const failed = JSON.stringify({
    exit_code: 1,
    stdout: '',
    stderr: 'boom\n',
    duration_ms: 3,
    error: 'exit 1',
  });
  const from = o.from ?? 0;
  const insert = db.transaction((a: number, b: number) => {
    for (let n = a; n < b; n++) {
      const at = o.start + (n - from) * o.stepMs;
      const rule = seedRule(n, o.rules);
      const outcome = seedOutcome(n);
      const tag = n.toString(16).padStart(16, '0');
      const id = Number(
        ev.run(outcome === 'missed' ? 'missed' : 'event', PAYLOAD(n), rule, tag, at).lastInsertRowid,
      );
      if (outcome === 'missed') continue;
      if (outcome === 'condition_false' || outcome === 'error') {
        evaluation.run(id, rule, outcome, outcome === 'error' ? 'boom' : 'x == 1', null);
        continue;
      }
      const enfId = Number(enf.run(rule, id, at, at).lastInsertRowid);
      evaluation.run(id, rule, outcome, null, enfId);
      const status = outcome === 'retry_exhausted' ? 'failed' : 'completed';
      exec.run(enfId, rule, status, status === 'failed' ? failed : ok, at, at + 3, tag, at, at + 3);
    }
  });
  const batch = o.batch ?? 20_000;
  const trigger = o.withoutSearch
    ? (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'events_search_insert'").get() as
        | { sql: string }
        | undefined)
    : undefined;
  if (trigger) db.exec('DROP TRIGGER events_search_insert');
  try {
    for (let a = from; a < from + o.events; a += batch) insert(a, Math.min(from + o.events, a + batch));
  } finally {
    if (trigger) db.exec(trigger.sql);
  }
}
