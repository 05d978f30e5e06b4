/**
 * docs/expressions.md, "Shell commands" — the shell context of each `{{ }}` placeholder, read
 * from the author's text around it: bare, inside "…", inside '…', or somewhere no quoting keeps
 * a value data (a comment, a here-document, backquotes, $'…', ${…}, arithmetic, [[ … ]]).
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

describe('quoting contexts', () => {
  test('bare, inside "…", inside \'…\'', () => {
    assert.deepEqual(spots('echo @ "a @ b" \'a @ b\' @'), ['unquoted', 'double', 'single', 'unquoted']);
  });

  test('a quote inside the other kind of quotes is just a character', () => {
    assert.deepEqual(spots(`echo "it's @" 'say "hi" @'`), ['double', 'single']);
  });

  test('escaped quotes outside quotes open nothing', () => {
    assert.deepEqual(spots(`echo \\" @ \\' @`), ['unquoted', 'unquoted']);
    assert.deepEqual(spots(`echo "a \\" @" @`), ['double', 'unquoted']);
  });

  test('$(…) is a fresh command context, also inside "…", and ends at its own )', () => {
    assert.deepEqual(spots('echo "$(printf %s @)" @'), ['unquoted', 'unquoted']);
    assert.deepEqual(spots('echo "a $(echo "@" \'@\') @"'), ['double', 'single', 'double']);
    assert.deepEqual(spots('echo "$(echo ")" @) @"'), ['unquoted', 'double']);
    assert.deepEqual(spots('echo "$( (echo a) ; echo @ ) @"'), ['unquoted', 'double']);
  });

  test('case patterns inside $(…) do not end it', () => {
    assert.deepEqual(spots('x="$(case $y in a) echo @;; (b) echo b;; esac) @"'), ['unquoted', 'double']);
    assert.deepEqual(spots('x="$(echo case a) @"'), ['double']);
  });

  test('a here-string, a redirection and a process substitution take ordinary words', () => {
    assert.deepEqual(spots('cat <<< @ > @ <(echo @)'), ['unquoted', 'unquoted', 'unquoted']);
  });

  test('$"…" is read as "…" and "$\'" is only characters', () => {
    assert.deepEqual(spots('echo $"a @" "$\'" @'), ['double', 'unquoted']);
  });
});

describe('comments', () => {
  test('# at the start of a word comments out the rest of the line', () => {
    assert.deepEqual(spots('true # from @\necho @'), ['refused: inside a shell comment', 'unquoted']);
    assert.deepEqual(spots('true;# @'), ['refused: inside a shell comment']);
  });

  test('# inside a word, after $ or quoted is not a comment', () => {
    assert.deepEqual(spots('echo a#b $# "#" @'), ['unquoted']);
  });

  test('a comment inside $(…) hides a )', () => {
    assert.deepEqual(spots('x=$(echo a # )\n@)'), ['unquoted']);
  });

  test('a line continuation joins lines, so # after it may start a comment', () => {
    assert.deepEqual(spots('echo a \\\n#x @'), ['refused: inside a shell comment']);
  });
});

describe('here-documents', () => {
  test('the body is refused, quoted delimiter or not, and the text after it is read again', () => {
    for (const op of ['<<EOF', "<<'EOF'", '<<"EOF"', '<< EOF', '<<\\EOF', '<<E"O"F']) {
      assert.deepEqual(
        spots(`cat ${op}\nline @\nEOF\necho @`),
        ['refused: inside a here-document', 'unquoted'],
        op,
      );
    }
  });

  test('<<- strips leading tabs before the delimiter line', () => {
    assert.deepEqual(spots('cat <<-EOF\n\t@\n\tEOF\necho "@"'), [
      'refused: inside a here-document',
      'double',
    ]);
  });

  test('the body starts after the line that announced it; two bodies follow each other', () => {
    assert.deepEqual(spots('cat <<A <<B | grep @\na @\nA\nb @\nB\n@'), [
      'unquoted',
      'refused: inside a here-document',
      'refused: inside a here-document',
      'unquoted',
    ]);
  });

  test('a line holding a placeholder never ends the body: its value could be the delimiter', () => {
    assert.deepEqual(spots('cat <<EOF\n@\nEOF\n@'), ['refused: inside a here-document', 'unquoted']);
  });

  test('a placeholder as the delimiter is refused, and so is everything after it', () => {
    assert.deepEqual(spots('cat <<@\nx\n@'), [
      'refused: in a here-document delimiter',
      'refused: after a here-document delimiter made from a placeholder',
    ]);
  });
});

describe('other places no quoting can make safe', () => {
  test('backquotes, also inside "…"', () => {
    assert.deepEqual(spots('echo `echo @` "`echo @`" @'), [
      'refused: inside backquotes (write $(…) instead)',
      'refused: inside backquotes (write $(…) instead)',
      'unquoted',
    ]);
  });

  test("$'…' (bash's escapes)", () => {
    assert.deepEqual(spots("echo $'a @' @"), ["refused: inside $'…'", 'unquoted']);
  });

  test('parameter expansions, arithmetic and $[…]', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    const inParam = 'refused: inside ${…}';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
    assert.deepEqual(spots('echo ${v:-@} "${v:-@}" $((1 + @)) $[@]'), [
      inParam,
      inParam,
      'refused: inside shell arithmetic ($((…)) or ((…)))',
      'refused: inside $[…]',
    ]);
    assert.deepEqual(spots('(( n > @ )) && echo @'), [
      'refused: inside shell arithmetic ($((…)) or ((…)))',
      'unquoted',
    ]);
  });

  test('[[ … ]], also in a $(…) inside it, but not [ … ]', () => {
    assert.deepEqual(spots('[[ @ -eq 1 ]] && [[ $(echo @) == a ]]; [ @ = a ]'), [
      'refused: inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])',
      'refused: inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])',
      'unquoted',
    ]);
  });

  test('$(…) inside a refused context is refused too', () => {
    assert.deepEqual(spots('echo $(( $(echo @) ))'), ['refused: inside shell arithmetic ($((…)) or ((…)))']);
  });

  test('the word after >& or <&, quoted or not: bash expands it a second time when it is not a number', () => {
    const dup = 'refused: in the word after >& or <& (bash expands it again when it is not a number)';
    assert.deepEqual(spots('echo a >&@ 2>& "@" <&x@ >& $(echo @) >&2 @ >&- @'), [
      dup,
      dup,
      dup,
      dup,
      'unquoted',
      'unquoted',
    ]);
    assert.deepEqual(spots('echo "a >&@" a&@ >|@'), ['double', 'unquoted', 'unquoted']);
  });

  test('right after a backslash or a $ the value would join what precedes it', () => {
    assert.deepEqual(spots('echo \\@ "\\@" $@ "$@" \'\\@$@\''), [
      'refused: right after a backslash',
      'refused: right after a backslash',
      'refused: right after $',
      'refused: right after $',
      'single',
      'single',
    ]);
  });

  test('where bash and sh end a string differently, every later placeholder is refused', () => {
    assert.deepEqual(spots("echo $'a\\'b' @"), [
      "refused: after a $'…' string with \\' (bash and sh end it differently)",
    ]);
    assert.deepEqual(spots(`echo "\${v:-'}" @`), [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
      'refused: after a quote inside "${…}" (bash and sh read it differently)',
    ]);
  });
});

test('a refusal says why and what to do', () => {
  const [spot] = placeholderSpots(['true # ', '']);
  assert.deepEqual(spot, {
    kind: 'refused',
    reason:
      'a placeholder inside a shell comment cannot be made safe (move it out, or use raw() if the value is trusted)',
  });
});
