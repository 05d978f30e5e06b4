/**
 * StackStorm rule criteria → one Attune expression (docs/packs.md, "StackStorm rules"). Each criterion
 * `{ "trigger.path": {type, pattern} }` becomes a guarded expression that decides exactly as
 * st2's operators.py does: a missing key is None, and where Python would raise (comparing None,
 * `x in None`, `.lower()` on a number) st2's filter answers "no match", so every converted
 * expression checks types first instead of letting the engine record an evaluation error.
 * Criteria are AND-ed. Operators with no equivalent (timediff_lt, timediff_gt, search) are
 * reported, never approximated.
 */
import { printString } from '../expr/index.ts';
import { literal, payloadPath } from './expr-text.ts';
import { translatePythonRegex, translateWildcard } from './st2-regex.ts';

/** Operator spellings of st2's operators.py, short aliases included, mapped to a canonical name. */
export const ST2_OPERATORS: Readonly<Record<string, string>> = {
  equals: 'equals',
  eq: 'equals',
  nequals: 'nequals',
  neq: 'nequals',
  iequals: 'iequals',
  ieq: 'iequals',
  lessthan: 'lessthan',
  lt: 'lessthan',
  greaterthan: 'greaterthan',
  gt: 'greaterthan',
  contains: 'contains',
  ncontains: 'ncontains',
  icontains: 'icontains',
  incontains: 'incontains',
  startswith: 'startswith',
  istartswith: 'istartswith',
  endswith: 'endswith',
  iendswith: 'iendswith',
  matchwildcard: 'matchwildcard',
  matchregex: 'matchregex',
  regex: 'regex',
  iregex: 'iregex',
  exists: 'exists',
  nexists: 'nexists',
  inside: 'inside',
  in: 'inside',
  ninside: 'ninside',
  nin: 'ninside',
  timediff_lt: 'timediff_lt',
  td_lt: 'timediff_lt',
  timediff_gt: 'timediff_gt',
  td_gt: 'timediff_gt',
  search: 'search',
};

/** Longest pattern `match()` accepts (core/expr limits). */
const MAX_PATTERN = 256;

export interface CriterionProblem {
  /** The criteria key (`trigger.x`), or '' for the criteria block itself. */
  key: string;
  message: string;
}

export interface ConvertedCriteria {
  /** null when there are no criteria (the rule always matches). */
  expression: string | null;
  problems: CriterionProblem[];
}

/**
 * Parses a criteria key: `trigger.a.b`, `trigger.headers['X-Token']`, `trigger.items[0]`.
 * Returns the payload path, or null when the key does not read the payload.
 */
export function parseCriteriaKey(key: string): Array<string | number> | null {
  const m = /^\s*trigger\s*/.exec(key);
  if (m === null) return null;
  let rest = key.slice(m[0].length);
  const out: Array<string | number> = [];
  while (rest.length > 0) {
    const dot = /^\.\s*([A-Za-z0-9_@\-$]+)/.exec(rest);
    const quotedDot = /^\.\s*(?:"([^"]*)"|'([^']*)')/.exec(rest);
    const bracket = /^\[\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*\]/.exec(rest);
    if (dot) {
      out.push(dot[1]!);
      rest = rest.slice(dot[0].length);
    } else if (quotedDot) {
      out.push(quotedDot[1] ?? quotedDot[2]!);
      rest = rest.slice(quotedDot[0].length);
    } else if (bracket) {
      out.push(bracket[3] !== undefined ? Number(bracket[3]) : (bracket[1] ?? bracket[2]!));
      rest = rest.slice(bracket[0].length);
    } else {
      return null;
    }
    rest = rest.trimStart();
  }
  return out;
}

const isStr = (v: string): string => `type_of(${v}) == "string"`;
const isNum = (v: string): string => `type_of(${v}) == "number"`;

/** Case-insensitive pattern text as Python's `str.lower()` would give it. */
const lowered = (p: string): string => printString(p.toLowerCase());

