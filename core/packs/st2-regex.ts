/**
 * StackStorm's pattern operators are Python: `re` patterns and `fnmatch` globs. `match()` runs
 * JavaScript RegExp with the `u` flag and accepts leading `(?ims)` flags, so patterns are
 * translated: named groups, `\A`/`\Z`, Python's `$` (which also matches before a final
 * newline), identity escapes that `u` mode refuses, and lone braces.
 */

export type Translated = { ok: true; pattern: string } | { ok: false; reason: string };

const JS_SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);
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
  const start = multiline ? '(?<![\\s\\S])' : '^';
  const end = multiline ? '(?![\\s\\S])' : '$';
  let out = '';
  let i = 0;
  let inClass = false;
  while (i < body.length) {
    const c = body[i]!;
    if (c === '\\') {
      const n = body[i + 1];
      if (n === undefined) return { ok: false, reason: 'the pattern ends with a backslash' };
      if (!inClass && n === 'A') out += start;
      else if (!inClass && n === 'Z') out += end;
      else if (n === 'a') out += '\\x07';
      else if (n === 'U') {
        const hex = /^[0-9A-Fa-f]{8}/.exec(body.slice(i + 2));
        if (hex === null) return { ok: false, reason: 'bad \\U escape' };
        out += `\\u{${hex[0].replace(/^0+(?=.)/, '')}}`;
        i += 10;
        continue;
      } else if (/[0-9xu]/.test(n) || CLASS_ESCAPES.has(n)) out += `\\${n}`;
      else if (/[A-Za-z]/.test(n)) return { ok: false, reason: `the escape \\${n} has no equivalent` };
      else if (JS_SYNTAX.has(n) || (inClass && n === '-')) out += `\\${n}`;
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
      const backref = /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
      const comment = /^\(\?#[^)]*\)/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else if (backref) {
        out += `\\k<${backref[1]}>`;
        i += backref[0].length;
      } else if (comment) {
        i += comment[0].length;
      } else if (/^\(\?(:|=|!|<=|<!)/.test(rest)) {
        out += '(?';
        i += 2;
      } else {
        return { ok: false, reason: `the group "${rest.slice(0, 6)}…" has no equivalent` };
      }
      continue;
    }
    if (c === '$') {
      // Python's `$` also matches just before a trailing newline.
      out += multiline ? '$' : '(?=\\n?$)';
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
  if (anchorStart) out = `${start}(?:${out})`;
  const jsFlags = [...flagSet]
    .filter((f) => 'ims'.includes(f))
    .sort()
    .join('');
  const pattern = jsFlags === '' ? out : `(?${jsFlags})${out}`;
  try {
    new RegExp(pattern.replace(/^\(\?[ims]+\)/, ''), `u${jsFlags}`);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
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
      out += JS_SYNTAX.has(c) || c === '-' ? (c === '-' ? '-' : `\\${c}`) : c;
    }
  }
  return `^${out}$`;
}
