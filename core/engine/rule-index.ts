/**
 * Rules by trigger, compiled once (conditions parsed) and kept in memory until a rule changes.
 * Ingest looks rules up here — never by scanning all rules (docs/engine.md, "Ingest").
 */
import { type CompiledCondition, type CompiledExpression, compileExpression } from '../expr/index.ts';
import type { Rule } from '../model/entities.ts';
import type { Store } from '../store/index.ts';
import { getRule, listRulesByTrigger } from '../store/index.ts';

export interface CompiledRule {
  rule: Rule;
  /** null = always; a compile failure is kept as the error to record. */
  condition: ((ctx: Record<string, unknown>) => unknown) | null;
  compileError: string | null;
}

/** Compiles a rule's condition; `compiled` is one already compiled from the same source (at save). */
export function compileRule(rule: Rule, compiled?: CompiledExpression | null): CompiledRule {
  const source = rule.conditions?.expression;
  if (!source) return { rule, condition: null, compileError: null };
  if (compiled) return { rule, condition: compiled, compileError: null };
  try {
    return { rule, condition: compileExpression(source), compileError: null };
  } catch (err) {
    return { rule, condition: null, compileError: err instanceof Error ? err.message : String(err) };
  }
}

export class RuleIndex {
  private readonly byTrigger = new Map<string, CompiledRule[]>();
  private readonly byRef = new Map<string, CompiledRule>();
  /** Conditions compiled when their rule was saved, for the next load of that rule. */
  private readonly saved = new Map<string, { source: string; evaluate: CompiledExpression }>();

  constructor(private readonly store: Store) {}

  /**
   * Keeps the condition a save just parsed and compiled: the next load of the rule uses it
   * instead of parsing it again (as long as the stored expression is still that source).
   */
  remember(ruleRef: string, c: CompiledCondition): void {
    if (c.conditions && c.evaluate)
      this.saved.set(ruleRef, { source: c.conditions.expression, evaluate: c.evaluate });
    else this.saved.delete(ruleRef);
  }

  forTrigger(triggerRef: string): CompiledRule[] {
    let rules = this.byTrigger.get(triggerRef);
    if (!rules) {
      rules = listRulesByTrigger(this.store.read, triggerRef).map((r) => this.compile(r));
      this.byTrigger.set(triggerRef, rules);
      for (const c of rules) this.byRef.set(c.rule.ref, c);
    }
    return rules;
  }

  /** The one rule an addressed event (a timer's) may fire, if it is on that trigger. */
  addressed(triggerRef: string, ruleRef: string): CompiledRule | null {
    const hit = this.forTrigger(triggerRef).find((c) => c.rule.ref === ruleRef);
    if (hit) return hit;
    const rule = getRule(this.store.read, ruleRef);
    return rule && rule.trigger_ref === triggerRef ? this.compile(rule) : null;
  }

  private compile(rule: Rule): CompiledRule {
    const s = this.saved.get(rule.ref);
    if (!s) return compileRule(rule);
    this.saved.delete(rule.ref);
    return compileRule(rule, s.source === rule.conditions?.expression ? s.evaluate : undefined);
  }

  /** A rule by ref: from the cache when its trigger is loaded, else from the store. */
  rule(ref: string): Rule | null {
    return this.byRef.get(ref)?.rule ?? getRule(this.store.read, ref);
  }

  /** Drops cached rules of these triggers (a rule moved between triggers names both). */
  invalidate(...triggerRefs: string[]): void {
    for (const t of triggerRefs) {
      for (const c of this.byTrigger.get(t) ?? []) this.byRef.delete(c.rule.ref);
      this.byTrigger.delete(t);
    }
  }
}
