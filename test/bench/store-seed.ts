/**
 * A month of history for the store benchmark, written with raw batched inserts: events with
 * their evaluation rows, enforcements and executions in a realistic mix — a few busy triggers
 * and a long tail (Zipf-like), timer rules whose events are addressed to them, outcomes mixed,
 * executions mostly completed. Deterministic (seeded), so two runs query the same data.
 */

import { openStore, type Store } from '../../core/store/index.ts';
import { LATEST_VERSION } from '../../core/store/migrations/index.ts';

export interface SeedShape {
  events: number;
  /** Executions in total; those not created by rules are manual runs. */
  executions: number;
  triggers: number;
  days: number;
}

/** Bump when the generated data changes, so cached databases are rebuilt. */
export const SEED_VERSION = 1;

export function seedFileName(s: SeedShape): string {
  return `attune-bench-store-v${SEED_VERSION}-m${LATEST_VERSION}-${s.events}e-${s.executions}x.db`;
}

/** Mulberry32: small, fast, good enough to shape benchmark data. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface TriggerPlan {
  ref: string;
  kind: 'order' | 'push' | 'reading' | 'timer';
  rules: string[];
  /** Cumulative weight for picking. */
  until: number;
}

const CITIES = ['Leipzig', 'Berlin', 'Lyon', 'Porto', 'Gdansk', 'Turin', 'Ghent', 'Aarhus', 'Brno', 'Cork'];
const STATES = ['shipped', 'paid', 'refunded', 'cancelled', 'delivered'];
const REPOS = ['attune/engine', 'attune/ui', 'acme/site', 'acme/api', 'tools/ci'];

function planTriggers(s: SeedShape, rand: () => number): TriggerPlan[] {
  const plans: TriggerPlan[] = [];
  let total = 0;
  for (let t = 0; t < s.triggers; t++) {
    const kind = (['order', 'push', 'reading', 'timer'] as const)[t % 4] as TriggerPlan['kind'];
    // Timer triggers carry one rule per "trigger" here: their events are addressed to it.
    const ruleCount = kind === 'timer' ? 1 : 1 + Math.floor(rand() * 5);
    const ref = kind === 'timer' ? `core.intervaltimer#${t}` : `local.${kind}-${t}`;
    const rules = Array.from({ length: ruleCount }, (_, i) => `local.${kind}-${t}-rule-${i}`);
    total += 1 / (t + 1) ** 0.8;
    plans.push({ ref, kind, rules, until: total });
  }
  for (const p of plans) p.until /= total;
  return plans;
}

function pick(plans: TriggerPlan[], r: number): TriggerPlan {
  let lo = 0;
  let hi = plans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((plans[mid] as TriggerPlan).until < r) lo = mid + 1;
    else hi = mid;
  }
  return plans[lo] as TriggerPlan;
}

function payload(kind: TriggerPlan['kind'], n: number, rand: () => number): string {
  const city = CITIES[Math.floor(rand() * CITIES.length)] as string;
  switch (kind) {
    case 'order':
      return JSON.stringify({
        order: { id: 100_000 + n, total: Math.round(rand() * 50_000) / 100, currency: 'EUR' },
        status: STATES[Math.floor(rand() * STATES.length)],
        customer: { email: `customer${Math.floor(rand() * 20_000)}@example.com`, city },
        message: `Order ${100_000 + n} left the warehouse in ${city}`,
      });
    case 'push':
      return JSON.stringify({
        repository: REPOS[Math.floor(rand() * REPOS.length)],
        ref: 'refs/heads/main',
        pusher: `dev${Math.floor(rand() * 300)}`,
        commits: [
          { id: (n * 2654435761).toString(16), message: `Fix flaky test in ${city.toLowerCase()} module` },
        ],
      });
    case 'reading':
      return JSON.stringify({
        device: `sensor-${Math.floor(rand() * 500)}`,
        temperature: Math.round((15 + rand() * 15) * 10) / 10,
        humidity: Math.round(rand() * 100),
        room: city,
      });
    case 'timer':
      return JSON.stringify({ executed_at: new Date(1_700_000_000_000 + n * 1000).toISOString() });
  }
}

type Outcome = 'matched' | 'condition_false' | 'error' | 'overlap_skipped';

/** Matched with probability `pMatched`; the rest mostly condition_false, some errors and skips. */
function outcome(r: number, pMatched: number): Outcome {
  if (r < pMatched) return 'matched';
  const rest = (r - pMatched) / (1 - pMatched);
  if (rest < 0.9) return 'condition_false';
  if (rest < 0.97) return 'error';
  return 'overlap_skipped';
}

/**
 * The match probability of non-timer rules that makes rule-created executions about 90% of the
 * requested executions (manual runs make up the rest), whatever the trigger mix.
 */
function matchProbability(plans: TriggerPlan[], s: SeedShape): number {
  let timerShare = 0;
  let otherEvaluations = 0;
  let prev = 0;
  for (const p of plans) {
    const w = p.until - prev;
    prev = p.until;
    if (p.kind === 'timer') timerShare += w;
    else otherEvaluations += w * p.rules.length;
  }
  const fromTimers = s.events * timerShare * 0.99 * 0.97;
  const p = (0.9 * s.executions - fromTimers) / (s.events * otherEvaluations);
  return Math.min(0.9, Math.max(0.02, p));
}

