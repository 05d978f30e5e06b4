/**
 * The timer sensor's armed rules: each enabled timer rule with its state and next fire, and the
 * heap that orders them by next fire, kept in step (a rule is in the heap iff it has a next fire).
 */
import type { Rule } from '../model/entities.ts';
import { DueHeap } from './due-heap.ts';
import type { TimerState } from './timer-state.ts';

/** The parts of a rule the sensor keeps: 100 000 armed rules should not hold 100 000 full rules. */
export type TimerRule = Pick<Rule, 'ref' | 'trigger_ref' | 'trigger_params' | 'misfire'>;

/**
 * An armed rule. It holds no schedule: the schedule book builds one when the rule is due (cheap
 * for intervals, shared and cached for cron), because a croner job costs ~80 KB and a restart
 * arms every rule from its persisted next fire without building any.
 */
export interface Armed {
  rule: TimerRule;
  state: TimerState;
  next: number | null;
}

/** Just the kept parts of a rule, so the full rule object can be garbage. */
export function slim(rule: TimerRule): TimerRule {
  return {
    ref: rule.ref,
    trigger_ref: rule.trigger_ref,
    trigger_params: rule.trigger_params,
    misfire: rule.misfire,
  };
}

/** Armed rules by ref, ordered by next fire. */
export class ArmedTimers {
  readonly #byRef = new Map<string, Armed>();
  readonly #heap = new DueHeap<string>();

  get size(): number {
    return this.#byRef.size;
  }

  get(ref: string): Armed | undefined {
    return this.#byRef.get(ref);
  }

  /** Arms or re-arms a rule at its `next` (none: armed but never due, e.g. a fired one-shot). */
  place(ref: string, a: Armed): void {
    this.#byRef.set(ref, a);
    if (a.next === null) this.#heap.delete(ref);
    else this.#heap.set(ref, a.next);
  }

  /** Disarms a rule; returns what it was, if it was armed. */
  disarm(ref: string): Armed | undefined {
    const a = this.#byRef.get(ref);
    this.#byRef.delete(ref);
    this.#heap.delete(ref);
    return a;
  }

  /** Takes the refs due at or before `now` out of the ordering, earliest first (re-`place` them). */
  popDue(now: number): string[] {
    return this.#heap.popDue(now);
  }

  /** The earliest next fire, or null. */
  earliest(): number | null {
    return this.#heap.peek()?.due ?? null;
  }

  clear(): void {
    this.#byRef.clear();
    this.#heap.clear();
  }
}
