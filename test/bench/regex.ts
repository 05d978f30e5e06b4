/**
 * `npm run bench -- regex`: what evaluating a rule condition with `match()` costs on the
 * linear-time engine (re2js, what the engine runs) against the same condition on JavaScript's
 * backtracking RegExp, measured in the same run through the same evaluator. For the RegExp side
 * the `match()` built-in is swapped for one on RegExp while that one condition is compiled (the
 * evaluator binds a function's implementation at compile time), then put back.
 */

import type { FunctionSpec } from '../../core/expr/function-args.ts';
import { FUNCTIONS } from '../../core/expr/functions.ts';
import { compileExpression, type ExprContext } from '../../core/expr/index.ts';
import type { Bench, BenchOptions, BenchReport } from './bench.ts';
import { median } from './stats.ts';
import { fmt, type Table } from './table.ts';

interface Case {
  name: string;
  pattern: string;
  input: string;
}

const LOG_LINE = `${'worker 7 handled request in 12 ms; '.repeat(3)}ERROR upstream timed out${' retrying later'.repeat(5)}`;

const CASES: readonly Case[] = [
  {
    name: 'method and path prefix',
    pattern: '^(GET|POST|PUT) /api/v[0-9]+/',
    input: 'POST /api/v1/rules/local.x/test HTTP/1.1',
  },
  { name: 'level word, (?i)', pattern: '(?i)\\b(error|fatal)\\b', input: LOG_LINE },
  {
    name: 'e-mail shape',
    pattern: '^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$',
    input: 'someone.else@example.org',
  },
  {
    name: 'scan 1,000 chars, no match',
    pattern: '\\d{3}-\\d{4}',
    input: 'no phone number here. '.repeat(46).slice(0, 1000),
  },
  { name: 'hostile ^(a|aa)+$, 24 chars', pattern: '^(a|aa)+$', input: `${'a'.repeat(23)}!` },
];

/** `match()` as it was before RE2: a cached RegExp with the `u` flag and leading `(?ims)` flags. */
function regExpMatch(): FunctionSpec {
  const cache = new Map<string, RegExp>();
  return {
    min: 2,
    max: 2,
    call: ([p, s]) => {
      const pattern = String(p);
      let re = cache.get(pattern);
      if (re === undefined) {
        const inline = /^\(\?([ims]+)\)/.exec(pattern);
        re = new RegExp(inline ? pattern.slice(inline[0].length) : pattern, `u${inline?.[1] ?? ''}`);
        cache.set(pattern, re);
      }
      return re.test(String(s));
    },
  };
}

type Condition = (context: ExprContext) => unknown;

/** The same condition compiled twice: on re2js, and with `match()` on RegExp. */
function conditions(c: Case, regExp: FunctionSpec): { re2: Condition; regexp: Condition } {
  const source = `match(${JSON.stringify(c.pattern)}, event.payload.x)`;
  const re2 = compileExpression(source);
  const table = FUNCTIONS as Record<string, FunctionSpec>;
  const safe = table['match'] as FunctionSpec;
  table['match'] = regExp;
  try {
    // A different source text, so the parse cache cannot hand back the re2js closure.
    const regexp = compileExpression(`(${source})`);
    return { re2, regexp };
  } finally {
    table['match'] = safe;
  }
}

/** A ratio with two significant digits, so 0.0023× does not print as 0.00×. */
function times(x: number): string {
  return Number.isFinite(x) ? `${x.toPrecision(2)}×` : '—';
}

/** Runs a condition 30,000 times, or for 300 ms if that comes first. */
function warmUp(condition: Condition, context: ExprContext): void {
  const until = performance.now() + 300;
  for (let i = 0; i < 30_000 && performance.now() < until; i++) condition(context);
}

/** Microseconds per evaluation over a loop of `n`. */
function timeLoop(condition: Condition, context: ExprContext, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) condition(context);
  return ((performance.now() - t0) * 1000) / n;
}

async function run(o: BenchOptions): Promise<BenchReport> {
  const runs = o.quick ? 5 : 15;
  const regExp = regExpMatch();
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown> = {};
  for (const c of CASES) {
    const { re2, regexp } = conditions(c, regExp);
    const context = { event: { payload: { x: c.input } } };
    if (re2(context) !== regexp(context)) throw new Error(`${c.name}: the two engines disagree`);
    // Loop length from a probe, so one measured loop takes about 20 ms on either engine.
    const probe = Math.max(timeLoop(re2, context, 50), timeLoop(regexp, context, 50), 0.01);
    const n = Math.max(5, Math.round(20_000 / probe));
    const re2Runs: number[] = [];
    const regexpRuns: number[] = [];
    // Warm-up: V8 optimises re2js's matcher only after some 10,000 runs of a pattern.
    warmUp(re2, context);
    warmUp(regexp, context);
    // Interleaved, so a change in the machine's load hits both engines alike.
    for (let r = 0; r < runs; r++) {
      re2Runs.push(timeLoop(re2, context, n));
      regexpRuns.push(timeLoop(regexp, context, n));
    }
    const re2Median = median(re2Runs);
    const regexpMedian = median(regexpRuns);
    rows.push([
      c.name,
      c.input.length,
      fmt(re2Median, 2),
      fmt(regexpMedian, 2),
      times(re2Median / regexpMedian),
    ]);
    data[c.name] = {
      pattern: c.pattern,
      input_chars: c.input.length,
      loop: n,
      re2_us: re2Runs,
      regexp_us: regexpRuns,
    };
  }
  const table: Table = {
    title: 'Condition `match(pattern, event.payload.x)`, µs per evaluation (median)',
    columns: ['case', 'input chars', 're2js', 'RegExp', 're2js / RegExp'],
    rows,
    notes: [
      `${runs} interleaved runs per engine, each a loop of ~20 ms; both through compileExpression and the step budget.`,
      'RegExp backtracks: on the hostile case its time grows about 1.6× per character, re2js linearly.',
    ],
  };
  return { tables: [table], data };
}

export const regexBench: Bench = {
  name: 'regex',
  description: 'condition evaluation with match() on re2js (linear time) vs the built-in RegExp',
  run,
};
