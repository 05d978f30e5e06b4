/**
 * StackStorm's pattern operators are Python: `re` patterns and `fnmatch` globs. `match()` runs
 * RE2 (docs/expressions.md), so patterns are translated: `\Z` becomes `\z`, Python's `$`
 * (which also matches before a final newline) becomes `(?:\n?\z)`, `\U`/`\u` escapes become
 * `\x{…}`, and lone braces are escaped. What RE2 cannot do in linear time — backreferences,
 * lookahead, lookbehind — is reported, not approximated. The result is checked by compiling it
 * as `match()` will.
 */
import { compilePattern } from '../expr/index.ts';

export type Translated = { ok: true; pattern: string } | { ok: false; reason: string };

const RE_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
const CLASS_ESCAPES = new Set([...'dDwWsSbBntrfv0']);

/**
 * Translates a Python `re` pattern. `flags` are added to the pattern's own leading flags
 * (`s` for matchregex's DOTALL, `i` for iregex); `anchorStart` makes it match only at the
 * start, like `re.match`.
 */
export function translatePythonRegex(source: string, flags: string, anchorStart: boolean): Translated {
  let body = source;
  const flagSet = new Set(flags);
  const lead = /^\(\?([aiLmsux]+)\)/.exec(body);
  if (lead !== null) {
    for (const f of lead[1]!) {
      if (f === 'x' || f === 'L') return { ok: false, reason: `the (?${f}) flag has no equivalent` };
      if (f === 'i' || f === 'm' || f === 's') flagSet.add(f);
    }
    body = body.slice(lead[0].length);
  }
  const multiline = flagSet.has('m');
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '\\') {
      const n = body[i + 1];
      if (n === undefined) return { ok: false, reason: 'the pattern ends with a backslash' };
      if (!inClass && n === 'A') out += '\\A';
      else if (!inClass && n === 'Z') out += '\\z';
      else if (n === 'a') out += '\\x07';
      else if (n === 'U' || n === 'u') {
        const digits = n === 'U' ? 8 : 4;
        const hex = (n === 'U' ? /^[0-9A-Fa-f]{8}/ : /^[0-9A-Fa-f]{4}/).exec(body.slice(i + 2));
        if (hex === null) return { ok: false, reason: `bad \\${n} escape` };
        out += `\\x{${hex[0]}}`;
        i += 2 + digits;
        continue;
      } else if (!inClass && /[1-9]/.test(n)) {
        return { ok: false, reason: `the backreference \\${n} has no linear-time equivalent` };
      } else if (/[0x]/.test(n) || CLASS_ESCAPES.has(n)) out += `\\${n}`;
      else if (/[A-Za-z]/.test(n)) return { ok: false, reason: `the escape \\${n} has no equivalent` };
      else if (RE_SYNTAX.has(n) || (inClass && n === '-')) out += `\\${n}`;
      else out += n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c === '[' ? '\\[' : c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i++;
      if (body[i] === '^') {
        out += '^';
        i++;
      }
      // Python takes a `]` right after `[` or `[^` literally; JavaScript would close the class.
      if (body[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && body[i + 1] === '?') {
      const rest = body.slice(i);
      const named = /^\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest);
      const comment = /^\(\?#[^)]*\)/.exec(rest);
      const lookaround = /^\(\?(=|!|<=|<!)/.exec(rest);
      if (named) {
        out += named[0];
        i += named[0].length;
      } else if (comment) {
        i += comment[0].length;
      } else if (rest.startsWith('(?:')) {
        out += '(?:';
        i += 3;
      } else if (rest.startsWith('(?P=')) {
        return { ok: false, reason: 'the backreference (?P=…) has no linear-time equivalent' };
      } else if (lookaround) {
        return { ok: false, reason: `the lookaround "(?${lookaround[1]}" has no linear-time equivalent` };
      } else {
        return { ok: false, reason: `the group "${rest.slice(0, 6)}…" has no equivalent` };
      }
      continue;
    }
    if (c === '$') {
      // Python's `$` also matches just before a trailing newline. RE2 has no lookahead, so the
      // newline is consumed: the same answer wherever `$` ends the pattern or an alternative.
      out += multiline ? '$' : '(?:\\n?\\z)';
      i++;
      continue;
    }
    if (c === '{') {
      const q = /^\{(\d*)(,?)(\d*)\}/.exec(body.slice(i));
      if (q !== null && (q[1] !== '' || q[3] !== '')) {
        out += `{${q[1] === '' ? '0' : q[1]}${q[2]}${q[3]}}`;
        i += q[0].length;
      } else {
        out += '\\{';
        i++;
      }
      continue;
    }
    out += c === '}' ? '\\}' : c;
    i++;
  }
  if (inClass) return { ok: false, reason: 'an unterminated character class' };
  if (anchorStart) out = `\\A(?:${out})`;
  const reFlags = [...flagSet]
    .filter((f) => 'ims'.includes(f))
    .sort()
    .join('');
  const pattern = reFlags === '' ? out : `(?${reFlags})${out}`;
  const compiled = compilePattern(pattern);
  if (!compiled.ok) return { ok: false, reason: compiled.reason };
  return { ok: true, pattern };
}

/**
 * Python's `fnmatch.translate`: `*`, `?`, `[seq]`, `[!seq]`, everything else literal; the
 * whole string must match, newlines included.
 */
export function translateWildcard(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob[i]!;
    i++;
    if (c === '*') {
      if (!out.endsWith('[\\s\\S]*')) out += '[\\s\\S]*';
    } else if (c === '?') {
      out += '[\\s\\S]';
    } else if (c === '[') {
      let j = i;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        out += '\\[';
        continue;
      }
      let stuff = glob.slice(i, j);
      i = j + 1;
      let negate = false;
      if (stuff.startsWith('!')) {
        negate = true;
        stuff = stuff.slice(1);
      }
      const escaped = [...stuff].map((ch) =>
        ch === '\\' || ch === ']' || ch === '[' || ch === '^' ? `\\${ch}` : ch,
      );
      out += `[${negate ? '^' : ''}${escaped.join('')}]`;
    } else {
      out += RE_SYNTAX.has(c) || c === '-' ? (c === '-' ? '-' : `\\${c}`) : c;
    }
  }
  return `^${out}$`;
}