/** The expression for one criterion, or the reason there is none. */
export function criterionExpression(
  v: string,
  operator: string,
  pattern: unknown,
): { ok: true; expression: string } | { ok: false; reason: string } {
  const op = ST2_OPERATORS[operator.trim().toLowerCase()];
  if (op === undefined) return { ok: false, reason: `unknown operator "${operator}"` };
  if (op === 'timediff_lt' || op === 'timediff_gt' || op === 'search') {
    return { ok: false, reason: `operator "${operator}" has no equivalent in Attune's expression language` };
  }
  const ok = (expression: string) => ({ ok: true as const, expression });
  if (op === 'exists') return ok(`${v} != null`);
  if (op === 'nexists') return ok(`${v} == null`);
  if (op === 'nequals') {
    const lit = literal(pattern);
    return lit === null ? noLiteral(pattern) : ok(`${v} != ${lit}`);
  }
  // Every other operator answers False for a None pattern.
  if (pattern === null || pattern === undefined) return ok('false');
  if (typeof pattern === 'string' && /\{\{|\{%/.test(pattern)) {
    return { ok: false, reason: 'a Jinja pattern (datastore lookup) has no equivalent; use a literal value' };
  }
  const p = typeof pattern === 'string' ? pattern : null;
  const lit = literal(pattern);
  switch (op) {
    case 'equals':
      return lit === null ? noLiteral(pattern) : ok(`${v} == ${lit}`);
    case 'iequals':
      return p === null ? ok('false') : ok(`${isStr(v)} and lower(${v}) == ${lowered(p)}`);
    case 'lessthan':
    case 'greaterthan': {
      const cmp = op === 'lessthan' ? '<' : '>';
      if (typeof pattern === 'number') return ok(`${isNum(v)} and ${v} ${cmp} ${lit}`);
      if (p !== null) return ok(`${isStr(v)} and ${v} ${cmp} ${lit}`);
      return { ok: false, reason: `comparing with ${JSON.stringify(pattern)} has no equivalent` };
    }
    case 'contains':
    case 'ncontains': {
      if (lit === null) return noLiteral(pattern);
      const isArr = `type_of(${v}) == "array"`;
      if (p !== null) {
        const guard = `(${isStr(v)} or ${isArr} or type_of(${v}) == "object")`;
        return ok(op === 'contains' ? `${guard} and ${lit} in ${v}` : `${guard} and not (${lit} in ${v})`);
      }
      if (op === 'contains') return ok(`${isArr} and ${lit} in ${v}`);
      // A number is never a key of a JSON object (keys are strings), so it is "not in" one;
      // a list pattern is unhashable and Python raises instead.
      return ok(
        Array.isArray(pattern)
          ? `${isArr} and not (${lit} in ${v})`
          : `(${isArr} and not (${lit} in ${v})) or type_of(${v}) == "object"`,
      );
    }
    case 'icontains':
    case 'incontains':
      if (p === null) return ok('false');
      return ok(
        op === 'icontains'
          ? `${isStr(v)} and ${lowered(p)} in lower(${v})`
          : `${isStr(v)} and not (${lowered(p)} in lower(${v}))`,
      );
    case 'startswith':
    case 'endswith':
      if (p === null) return ok('false');
      return ok(`${isStr(v)} and ${op === 'startswith' ? 'starts_with' : 'ends_with'}(${v}, ${lit})`);
    case 'istartswith':
    case 'iendswith':
      if (p === null) return ok('false');
      return ok(
        `${isStr(v)} and ${op === 'istartswith' ? 'starts_with' : 'ends_with'}(lower(${v}), ${lowered(p)})`,
      );
    case 'matchwildcard':
      if (p === null) return ok('false');
      return regexCall(v, { ok: true, pattern: translateWildcard(p) });
    case 'matchregex':
    case 'regex':
    case 'iregex': {
      if (p === null) return ok('false');
      const flags = op === 'matchregex' ? 's' : op === 'iregex' ? 'i' : '';
      return regexCall(v, translatePythonRegex(p, flags, op === 'matchregex'));
    }
    case 'inside':
    case 'ninside': {
      const neg = (e: string) => (op === 'inside' ? e : `not (${e})`);
      if (p !== null) return ok(`${isStr(v)} and ${neg(`${v} in ${lit}`)}`);
      if (Array.isArray(pattern)) return lit === null ? noLiteral(pattern) : ok(neg(`${v} in ${lit}`));
      if (typeof pattern === 'object') return noLiteral(pattern);
      // `x in 5` raises in Python: no match either way.
      return ok('false');
    }
    default:
      return { ok: false, reason: `operator "${operator}" is not supported` };
  }
}

function noLiteral(pattern: unknown): { ok: false; reason: string } {
  return {
    ok: false,
    reason: `the pattern ${JSON.stringify(pattern)} cannot be written in the expression language (no object literals)`,
  };
}

function regexCall(
  v: string,
  t: { ok: true; pattern: string } | { ok: false; reason: string },
): { ok: true; expression: string } | { ok: false; reason: string } {
  if (!t.ok) return { ok: false, reason: `the regular expression cannot be converted: ${t.reason}` };
  if (t.pattern.length > MAX_PATTERN) {
    return { ok: false, reason: `the converted pattern is longer than ${MAX_PATTERN} characters` };
  }
  return { ok: true, expression: `${isStr(v)} and match(${printString(t.pattern)}, ${v})` };
}

/** Converts a whole `criteria` mapping. Problems name the criterion they come from. */
export function convertCriteria(criteria: Record<string, unknown>): ConvertedCriteria {
  const parts: string[] = [];
  const problems: CriterionProblem[] = [];
  for (const [key, spec] of Object.entries(criteria)) {
    const path = parseCriteriaKey(key);
    if (path === null) {
      problems.push({ key, message: `"${key}" does not read the trigger payload (expected trigger.<path>)` });
      continue;
    }
    if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
      problems.push({ key, message: 'must be a mapping {type, pattern}' });
      continue;
    }
    const s = spec as Record<string, unknown>;
    if (typeof s['type'] !== 'string') {
      problems.push({ key, message: 'has no operator "type"' });
      continue;
    }
    const result = criterionExpression(payloadPath(path), s['type'], s['pattern']);
    if (result.ok) parts.push(result.expression);
    else problems.push({ key, message: result.reason });
  }
  const expression =
    parts.length === 0 ? null : parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' and ');
  return { expression, problems };
}
