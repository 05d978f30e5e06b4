/**
 * How `attune-desktop event get` prints why each rule did or did not fire (docs/explain.md,
 * "Reading a trace"): one line per rule, and under a rule that did not fire, its failing parts
 * with the actual values of their operands.
 */
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
