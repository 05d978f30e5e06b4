/**
 * What one explanation costs, measured apart from the pipeline (docs/performance.md,
 * "Explanations"): deciding a rule whose condition is false with explanations off, on (the
 * explanation left to its readers) and made with the decision (as for a condition that names more
 * than the event); writing its evaluation row with and without it (serialised as JSON, as the
 * store does); and making it on read from the stored row and event (explain-on-read.ts). Short
 * loops, alternating, the fastest of many rounds: the load of a shared machine lengthens some
 * rounds, never shortens one, so the minimum is the cost itself.
 */
import path from 'node:path';
import { explainOnRead } from '../../core/engine/explain-on-read.ts';
import { type ExplainWhen, eventContext, matchRule } from '../../core/engine/match.ts';
import { compileRule } from '../../core/engine/rule-index.ts';
import type { Evaluation, Rule } from '../../core/model/entities.ts';
import { insertEvaluation, insertEvent, openStore, toJson } from '../../core/store/index.ts';
import { type BenchOptions, workDir } from './bench.ts';
import { BENCH_TRIGGER, benchPayload } from './seed-rules.ts';

export interface ExplainCost {
  /** µs to decide a false condition without an explanation (explanations off). */
  decideUs: number;
  /** µs added to that with explanations on, the explanation left to its readers. */
  onUs: number;
  /** µs added by making the explanation with the decision. */
  explainUs: number;
  /** µs to make one explanation on read, from the stored row and event. */
  readUs: number;
  /** µs added to writing the evaluation row by carrying the explanation (serialised, then stored). */
  storeUs: number;
  /** µs to write an evaluation row without an explanation (its event's row shared by ten). */
  writeUs: number;
  /** Bytes of the stored explanation. */
  bytes: number;
}

function fastest(
  rounds: number,
  kinds: readonly string[],
  fn: (kind: string) => number,
): Map<string, number> {
  const best = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 === 0 ? kinds : [...kinds].reverse())
      best.set(k, Math.min(best.get(k) ?? Infinity, fn(k)));
  }
  return best;
}

/** Measures one explanation of `condition` (false for an odd `n`) on the benchmark's payload. */
export function measureExplainCost(o: BenchOptions, condition: string): ExplainCost {
  const rule = { ref: 'local.cost', pack_ref: 'local', enabled: true, conditions: { expression: condition } };
  const compiled = compileRule(rule as unknown as Rule);
  const event = eventContext({ id: 1, trigger_ref: BENCH_TRIGGER, payload: benchPayload(1), created: '' });
  const secrets: readonly string[] = ['a-secret-value'];
  const first = matchRule(compiled, event, () => secrets, 'decide');
  if (first.outcome !== 'condition_false' || !first.explanation)
    throw new Error(`${condition} must be false`);
  const explanationJson = toJson(first.explanation);

  // Rounds of a millisecond or two: on a loaded machine some run without being preempted.
  const loops = 500;
  const decide = fastest(o.quick ? 40 : 200, ['never', 'read', 'decide'], (k) => {
    const when = k as ExplainWhen;
    const t0 = performance.now();
    for (let i = 0; i < loops; i++) {
      matchRule(compiled, event, () => secrets, when);
    }
    return ((performance.now() - t0) * 1000) / loops;
  });
  if (matchRule(compiled, event, () => secrets, 'read').explanation !== null)
    throw new Error(`${condition} must be left to be explained on read`);

  // One stored event with one evaluation left to explain, read as events.get reads it.
  const stored = {
    id: 1,
    trigger_ref: BENCH_TRIGGER,
    payload: benchPayload(1),
    created: '',
    evaluations: [
      {
        rule_ref: 'local.cost',
        outcome: 'condition_false',
        detail: condition,
        enforcement_id: null,
        explanation: null,
      },
    ] satisfies Evaluation[],
  };
  const deps = {
    packs: { get: () => ({ secretValues: secrets as string[] }) },
    rule: () => null,
    enabled: () => true,
  };
  const onRead = explainOnRead(deps, stored).evaluations[0]?.explanation;
  if (toJson(onRead) !== explanationJson)
    throw new Error('the explanation made on read differs from the one made when deciding');
  const read = fastest(o.quick ? 40 : 200, ['read'], () => {
    const t0 = performance.now();
    for (let i = 0; i < loops; i++) explainOnRead(deps, stored);
    return ((performance.now() - t0) * 1000) / loops;
  });

  const work = workDir(o, 'explain-cost');
  const store = openStore({ file: path.join(work.dir, 'attune.db') });
  try {
    const rows = 10;
    let n = 0;
    const write = fastest(o.quick ? 40 : 200, ['off', 'on'], (k) => {
      const row: Evaluation = {
        rule_ref: 'local.cost',
        outcome: 'condition_false',
        detail: condition,
        enforcement_id: null,
        explanation: k === 'on' ? first.explanation : null,
      };
      const t0 = performance.now();
      store.transaction((w) => {
        for (let i = 0; i < rows; i++) {
          const id = insertEvent(w, {
            kind: 'event',
            trigger_ref: BENCH_TRIGGER,
            payload: benchPayload(++n),
            config: null,
            source_ref: null,
            rule_ref: null,
            trace_tag: 'explain-cost',
            created: Date.now(),
          });
          for (let r = 0; r < 10; r++) insertEvaluation(w, id, { ...row, rule_ref: `local.rule-${r}` });
        }
      });
      return ((performance.now() - t0) * 1000) / (rows * 10);
    });
    const off = decide.get('never') as number;
    return {
      decideUs: off,
      onUs: Math.max(0, (decide.get('read') as number) - off),
      explainUs: (decide.get('decide') as number) - off,
      readUs: read.get('read') as number,
      storeUs: Math.max(0, (write.get('on') as number) - (write.get('off') as number)),
      writeUs: write.get('off') as number,
      bytes: explanationJson.length,
    };
  } finally {
    store.close();
    work.dispose();
  }
}
