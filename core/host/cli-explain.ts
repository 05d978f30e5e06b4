/**
 * How `attune-desktop event get` prints why each rule did or did not fire (docs/explain.md,
 * "Reading a trace"): one line per rule, and under a rule that did not fire, its failing parts
 * with the actual values of their operands; and how `attune-desktop rule replay` prints a replay.
 */
import type { ReplayResult } from '../contract/replay.ts';
import type { AttuneEvent, Evaluation } from '../model/entities.ts';
import type { ExplainedFailure } from '../model/explanation.ts';

/** The trace of one event as indented lines. */
export function formatTrace(event: Pick<AttuneEvent, 'id' | 'kind' | 'evaluations'>): string {
  const lines: string[] = [];
  if (event.kind === 'missed') lines.push('timer slot missed: no rule was evaluated (see payload.reason)');
  const evaluations = event.evaluations ?? [];
  if (evaluations.length === 0 && event.kind !== 'missed') lines.push('no rule on this trigger');
  for (const ev of evaluations) lines.push(...formatEvaluation(ev));
  return lines.join('\n');
}

function formatEvaluation(ev: Evaluation): string[] {
  const head = `${ev.rule_ref}: ${ev.outcome}`;
  const lines = [ev.detail ? `${head} — ${ev.detail}` : head];
  for (const f of ev.explanation?.failures ?? []) lines.push(...formatFailure(f));
  if (ev.explanation?.truncated) lines.push('    … (more parts failed than are kept)');
  return lines;
}

function formatFailure(f: ExplainedFailure): string[] {
  const where = [f.param ? `param ${f.param}` : '', f.placeholder ? `in {{ ${f.placeholder} }}` : '']
    .filter(Boolean)
    .join(' ');
  const result = f.error !== undefined ? `failed: ${f.error}` : `is ${f.value}`;
  const lines = [`    ${where ? `${where}: ` : ''}${f.expression} ${result}`];
  for (const o of f.operands) {
    const value =
      o.error !== undefined ? `failed: ${o.error}` : `= ${o.value}${o.missing ? ' (missing)' : ''}`;
    lines.push(`      ${o.expression} ${value}`);
  }
  return lines;
}

/** A replay as lines: the decision, each conjunct, the params with their types, what changed. */
export function formatReplay(r: ReplayResult): string {
  const lines = [
    `event ${r.event.id} (${r.event.trigger_ref}, ${r.event.created}) against ${r.rule.draft ? 'a draft of ' : ''}${r.rule.ref}${r.rule.enabled ? '' : ' (disabled: replayed as if enabled)'}`,
    ...formatEvaluation(r.evaluation),
  ];
  if (r.conditions) {
    lines.push('conditions:');
    for (const p of r.conditions.parts) {
      const result = p.error !== undefined ? `failed: ${p.error}` : `is ${p.value}`;
      lines.push(`  ${p.passed ? 'pass' : 'FAIL'} ${p.expression} ${result}`);
      for (const o of p.operands) {
        const value =
          o.error !== undefined ? `failed: ${o.error}` : `= ${o.value}${o.missing ? ' (missing)' : ''}`;
        lines.push(`      ${o.expression} ${value}`);
      }
    }
  }
  if (r.params.length > 0) {
    lines.push('the action would get:');
    for (const p of r.params) {
      const expected = p.expected && p.expected !== p.type ? ` (the action expects ${p.expected})` : '';
      lines.push(`  ${p.name} = ${JSON.stringify(p.value)}: ${p.type}${expected}`);
    }
  }
  const o = r.original;
  lines.push(
    `first time: ${o.evaluation ? o.evaluation.outcome : 'not a candidate'}${o.enforcement ? `, enforcement ${o.enforcement.id}` : ''}${o.executions.map((x) => `, execution ${x.id} ${x.status}`).join('')}`,
  );
  if (!r.diff.changed) lines.push('no difference');
  if (r.diff.outcome)
    lines.push(`outcome: ${r.diff.outcome.original ?? '(none)'} -> ${r.diff.outcome.replayed}`);
  for (const p of r.diff.params) {
    const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));
    lines.push(`param ${p.name}: ${show(p.original)} -> ${show(p.replayed)}`);
  }
  return lines.join('\n');
}
