/**
 * docs/expressions.md, "Shell commands" — where the shell lexer's constructs end: escapes inside
 * each kind of quoting, nested expansions, arithmetic and `$[…]` depth, comments and
 * here-document delimiters. A construct read one character too long or too short would give the
 * next placeholder the wrong quoting.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { placeholderSpots, type ShellSpot } from '../../../core/expr/index.ts';

/** `@` marks each placeholder; the answer is one word per placeholder. */
function spots(template: string): string[] {
  return placeholderSpots(template.split('@')).map((s: ShellSpot) =>
    s.kind === 'refused'
      ? `refused: ${s.reason.replace(/^a placeholder | cannot be made safe.*$/g, '')}`
      : s.kind,
  );
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
const PARAM = 'refused: inside ${…}';
const ARITH = 'refused: inside shell arithmetic ($((…)) or ((…)))';
const BRACKET = 'refused: inside $[…]';
const HEREDOC = 'refused: inside a here-document';
const BACKSLASH = 'refused: right after a backslash';
const DOLLAR = 'refused: right after $';

describe('escapes', () => {
  test('an escaped backquote does not end backquotes', () => {
    assert.deepEqual(spots('echo `a \\` b` @'), ['unquoted']);
  });

  test("$'…' ends at its own quote; \\\\ is one escaped backslash", () => {
    assert.deepEqual(spots("echo $'\\\\' @ $'a' @"), ['unquoted', 'unquoted']);
  });

  test('only the character after a backslash is escaped, also across a refused placeholder', () => {
    assert.deepEqual(spots('echo \\@@ @'), [BACKSLASH, 'unquoted', 'unquoted']);
    assert.deepEqual(spots('echo $@@ @'), [DOLLAR, 'unquoted', 'unquoted']);
    assert.deepEqual(spots('echo a$ @'), ['unquoted']);
  });

  test('a placeholder is part of a word: # after it is no comment, and it ends the command name', () => {
    assert.deepEqual(spots('echo @#@'), ['unquoted', 'unquoted']);
    assert.deepEqual(spots('@ [[ @ ]]'), ['unquoted', 'unquoted']);
  });

  test('inside "…", $" is a $ and the closing quote', () => {
    assert.deepEqual(spots('echo "$" @'), ['unquoted']);
  });
});

describe('nested expansions', () => {
  test('quotes, escapes and backquotes inside a parameter expansion hide its closing brace', () => {
    for (const inner of ["'}'", '"}"', '\\}', '`echo }`']) {
      assert.deepEqual(spots(`echo \${v:-${inner}} @`), ['unquoted'], inner);
    }
  });

  test('a parameter expansion inside another ends at its own closing brace', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    assert.deepEqual(spots('echo ${a:-${b} @} @'), [PARAM, 'unquoted']);
  });

  test('inside "…", a parameter expansion holds a " and a $(…) inside it a )', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    assert.deepEqual(spots('echo "${v:-"a"} @" "${v:-$(echo })} @"'), ['double', 'double']);
  });

  test('arithmetic and $[…] count their own parentheses and brackets', () => {
    assert.deepEqual(spots('echo $(( (1) + 2 )) @ $((1)) @ $[ a[1] ] @ $[1] @'), [
      'unquoted',
      'unquoted',
      'unquoted',
      'unquoted',
    ]);
    assert.deepEqual(spots('echo $(( (1) + @ )) $[ a[1] + @ ]'), [ARITH, BRACKET]);
    assert.deepEqual(spots('(( (1) + 2 )) ; [[ @ ]]'), [
      'refused: inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])',
    ]);
  });

  test('every ( inside arithmetic is counted, not only the first', () => {
    assert.deepEqual(spots('echo $(( (1) + (2) + @ ))'), [ARITH]);
  });

  test("inside arithmetic $'…' is bash's string with escapes, not '…'", () => {
    assert.deepEqual(spots("echo $(( $'\\'' )) @"), [
      "refused: after a $'…' string with \\' (bash and sh end it differently)",
    ]);
  });

  test('inside a parameter expansion a backslash escapes the closing brace, and only $ starts an expansion', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    assert.deepEqual(spots('echo ${v:-a\\} @} ${v:-x[} @'), [PARAM, 'unquoted']);
  });

  test('quotes inside arithmetic and $[…] hide their closing characters', () => {
    assert.deepEqual(spots("echo $(( ')' + @ )) $[ ']' + @ ]"), [ARITH, BRACKET]);
    assert.deepEqual(spots('echo $(( $(echo ")") + @ ))'), [ARITH]);
  });
});

