/**
 * The physical limit of the pipeline's design: the rows one event leaves behind (the event, one
 * evaluation per rule, one enforcement and one execution per matched rule, all in their final
 * state) inserted with raw prepared statements in batched transactions, on a database with the
 * same schema and pragmas, in the same kind of folder. No JSON rendering beyond what the rows
 * hold, no status machine, no notifications.
 */
import path from 'node:path';
import { emptyResult } from '../../core/runners/index.ts';
import { openStore } from '../../core/store/index.ts';
import { benchPayload } from './seed-rules.ts';

const NOOP_RESULT = JSON.stringify(emptyResult());

export interface RawInsertRun {
  events: number;
  rulesPerEvent: number;
  /** Events per transaction (the ingest batch size the pipeline run used). */
  batch: number;
  /** Drop the text-search trigger of migration 0030, to show what indexing payloads costs. */
  withoutSearch?: boolean;
}

/** Inserts the rows of `events` events into a fresh database file in `dir`; returns seconds taken. */
export function rawInsertSeconds(dir: string, name: string, r: RawInsertRun): number {
  const store = openStore({ file: path.join(dir, `${name}.db`) });
  const db = store.read.raw;
  try {
    if (r.withoutSearch) db.exec('DROP TRIGGER events_search_insert');
    const ev = db.prepare(
      `INSERT INTO events (kind, trigger_ref, payload, config, source_ref, rule_ref, trace_tag, created)
       VALUES ('event', 'local.bench', ?, NULL, NULL, NULL, ?, ?)`,
    );
    const evaluation = db.prepare(
      `INSERT INTO evaluations (event_id, rule_ref, outcome, detail, enforcement_id) VALUES (?, ?, 'matched', NULL, ?)`,
    );
    const enf = db.prepare(
      `INSERT INTO enforcements (rule_ref, event_id, trigger_ref, config, status, created, resolved_at)
       VALUES (?, ?, 'local.bench', '{}', 'processed', ?, ?)`,
    );
    const exec = db.prepare(
      `INSERT INTO executions (action_ref, config, enforcement_id, rule_ref, status, result, started_at, finished_at,
         timeout_seconds, trace_tag, created, updated)
       VALUES ('core.noop', '{}', ?, ?, 'completed', ?, ?, ?, 600, ?, ?, ?)`,
    );
    const rules = Array.from(
      { length: r.rulesPerEvent },
      (_, i) => `local.rule-${String(i).padStart(5, '0')}`,
    );
    const insertBatch = db.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) {
        const now = Date.now();
        const tag = n.toString(16).padStart(16, '0');
        const eventId = Number(ev.run(JSON.stringify(benchPayload(n)), tag, now).lastInsertRowid);
        for (const rule of rules) {
          const enfId = Number(enf.run(rule, eventId, now, now).lastInsertRowid);
          evaluation.run(eventId, rule, enfId);
          exec.run(enfId, rule, NOOP_RESULT, now, now, tag, now, now);
        }
      }
    });
    const t0 = performance.now();
    for (let from = 0; from < r.events; from += r.batch) {
      insertBatch.immediate(from, Math.min(r.events, from + r.batch));
    }
    return (performance.now() - t0) / 1000;
  } finally {
    store.close();
  }
}
