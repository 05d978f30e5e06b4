/**
 * docs/expressions.md, "Shell commands" — whatever a value holds, a placeholder in a shell
 * parameter comes out of the real shells as exactly that text: bare, inside "…", inside '…',
 * in a $(…) inside "…", and after constructs the lexer must read past (a case inside $(…), a
 * here-document). Checked by running the rendered commands through /bin/sh and bash.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderTemplateString } from '../../../core/expr/index.ts';
import { SHELLS } from './helpers.ts';

/** Characters that mean something to a shell, mixed with plain and non-ASCII ones. */
const SHELL_CHARS = [...'\'"$`\\\n\t !#;&|(){}[]*?~<>=%-', 'a', 'EOF', 'é', '✓', '🎉', '$(', '\\"', "'\\''"];

const values = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SHELL_CHARS), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }).filter((s) => !s.includes('\0')),
);

/** Each template prints its placeholder's value with printf (echo would read backslashes). */
const CONTEXTS: Array<{ template: string; expected: (x: string) => string }> = [
  { template: 'printf %s {{ x }}', expected: (x) => x },
  { template: 'printf %s "a {{ x }} b"', expected: (x) => `a ${x} b` },
  { template: "printf %s 'a {{ x }} b'", expected: (x) => `a ${x} b` },
  // Command substitution drops trailing newlines; nothing else may change.
  { template: 'printf %s "$(printf %s {{ x }})"', expected: (x) => x.replace(/\n+$/, '') },
  {
    template: 'y="$(case a in (a) printf %s {{ x }};; b) :;; esac)"; printf %s "$y|{{ x }}"',
    expected: (x) => `${x.replace(/\n+$/, '')}|${x}`,
  },
  { template: "cat <<'EOF' >/dev/null\nbody's \"$(\nEOF\nprintf %s '{{ x }}'", expected: (x) => x },
];

for (const shell of SHELLS) {
  for (const { template, expected } of CONTEXTS) {
    test(`${shell}: ${JSON.stringify(template)} prints any value exactly`, () => {
      const samples = fc.sample(values, { numRuns: 100, seed: 7 });
      // One script per context: each command's output ends with a NUL, so the outputs split back.
      const script = samples
        .map((x) => `${renderTemplateString(template, { x }, 'shell') as string}\nprintf '\\0'\n`)
        .join('');
      const out = execFileSync(shell, [], { input: script, encoding: 'utf8' });
      assert.deepEqual(out.split('\0').slice(0, -1), samples.map(expected));
    });
  }
}

/**
 * Whole constructs the lexer must read to their end, each silent and ending where a new command
 * starts: after any of them, the next placeholder is in the context its own quotes say.
 */
const CONSTRUCTS = [
  `: 'a "b" $(c \\' `,
  ': "a \'b\' \\" \\$ $(: ")") `:` \\\\" ',
  ': "$( : "$( : \')\' )" )" ',
  'x=$(: ")" ; : \'(\' )',
  "x=$(case a in (a) : ')' ;; b|c) : \"$(: ')')\";; esac)",
  'case a in a) x=1 ;; (b) : ;; esac',
  "cat <<'EOF' >/dev/null\n'\"$( `\nEOF",
  'cat <<-EOF >/dev/null\n\t\' "\n\tEOF',
  'cat <<A <<"B" >/dev/null\n\'\nA\nx"\nB',
  "cat << E\\F >/dev/null\n'\nEF",
  '# a comment with \' " $( ` ',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
  ': a#b $# ${#x} ${v:-"a}b"} $(( 1 + (2 * 3) )) ',
  "[[ a == a ]] 2>/dev/null || : ')'",
  ': \\\' \\" \\$ \\` \\( \\# x\\\ny',
  "( : ')' ; (: x) )",
  "f() { : '}' ; } ; f",
  '{ : ; } >/dev/null 2>&1',
  'if : ; then : "(" ; fi',
  ': `: a` "`: b`"',
  ": <&- >&2 2>&1 >|/dev/null ')'",
  'while false ; do : ; done',
];

for (const shell of SHELLS) {
  test(`${shell}: after any sequence of whole constructs, a placeholder prints any value exactly`, () => {
    const samples = fc.sample(
      fc.tuple(
        fc.array(fc.tuple(fc.constantFrom(...CONSTRUCTS), fc.constantFrom(' ; ', ' && ', '\n')), {
          maxLength: 5,
        }),
        fc.constantFrom(...CONTEXTS.slice(0, 4)),
        values,
      ),
      { numRuns: 150, seed: 11 },
    );
    const script = samples
      .map(([before, { template }, x]) => {
        // A comment or a here-document ends at a newline; other constructs may share a line.
        const text = before.map(([c, sep]) => c + (c.startsWith('#') || c.startsWith('cat') ? '\n' : sep));
        const rendered = renderTemplateString([...text, template].join(''), { x }, 'shell');
        return `${rendered as string}\nprintf '\\0'\n`;
      })
      .join('');
    const out = execFileSync(shell, [], { input: script, encoding: 'utf8' });
    assert.deepEqual(
      out.split('\0').slice(0, -1),
      samples.map(([, { expected }, x]) => expected(x)),
    );
  });
}