describe('comments and here-documents', () => {
  test('the newline that ends a comment also ends the command: a here-document body starts after it', () => {
    assert.deepEqual(spots('cat <<EOF # note\nbody @\nEOF\n[[ @ ]]'), [
      HEREDOC,
      'refused: inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])',
    ]);
  });

  test('the delimiter is one word: blanks before it are skipped, a blank or operator after it ends it', () => {
    assert.deepEqual(spots('cat <<EOF x\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
    assert.deepEqual(spots('cat <<EOF;echo @\n@\nEOF\n@'), ['unquoted', HEREDOC, 'unquoted']);
    assert.deepEqual(spots('cat <<\t EOF|cat\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
  });

  test('quotes and backslashes inside the delimiter are removed; what they hold is kept', () => {
    for (const [op, end] of [
      ["<<'E\"F'", 'E"F'],
      ["<<'E F'", 'E F'],
      ['<<"E\\"F"', 'E"F'],
      ['<<"E\'F"', "E'F"],
      ['<<E\\ F', 'E F'],
      ["<<E'\\'F", 'E\\F'],
    ]) {
      assert.deepEqual(spots(`cat ${op}\n@\n${end}\n@`), [HEREDOC, 'unquoted'], op);
    }
  });

  test('a line equal to the delimiter only after tabs ends a <<- body, not a << body', () => {
    assert.deepEqual(spots('cat <<EOF\n\tEOF\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
    assert.deepEqual(spots('cat <<-EOF\n\t\tEOF\n@'), ['unquoted']);
    assert.deepEqual(spots('cat <<-EOF\n EOF\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
  });

  test('a line with a placeholder never ends the body, even where its text alone is the delimiter', () => {
    assert.deepEqual(spots('cat <<EOF\nEOF@\n@\nEOF\n@'), [HEREDOC, HEREDOC, 'unquoted']);
    assert.deepEqual(spots('cat <<EOF\n@EOF\n@\nEOF\n@'), [HEREDOC, HEREDOC, 'unquoted']);
  });

  test('an empty body ends at its first line; tabs after the delimiter are not stripped', () => {
    assert.deepEqual(spots('cat <<EOF\nEOF\n@'), ['unquoted']);
    assert.deepEqual(spots('cat <<-EOF\nEOF\t\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
  });

  test('the delimiter ends at any operator character', () => {
    for (const after of [';', '&', '|', '<', '>', '(', ')', '\t']) {
      assert.deepEqual(spots(`cat <<EOF${after}\n@\nEOF\n@`), [HEREDOC, 'unquoted'], JSON.stringify(after));
    }
  });

  test('a line that only begins with the delimiter does not end the body', () => {
    assert.deepEqual(spots('cat <<EOF\nEOFX\n@\nEOF\n@'), [HEREDOC, 'unquoted']);
  });

  test('<<< is a here-string, <<- a here-document, < < two redirections', () => {
    assert.deepEqual(spots('cat <<<x\n@'), ['unquoted']);
    assert.deepEqual(spots('cat < <(echo a)\n@'), ['unquoted']);
    assert.deepEqual(spots('cat < f\n@ >x\n@'), ['unquoted', 'unquoted']);
    assert.deepEqual(spots('echo a ><(cat)\n@'), ['unquoted']);
  });
});
