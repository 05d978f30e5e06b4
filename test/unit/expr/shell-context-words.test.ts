/**
 * docs/expressions.md, "Shell commands" — how the shell lexer follows words: which word is a
 * command name (where `case`, `[[` and `((` are keywords), where a `case` statement's subject,
 * patterns and bodies are, and where a word ends.
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

const TEST = 'refused: inside [[ … ]] (bash may evaluate it as arithmetic; use [ … ])';
const ARITH = 'refused: inside shell arithmetic ($((…)) or ((…)))';

describe('command names', () => {
  test('[[ is a keyword where a command name is read: first, and after each keyword that keeps that place', () => {
    for (const before of [
      '',
      '! ',
      '{ ',
      'if ',
      'then ',
      'do ',
      'else ',
      'elif ',
      'while ',
      'until ',
      'time ',
    ]) {
      assert.deepEqual(spots(`${before}[[ @ ]]`), [TEST], before);
    }
  });

  test('after any other word [[ is an argument, and so is a quoted or escaped keyword', () => {
    for (const before of ['echo ', 'iff ', 'fi ', 'done ', '"if" ', "'if' ", '\\if ', 'i"f" ', '$if ']) {
      assert.deepEqual(spots(`${before}[[ @ ]]`), ['unquoted'], before);
    }
  });

  test('an assignment keeps the place of the command name', () => {
    for (const before of ['x=1 ', 'abc_9=1 ', 'x+=1 ', '_=1 ', 'X= ', 'a=1 b=2 ', 'x==1 ']) {
      assert.deepEqual(spots(`${before}[[ @ ]]`), [TEST], before);
    }
    for (const before of ['9x=1 ', 'a-b=1 ', '=1 ', 'a.b=1 ', 'x+1=1 ', 'ab+ ', 'é=1 ']) {
      assert.deepEqual(spots(`${before}[[ @ ]]`), ['unquoted'], before);
    }
  });

  test('a command name comes again after ; & | && || a newline ( and $(', () => {
    for (const sep of [';', '&', '|', '&&', '||', '\n', '(', '$(', ';;']) {
      assert.deepEqual(spots(`echo a${sep}[[ @ ]]`), [TEST], JSON.stringify(sep));
    }
  });

  test('a placeholder or a here-document delimiter right after < or > is a word: a & or | after it ends the command', () => {
    assert.deepEqual(spots('echo a >@& [[ @ ]]'), ['unquoted', TEST]);
    assert.deepEqual(spots('echo a <@| [[ @ ]]'), ['unquoted', TEST]);
    assert.deepEqual(spots('cat <<EOF|[[ @ ]]\nx\nEOF'), [TEST]);
    assert.deepEqual(spots('cat <<-EOF&[[ @ ]]\nx\nEOF'), [TEST]);
  });

  test('a tab separates words like a blank; a quoted or expanded name is no assignment', () => {
    assert.deepEqual(spots('if\t[[ @ ]]'), [TEST]);
    assert.deepEqual(spots('"x"=1 [[ @ ]]'), ['unquoted']);
    assert.deepEqual(spots('$x=1 [[ @ ]]'), ['unquoted']);
  });

  test('a process substitution and a subshell start with a command name', () => {
    assert.deepEqual(spots('cat <([[ @ ]])'), [TEST]);
    assert.deepEqual(spots('echo a; ([[ @ ]])'), [TEST]);
  });

  test('(( … )) inside $(…) leaves the ) of $(…) to close it; a stray ) at the top closes nothing', () => {
    assert.deepEqual(spots('echo "$( (( 1 )) ; echo ) @"'), ['double']);
    assert.deepEqual(spots('echo a ) @'), ['unquoted']);
  });

  test('but not after a redirection that ends in & or |, nor after a blank', () => {
    assert.deepEqual(spots('echo a >&2 [[ @ ]]'), ['unquoted']);
    assert.deepEqual(spots('echo a >|f [[ @ ]]'), ['unquoted']);
    assert.deepEqual(spots('echo a <&0 [[ @ ]]'), ['unquoted']);
    assert.deepEqual(spots('echo  \t [[ @ ]]'), ['unquoted']);
  });

  test('(( is arithmetic only where a command name is read; elsewhere ( and ( are two parentheses', () => {
    assert.deepEqual(spots('(( @ ))'), [ARITH]);
    assert.deepEqual(spots('if (( @ )); then :; fi'), [ARITH]);
    assert.deepEqual(spots('x=$(echo a ((b)) @)'), ['unquoted']);
    assert.deepEqual(spots('( (echo @) ) @'), ['unquoted', 'unquoted']);
  });

  test('after (( … )) the next word is an argument', () => {
    assert.deepEqual(spots('(( 1 )) [[ @ ]]'), ['unquoted']);
  });
});

describe('case statements', () => {
  test('the subject and the patterns are ordinary words; a body is a command', () => {
    assert.deepEqual(spots('case @ in @) echo @;; (@|b) [[ @ ]];; esac'), [
      'unquoted',
      'unquoted',
      'unquoted',
      'unquoted',
      TEST,
    ]);
  });

  test('`in` is found after the subject, whatever the subject is', () => {
    assert.deepEqual(spots('case in in [[) [[ @ ]];; esac'), [TEST]);
    assert.deepEqual(spots('case esac in [[) @;; esac [[ @ ]]'), ['unquoted', 'unquoted']);
  });

  test('a pattern after ;; is a word even where a command name could be', () => {
    assert.deepEqual(spots('case a in a) :;; [[) @;; esac'), ['unquoted']);
  });

  test('&& and || inside a body do not end it', () => {
    assert.deepEqual(spots('case a in a) true && [[ @ ]] || :;; esac'), [TEST]);
  });

  test('esac as an argument in a body does not end the case', () => {
    assert.deepEqual(spots('"$(case a in a) echo esac;; b) echo @;; esac) @"'), ['unquoted', 'double']);
  });

  test('after esac the next word is an argument', () => {
    assert.deepEqual(spots('case a in a) :;; esac [[ @ ]]'), ['unquoted']);
    assert.deepEqual(spots('case a in a) :; esac [[ @ ]]'), ['unquoted']);
  });

  test('esac as a pattern word ends the case; as an argument in a body it does not', () => {
    assert.deepEqual(spots('"$(case a in a) echo esac;; esac) @"'), ['double']);
    assert.deepEqual(spots('"$(case a in (a) echo esac ) ;; esac) @"'), ['double']);
  });

  test(';& and ;;& also end a body, and the next ) ends a pattern', () => {
    assert.deepEqual(spots('"$(case a in a) :;& b) :;;& c) echo @;; esac) @"'), ['unquoted', 'double']);
  });

  test('nested case statements each end at their own esac', () => {
    assert.deepEqual(spots('"$(case a in a) case b in b) :;; esac;; c) @;; esac) @"'), [
      'unquoted',
      'double',
    ]);
  });

  test('inside a pattern ( opens nothing', () => {
    assert.deepEqual(spots('"$(case a in (a) echo @;; esac) @"'), ['unquoted', 'double']);
  });
});

describe('bash arrays', () => {
  const LOST = 'refused: after an operator inside a bash array (bash skips the rest of that line)';

  test('the words of name=(…) are data, even keywords; after its ) a command name comes', () => {
    assert.deepEqual(spots('v=(a @ "@" case [[ @\nesac @) [[ @ ]]'), [
      'unquoted',
      'double',
      'unquoted',
      'unquoted',
      TEST,
    ]);
    assert.deepEqual(spots('v+=(a) @; declare -a w=(b) [[ @ ]]'), ['unquoted', TEST]);
  });

  test('an operator inside an array refuses every later placeholder: bash reads on at the next line, maybe inside a value', () => {
    for (const op of [';', '&', '|', '<', '>', '(', ';;']) {
      assert.deepEqual(spots(`v=(a${op} b) @\necho @`), [LOST, LOST], op);
    }
    assert.deepEqual(spots('v=(@ ;) @'), ['unquoted', LOST]);
  });

  test('= and ( apart, quoted or in a case pattern open no array', () => {
    assert.deepEqual(spots('v= (echo; @)'), ['unquoted']);
    assert.deepEqual(spots('v"="(echo; @)'), ['unquoted']);
    assert.deepEqual(spots('"$(case a in (v=) echo ; @;; esac) @"'), ['unquoted', 'double']);
  });
});

describe('where a word starts', () => {
  const COMMENT = 'refused: inside a shell comment';

  test('after ( ) < > and a newline a word starts, so # there begins a comment', () => {
    assert.deepEqual(spots('(echo a)#c @'), [COMMENT]);
    assert.deepEqual(spots('echo a>#b @'), [COMMENT]);
    assert.deepEqual(spots('echo a<#b @'), [COMMENT]);
    assert.deepEqual(spots('echo a\n#@'), [COMMENT]);
    assert.deepEqual(spots('v=(# x @\na) @'), [COMMENT, 'unquoted']);
    assert.deepEqual(spots('v=(a)#c @'), [COMMENT]);
  });

  test('> and < end the word before them', () => {
    assert.deepEqual(spots('x=1>f [[ @ ]]'), ['unquoted']);
  });
});