function finalStatus(r: number): string {
  if (r < 0.86) return 'completed';
  if (r < 0.96) return 'failed';
  if (r < 0.98) return 'timeout';
  if (r < 0.995) return 'cancelled';
  return 'abandoned';
}

function result(status: string, rand: () => number): string {
  const ok = status === 'completed';
  return JSON.stringify({
    exit_code: ok ? 0 : 1,
    stdout: ok ? `done in ${Math.floor(rand() * 900)} ms\n` : '',
    stderr: ok ? '' : 'curl: (7) Failed to connect to api.example.com port 443\n',
    duration_ms: Math.floor(rand() * 2000),
    data: null,
    error: ok ? null : `exited with code 1`,
    stdout_truncated: false,
    stderr_truncated: false,
  });
}

/** Generates the database at `file` (which must not exist); returns the row counts. */
export function generateStore(file: string, s: SeedShape): Record<string, number> {
  const store: Store = openStore({ file });
  const db = store.read.raw;
  const rand = rng(20_250_101);
  const plans = planTriggers(s, rand);
  const pMatched = matchProbability(plans, s);
  const end = Date.now();
  const start = end - s.days * 86_400_000;
  const step = (end - start) / s.events;
  const ins = {
    event: db.prepare(
      `INSERT INTO events (kind, trigger_ref, payload, config, source_ref, rule_ref, trace_tag, created)
       VALUES (?, ?, ?, NULL, ?, ?, ?, ?)`,
    ),
    evaluation: db.prepare(
      'INSERT INTO evaluations (event_id, rule_ref, outcome, detail, enforcement_id) VALUES (?, ?, ?, ?, ?)',
    ),
    enforcement: db.prepare(
      `INSERT INTO enforcements (rule_ref, event_id, trigger_ref, config, status, created, resolved_at)
       VALUES (?, ?, ?, '{}', 'processed', ?, ?)`,
    ),
    execution: db.prepare(
      `INSERT INTO executions (action_ref, config, enforcement_id, rule_ref, status, result, started_at, finished_at,
         timeout_seconds, trace_tag, created, updated)
       VALUES (?, '{}', ?, ?, ?, ?, ?, ?, 600, ?, ?, ?)`,
    ),
  };
  let executions = 0;
  const addExecution = (enfId: number | null, rule: string | null, tag: string, at: number) => {
    const status = finalStatus(rand());
    const action = rule ? (rule.includes('push') ? 'core.http_request' : 'core.shell') : 'core.echo';
    const finished = at + 5 + Math.floor(rand() * 2000);
    ins.execution.run(action, enfId, rule, status, result(status, rand), at + 2, finished, tag, at, finished);
    executions++;
  };
  const batch = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const plan = pick(plans, rand());
      const at = Math.floor(start + n * step);
      const tag = (n * 2654435761 + 7).toString(16).padStart(16, '0');
      const isTimer = plan.kind === 'timer';
      const missed = isTimer && rand() < 0.01;
      const rule = isTimer ? (plan.rules[0] as string) : null;
      const eventId = Number(
        ins.event.run(
          missed ? 'missed' : 'event',
          isTimer ? 'core.intervaltimer' : plan.ref,
          payload(plan.kind, n, rand),
          isTimer ? 'core.timer' : 'core.webhook',
          rule,
          tag,
          at,
        ).lastInsertRowid,
      );
      if (missed) continue;
      for (const r of plan.rules) {
        const o = isTimer ? (rand() < 0.97 ? 'matched' : 'overlap_skipped') : outcome(rand(), pMatched);
        let enfId: number | null = null;
        if (o === 'matched' && executions < s.executions) {
          enfId = Number(ins.enforcement.run(r, eventId, plan.ref, at, at + 1).lastInsertRowid);
          addExecution(enfId, r, tag, at + 1);
        }
        const detail =
          o === 'condition_false'
            ? 'event.payload.status == "paid"'
            : o === 'error'
              ? 'action_params: unknown variable "event.payload.customer.phone"'
              : null;
        ins.evaluation.run(
          eventId,
          r,
          o === 'matched' && enfId === null ? 'condition_false' : o,
          detail,
          enfId,
        );
      }
    }
  });
  const BATCH = 10_000;
  for (let from = 0; from < s.events; from += BATCH) batch.immediate(from, Math.min(s.events, from + BATCH));
  // Manual runs fill up to the requested number of executions, spread over the same month.
  const manual = db.transaction((count: number) => {
    for (let i = 0; i < count; i++) {
      const at = Math.floor(start + rand() * (end - start));
      addExecution(null, null, i.toString(16).padStart(16, '0'), at);
    }
  });
  while (executions < s.executions) manual.immediate(Math.min(BATCH, s.executions - executions));
  db.pragma('wal_checkpoint(TRUNCATE)');
  const count = (t: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  const counts = Object.fromEntries(
    ['events', 'evaluations', 'enforcements', 'executions'].map((t) => [t, count(t)]),
  );
  store.close();
  return counts;
}
