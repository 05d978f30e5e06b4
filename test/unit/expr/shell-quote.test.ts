/**
 * docs/expressions.md, "Shell commands" — `shell_quote(x)` makes any value one literal word for
 * a POSIX shell, and a template rendered for a shell parameter quotes every placeholder unless
 * it is `raw(…)`. Checked against real shells, not against our own idea of quoting.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  checkActionParams,
  checkTemplates,
  ExprEvalError,
  renderTemplateString,
  renderValue,
  shellQuote,
} from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

/** Hostile strings: each would run `touch` or change the words if it reached a shell as code. */
const HOSTILE = [
  '$(touch /tmp/attune-pwned)',
  '`touch /tmp/attune-pwned`',
  '; touch /tmp/attune-pwned',
  "'; touch /tmp/attune-pwned; '",
  '"; touch /tmp/attune-pwned; "',
  'a\ntouch /tmp/attune-pwned',
  '$IFS',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
  '${IFS}x',
  '* ? [a-z]',
  '~root',
  '\\',
  "it's",
  "''''",
  '&& | > < 2>&1',
  '!!',
  '{a,b}',
  '-n',
  '',
  '   spaced   out   ',
  'ünïcödé ✓ 🎉',
];

/** What each shell prints for `printf '%s\0' <words…>`: the words it received, split back. */
function wordsThrough(shell: string, quoted: string[]): string[] {
  const script = `printf '%s\\0' ${quoted.join(' ')}\n`;
  const out = execFileSync(shell, [], { input: script, encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

const SHELLS = ['sh', 'bash'].filter((s) => {
  try {
    execFileSync(s, ['-c', 'true']);
    return true;
  } catch {
    return false;
  }
});

describe('shell_quote', () => {
  test('quotes with POSIX single quotes; a quote inside becomes close, escaped quote, reopen', () => {
    assert.equal(run('shell_quote("abc")'), "'abc'");
    assert.equal(run('shell_quote(s)', { s: "it's" }), "'it'\\''s'");
    assert.equal(run('shell_quote("")'), "''");
  });

  test('other values are quoted as template text: null empty, numbers as written, objects as JSON', () => {
    assert.equal(run('shell_quote(null)'), "''");
    assert.equal(run('shell_quote(42)'), "'42'");
    assert.equal(run('shell_quote(true)'), "'true'");
    assert.equal(run('shell_quote(v)', { v: { a: "b'c" } }), `'{"a":"b'\\''c"}'`);
  });

  test('a NUL character is an error: no shell can pass it on', () => {
    assertEvalError('shell_quote(s)', 'shell_quote() cannot pass a NUL character to a shell', { s: 'a\0b' });
  });

  test('raw returns its argument unchanged', () => {
    assert.deepEqual(run('raw(v)', { v: [1, { a: 2 }] }), [1, { a: 2 }]);
  });

  for (const shell of SHELLS) {
    test(`${shell} receives every hostile string as exactly one word, unchanged`, () => {
      assert.deepEqual(wordsThrough(shell, HOSTILE.map(shellQuote)), HOSTILE);
    });

    test(`${shell} receives any string without NUL as one word, unchanged`, () => {
      const samples = fc.sample(
        fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
        { numRuns: 300, seed: 42 },
      );
      assert.deepEqual(wordsThrough(shell, samples.map(shellQuote)), samples);
    });
  }
});

describe('templates for a shell parameter', () => {
  const context = { event: { payload: { x: "a'; touch /tmp/p #", n: 7, none: null, list: ['a b', 'c'] } } };

  test("each placeholder becomes one quoted word; the text around it is the author's", () => {
    assert.equal(
      renderTemplateString('printf %s {{ event.payload.x }} > out', context, 'shell'),
      "printf %s 'a'\\''; touch /tmp/p #' > out",
    );
    assert.equal(
      renderTemplateString('echo {{ event.payload.none }}{{ event.payload.n }}', context, 'shell'),
      "echo '''7'",
    );
  });

  test('a lone placeholder is quoted too, and gives a string', () => {
    assert.equal(renderTemplateString('{{ event.payload.n }}', context, 'shell'), "'7'");
    assert.equal(renderTemplateString('{{ event.payload.list }}', context, 'shell'), `'["a b","c"]'`);
  });

  test('raw(…) opts out; shell_quote(…) is not quoted twice; anything else is quoted', () => {
    assert.equal(renderTemplateString('{{ raw(event.payload.x) }}', context, 'shell'), "a'; touch /tmp/p #");
    assert.equal(
      renderTemplateString('echo {{ shell_quote(event.payload.x) }}', context, 'shell'),
      "echo 'a'\\''; touch /tmp/p #'",
    );
    assert.equal(
      renderTemplateString('echo {{ raw(event.payload.x) + "" }}', context, 'shell'),
      "echo 'a'\\''; touch /tmp/p #'",
    );
  });

  test('text without placeholders is left as written', () => {
    assert.equal(renderTemplateString('ls -l | wc -l', context, 'shell'), 'ls -l | wc -l');
  });

  test('nested strings of a shell parameter are rendered the same way', () => {
    assert.deepEqual(renderValue({ argv: ['echo {{ event.payload.n }}'] }, context, 'shell'), {
      argv: ["echo '7'"],
    });
  });

  test('outside a shell parameter nothing changes: raw(x) keeps the type', () => {
    assert.equal(renderTemplateString('{{ raw(event.payload.n) }}', context), 7);
    assert.equal(renderTemplateString('echo {{ event.payload.x }}', context), "echo a'; touch /tmp/p #");
  });

  test('a NUL in a value rendered into a shell parameter fails the rendering', () => {
    assert.throws(
      () => renderTemplateString('echo {{ event.payload.s }}', { event: { payload: { s: '\0' } } }, 'shell'),
      ExprEvalError,
    );
  });
});

describe('templates for a shell parameter: quoting for the context', () => {
  const context = { event: { payload: { x: `$(touch /tmp/p) "it's" \\ \`id\``, z: 'a\0b' } } };

  test('inside "…" the value is escaped for double quotes, inside \'…\' each quote is closed and reopened', () => {
    assert.equal(
      renderTemplateString('echo "user: {{ event.payload.x }}"', context, 'shell'),
      'echo "user: \\$(touch /tmp/p) \\"it\'s\\" \\\\ \\`id\\`"',
    );
    assert.equal(
      renderTemplateString("echo 'user: {{ event.payload.x }}'", context, 'shell'),
      "echo 'user: $(touch /tmp/p) \"it'\\''s\" \\ `id`'",
    );
  });

  test('a shell_quote(…) call inside quotes is escaped like any value, so its quotes print', () => {
    assert.equal(
      renderTemplateString(
        'echo "{{ shell_quote(event.payload.x) }}"',
        { event: { payload: { x: 'a$b' } } },
        'shell',
      ),
      `echo "'a\\$b'"`,
    );
  });

  test('a placeholder where no quoting keeps data fails the rendering, with its position, before evaluating', () => {
    assert.throws(() => renderTemplateString('true # {{ event.payload.x }}', context, 'shell'), {
      name: 'ExprEvalError',
      message:
        'a placeholder inside a shell comment cannot be made safe (move it out, or use raw() if the value is trusted) at position 7 (line 1, column 8)',
    });
    assert.throws(() => renderTemplateString('cat <<EOF\n{{ 1 / 0 }}\nEOF', context, 'shell'), {
      name: 'ExprEvalError',
      message: /^a placeholder inside a here-document .* at position 10 \(line 2, column 1\)$/,
    });
  });

  test('raw(…) is the author’s text anywhere, refused contexts included', () => {
    assert.equal(
      renderTemplateString('cat <<EOF\n{{ raw(event.payload.x) }}\nEOF # {{ raw("c") }}', context, 'shell'),
      `cat <<EOF\n${context.event.payload.x}\nEOF # c`,
    );
  });

  test('a NUL in a value fails the rendering in every context', () => {
    for (const t of [
      'echo {{ event.payload.z }}',
      'echo "{{ event.payload.z }}"',
      "echo '{{ event.payload.z }}'",
    ]) {
      assert.throws(
        () => renderTemplateString(t, context, 'shell'),
        { name: 'ExprEvalError', message: /NUL/ },
        t,
      );
    }
  });

  test('outside a shell parameter quotes and comments mean nothing', () => {
    assert.equal(
      renderTemplateString('# "{{ event.payload.x }}"', context),
      `# "${context.event.payload.x}"`,
    );
  });
});

describe('checking shell parameters at save', () => {
  test('checkTemplates in shell mode reports the first refused placeholder of each string at its {{', () => {
    assert.deepEqual(
      checkTemplates({ cmd: ['echo "{{ a }}"', 'x # {{ a }} {{ b }}'] }, 'action_params', 'shell'),
      [
        {
          field: 'action_params.cmd[1]',
          message:
            'a placeholder inside a shell comment cannot be made safe (move it out, or use raw() if the value is trusted) at position 4 (line 1, column 5)',
          position: 4,
        },
      ],
    );
    assert.deepEqual(checkTemplates('x # {{ a }}', 'action_params'), []);
  });

  test('checkActionParams checks the parameters the schema marks shell: true as shell code', () => {
    const schema = { cmd: { shell: true }, note: {} };
    assert.deepEqual(
      checkActionParams({ cmd: 'cat <<E\n{{ a }}\nE', note: '# {{ a }}', other: '{{ ) }}' }, schema).map(
        (p) => [p.field, p.position],
      ),
      [
        ['action_params.cmd', 8],
        ['action_params.other', 3],
      ],
    );
    assert.deepEqual(checkActionParams({ cmd: '# {{ raw(a) }}' }, schema), []);
  });
});
