/**
 * String built-ins (docs/expressions.md, "The language"). Positions and lengths count Unicode code points, so an emoji is
 * one character; `match` runs on the linear-time regex engine of regex.ts.
 */

import { displayString } from './budget.ts';
import { ExprEvalError } from './errors.ts';
import type { FunctionSpec } from './function-args.ts';
import { asArray, asString } from './function-args.ts';
import { MAX_MATCH_INPUT_LENGTH } from './limits.ts';
import { checkLength } from './operators.ts';
import { compilePattern } from './regex.ts';
import { codePointLength } from './values.ts';

/** Every occurrence of `search` replaced; an empty `search` inserts around each character, as Rust does. */
function replaceAll(text: string, search: string, replacement: string): string {
  const pieces = search === '' ? ['', ...Array.from(text), ''] : text.split(search);
  checkLength(text.length + (pieces.length - 1) * (replacement.length - search.length), 'replace()');
  return pieces.join(replacement);
}

export const TEXT_FUNCTIONS = {
  lower: { min: 1, max: 1, call: ([s]) => asString('lower', s).toLowerCase() },
  upper: { min: 1, max: 1, call: ([s]) => asString('upper', s).toUpperCase() },
  trim: { min: 1, max: 1, call: ([s]) => asString('trim', s).trim() },
  split: {
    min: 2,
    max: 2,
    call: ([s, sep]) => {
      const text = asString('split', s, 0);
      const separator = asString('split', sep, 1);
      return separator === '' ? Array.from(text) : text.split(separator);
    },
  },
  join: {
    min: 2,
    max: 2,
    call: ([items, sep], budget) => {
      const parts = asArray('join', items, 0).map((item) => displayString(item, budget));
      const separator = asString('join', sep, 1);
      let total = separator.length * Math.max(0, parts.length - 1);
      for (const part of parts) total += part.length;
      checkLength(total, 'join()');
      return parts.join(separator);
    },
  },
  replace: {
    min: 3,
    max: 3,
    call: ([s, search, replacement]) =>
      replaceAll(
        asString('replace', s, 0),
        asString('replace', search, 1),
        asString('replace', replacement, 2),
      ),
  },
  starts_with: {
    min: 2,
    max: 2,
    call: ([s, prefix]) => asString('starts_with', s, 0).startsWith(asString('starts_with', prefix, 1)),
  },
  ends_with: {
    min: 2,
    max: 2,
    call: ([s, suffix]) => asString('ends_with', s, 0).endsWith(asString('ends_with', suffix, 1)),
  },
  match: {
    min: 2,
    max: 2,
    call: ([p, s], budget) => {
      const pattern = asString('match', p, 0);
      const text = asString('match', s, 1);
      if (text.length > MAX_MATCH_INPUT_LENGTH) {
        throw new ExprEvalError(`match() input is longer than ${MAX_MATCH_INPUT_LENGTH} characters`);
      }
      const compiled = compilePattern(pattern);
      if (!compiled.ok) throw new ExprEvalError(`match() ${compiled.reason}`);
      // The engine's bound: each input position steps through the program at most once.
      budget.charge((text.length + 1) * compiled.regex.programSize);
      return compiled.regex.test(text);
    },
  },
} satisfies Record<string, FunctionSpec>;

/** Code-point index of `search` in `text`, or -1. */
export function codePointIndexOf(text: string, search: string): number {
  const unit = text.indexOf(search);
  return unit < 0 ? -1 : codePointLength(text.slice(0, unit));
}

/** Non-overlapping occurrences of `search`; an empty `search` matches between every character. */
export function countOccurrences(text: string, search: string): number {
  return search === '' ? codePointLength(text) + 1 : text.split(search).length - 1;
}
