/**
 * docs/expressions.md, "Shell commands" — whatever shell text an author writes around a
 * placeholder, a value rendered into it never runs as code: either the placeholder is refused or
 * the command that /bin/sh and bash run leaves the value's commands unexecuted. Checked with
 * random commands made of shell syntax (quotes, $(…), case, here-documents, comments, …) and
 * values that each try to break out of every quoting, run by the real shells.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { ExprEvalError, renderTemplateString } from '../../../core/expr/index.ts';
import { SHELLS } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'attune-shell-injection-'));
after(() => rmSync(work, { recursive: true, force: true }));
const marker = join(work, 'pwned');

/** Pieces of shell syntax an author's command is made of; `@` is a placeholder. */
const SYNTAX = [
  "'",
  '"',
  '$',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '`',
  '\\',
  '#',
  ';',
  ';;',
  ';&',
  '&',
  '|',
  '<',
  '>',
  '>&',
  '<<',
  '<<-',
  '<<<',
  '\n',
  ' ',
  ' ',
  '\t',
  'a',
  'EOF',
  '=',
  'v=',
  '$(',
  '$((',
  '${',
  '$[',
  "$'",
  '$"',
  'case',
  'in',
  'esac',
  '[[',
  ']]',
  '((',
  '))',
  ':',
  ' -eq ',
  'then',
  '!',
  '@',
  '@',
  '@',
];

/** Ways out of each quoting: if any of them ran as code, it would create the marker file. */
const BREAKOUTS = [
  `;touch ${marker};`,
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `';touch ${marker};'`,
  `";touch ${marker};"`,
  `\n touch ${marker}\n`,
  `)\ntouch ${marker}\n(`,
  `}\ntouch ${marker}\n{`,
  `))\ntouch ${marker}\n((`,
  `]]\ntouch ${marker}\n[[`,
  `\nEOF\ntouch ${marker}\n`,
  `\\';touch ${marker};'`,
  `a[$(touch ${marker})]`,
  '\\',
  "'",
  '"',
  '$',
  '`',
];

const templates = fc
  .array(fc.constantFrom(...SYNTAX), { minLength: 1, maxLength: 14 })
  .filter((parts) => parts.includes('@'))
  .map((parts) => parts.join(''))
  // Braces next to each other or to a placeholder would be the template's own syntax.
  .filter((t) => !/\{[{@]|[}@]\}/.test(t));
const values = fc.array(fc.constantFrom(...BREAKOUTS), { minLength: 1, maxLength: 4 }).map((v) => v.join(''));

/** The command text for the template with `value` in every placeholder, or null when refused. */
function render(template: string, value: string): string | null {
  try {
    return renderTemplateString(template.replaceAll('@', '{{ x }}'), { x: value }, 'shell') as string;
  } catch (err) {
    if (err instanceof ExprEvalError && /cannot be made safe/.test(err.message)) return null;
    throw err;
  }
}

/**
 * Commands where a value once ran as code: bash expands the word after `>&` a second time; a `&`
 * or `|` right after a placeholder or a here-document delimiter that follows `>` or `<<` was read
 * as part of `>&` or `<|`, so a `[[` after it was not seen as a keyword (bash evaluates
 * `a[$(cmd)]` in an operand of `-eq`); and after a syntax error inside an array `v=(…)` bash
 * reads on at the next line, which was inside the value.
 */
const FOUND = [
  'echo a >&@',
  '>&@a]',
  'echo a >& "@"',
  'echo a 2>&x@',
  'echo a >@& [[ @ -eq 1 ]]',
  'cat <<EOF|[[ @ -eq 1 ]]\nx\nEOF',
  'v=(then;&a]@',
  '\nv=( (@|<<<$',
];

/** Whether running `command` with `shell` created the marker file (which is then removed). */
function ranAsCode(shell: string, command: string): boolean {
  spawnSync(shell, ['-c', command], { cwd: work, stdio: 'ignore', timeout: 10_000 });
  const ran = existsSync(marker);
  rmSync(marker, { force: true });
  return ran;
}

for (const shell of SHELLS) {
  test(`${shell}: no value runs as code in the commands where one once did`, () => {
    for (const template of FOUND) {
      for (const value of BREAKOUTS) {
        const command = render(template, value);
        if (command === null) continue;
        assert.equal(
          ranAsCode(shell, command),
          false,
          `${JSON.stringify(template)} ran ${JSON.stringify(command)}`,
        );
      }
    }
  });

  test(`${shell}: no value runs as code in any command the lexer accepts`, () => {
    const samples = fc.sample(fc.tuple(templates, values), { numRuns: 300, seed: 17 });
    let accepted = 0;
    for (const [template, value] of samples) {
      const command = render(template, value);
      if (command === null) continue;
      accepted++;
      assert.equal(
        ranAsCode(shell, command),
        false,
        `${JSON.stringify(template)} ran ${JSON.stringify(command)}`,
      );
    }
    // Most random commands leave the placeholder somewhere it can be written.
    assert.ok(accepted > samples.length / 3, `only ${accepted} of ${samples.length} accepted`);
  });
}
