/**
 * The step budget of one evaluation (docs/expressions.md, "Budget"). The engine is one process:
 * a condition or a template that ran for seconds would stall every event and every timer. So
 * each condition evaluation and each rendering of one rule's action_params counts its work in
 * steps and fails with an ExprEvalError once it passes MAX_EVALUATION_STEPS. Steps are counted,
 * not timed, so the same expression on the same event always ends the same way.
 *
 * What costs what:
 * - every node of the expression, once (there are no loops, so no node runs twice);
 * - a function call: the size of each argument and of its result (characters of a string,
 *   elements of an array, 1 for anything else);
 * - work that walks values: every array element and string character visited by `==`, `in`,
 *   comparisons, `sort`, `unique`, `string()` and templates, and MEMBER_STEPS for every object
 *   member enumerated (V8 lists the keys of a large object slowly);
 * - ARRAY_STEPS for every array `chunks` and `zip` build;
 * - `match()`: (input length + 1) × the compiled pattern's program size, the bound of the
 *   linear-time regex engine's work (regex.ts).
 */
import { ExprEvalError } from './errors.ts';
import { MAX_EVALUATION_STEPS } from './limits.ts';
import { isPlainObject, isTruthy, ownValue, toDisplayString } from './values.ts';

/** Steps per object member enumerated: listing a large object's keys is slow in V8. */
export const MEMBER_STEPS = 20;

/** Steps per small array built (a chunk, a pair), on top of its elements. */
export const ARRAY_STEPS = 8;

/** A countdown of steps; `charge` throws once the budget is spent. */
export class StepBudget {
  readonly limit: number;
  #left: number;

  constructor(limit: number = MAX_EVALUATION_STEPS) {
    this.limit = limit;
    this.#left = limit;
  }

  /** Takes `steps` from the budget; throws `Evaluation exceeded N steps` when it runs out. */
  charge(steps: number): void {
    this.#left -= steps;
    if (this.#left < 0) throw new ExprEvalError(`Evaluation exceeded ${this.limit} steps`);
  }

  /** Steps charged so far (past the limit when the last charge failed). */
  get used(): number {
    return this.limit - this.#left;
  }
}

/** Shallow size of a value: characters of a string, elements of an array, 1 otherwise. */
export function sizeOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  return 1;
}

/**
 * Charges one step per array element and object member and one per string character, before
 * native code (JSON.stringify) walks the value: many references to one large payload in an
 * array would otherwise be serialised in one unmetered call.
 */
export function chargeDeep(value: unknown, budget: StepBudget): void {
  if (typeof value === 'string') {
    budget.charge(value.length + 1);
  } else if (Array.isArray(value)) {
    budget.charge(1);
    for (const item of value) chargeDeep(item, budget);
  } else if (isPlainObject(value)) {
    budget.charge(1);
    for (const key of Object.keys(value)) {
      budget.charge(MEMBER_STEPS + key.length);
      chargeDeep(ownValue(value, key), budget);
    }
  } else {
    budget.charge(1);
  }
}

/** `toDisplayString`, with the serialisation of an array or object charged first. */
export function displayString(value: unknown, budget: StepBudget): string {
  if (typeof value === 'object' && value !== null) chargeDeep(value, budget);
  return toDisplayString(value);
}

/** `isTruthy`, with an object's members charged: telling `{}` from a full object lists its keys. */
export function truthy(value: unknown, budget: StepBudget): boolean {
  if (isPlainObject(value)) {
    const count = Object.keys(value).length;
    budget.charge(count * MEMBER_STEPS);
    return count > 0;
  }
  return isTruthy(value);
}
