/**
 * docs/expressions.md, "Templates" — the edges of `{{ }}` splitting and rendering: quotes and
 * escapes that hide a `}}`, when a string counts as one lone placeholder, what rendering text
 * charges to the budget, and how field paths are written in problems.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkActionParams,
  checkTemplates,
  parseTemplate,
  renderTemplateString,
  renderValue,
  StepBudget,
} from '../../../core/expr/index.ts';

const context = { event: { s: 'hey', n: 7, o: { k: 'v' }, a: [1, 'b'] } };

describe('where an expression ends', () => {
  test('an escaped quote inside a string does not end it, so a }} after it is still text', () => {
    assert.equal(renderTemplateString('<{{ "a\\"}}" }}>', context), '<a"}}>');
    assert.equal(renderTemplateString("<{{ 'a\\'}}' }}>", context), "<a'}}>");
  });

  test('single quotes hide }} too, and a double quote inside them means nothing', () => {
    assert.equal(renderTemplateString("<{{ 'x\"}}' }}>", context), '<x"}}>');
    assert.equal(renderTemplateString('<{{ "y\'}}" }}>', context), "<y'}}>");
  });

  test('a single } does not close; the first }} outside quotes does', () => {
    assert.deepEqual(parseTemplate('{{ 1 }}}'), [
      { type: 'expression', source: ' 1 ', node: { type: 'literal', value: 1 }, position: 2 },
      { type: 'text', text: '}' },
    ]);
    assert.equal(renderTemplateString('{{ 1 }}}', context), '1}');
    assert.equal(renderTemplateString('{{ "}" }}', context), '}');
  });

  test('a quoted string of several characters hides a }} inside it', () => {
    assert.equal(renderTemplateString('<{{ "ab}}" }}>', context), '<ab}}>');
    assert.equal(renderTemplateString("<{{ 'ab}}cd' }}>", context), '<ab}}cd>');
  });

  test('a single } outside quotes does not close the expression, so it is a syntax error there', () => {
    assert.throws(() => renderTemplateString('{{ 1 }x}}', context), {
      name: 'ExprSyntaxError',
      message: 'Unexpected character "}" at position 5 (line 1, column 6)',
    });
  });

  test('an empty {{ }} is refused at its {{', () => {
    assert.throws(() => parseTemplate('ab{{  }}'), {
      name: 'ExprSyntaxError',
      message: 'Empty "{{ }}" at position 2 (line 1, column 3)',
    });
  });

  test('text after the last expression and between expressions is kept', () => {
    assert.deepEqual(parseTemplate('a{{1}}b{{2}}c'), [
      { type: 'text', text: 'a' },
      { type: 'expression', source: '1', node: { type: 'literal', value: 1 }, position: 3 },
      { type: 'text', text: 'b' },
      { type: 'expression', source: '2', node: { type: 'literal', value: 2 }, position: 9 },
      { type: 'text', text: 'c' },
    ]);
    assert.deepEqual(parseTemplate('{{1}}'), [
      { type: 'expression', source: '1', node: { type: 'literal', value: 1 }, position: 2 },
    ]);
  });

  test('a parsed template handed out can be changed without changing the next parse', () => {
    const parts = parseTemplate('x{{ 1 }}');
    parts.length = 0;
    assert.equal(parseTemplate('x{{ 1 }}').length, 2);
  });
});

describe('a lone placeholder keeps its type', () => {
  test('only when there is exactly one placeholder and nothing but whitespace around it', () => {
    assert.equal(renderTemplateString('\t{{ event.n }} \n', context), 7);
    assert.equal(renderTemplateString('{{ event.n }}{{ event.n }}', context), '77');
    assert.equal(renderTemplateString('{{ event.n }} {{ event.n }}', context), '7 7');
    assert.equal(renderTemplateString('{{ event.n }}.', context), '7.');
    assert.equal(renderTemplateString('.{{ event.n }}', context), '.7');
    assert.deepEqual(renderTemplateString(' {{ event.o }}', context), { k: 'v' });
  });

  test('in shell mode a # or [[ that starts the text starts a comment or a test', () => {
    assert.throws(() => renderTemplateString('#{{ event.s }}', context, 'shell'), {
      message: /^a placeholder inside a shell comment cannot be made safe/,
    });
    assert.deepEqual(
      checkTemplates({ cmd: '[[ -n {{ event.s }} ]]' }, 'action_params', 'shell').map((p) => p.position),
      [6],
    );
  });

  test('in shell mode even a lone placeholder gives a quoted string', () => {
    assert.equal(renderTemplateString('{{ event.n }}', context, 'shell'), "'7'");
    assert.deepEqual(renderValue(['{{ event.s }}'], context, 'shell'), ["'hey'"]);
  });

  test('a value that is not a string, array or plain object is returned as it is', () => {
    assert.equal(renderValue(5, context), 5);
    assert.equal(renderValue(null, context), null);
    assert.equal(renderValue(true, context), true);
    assert.equal(renderValue(undefined, context), undefined);
    assert.deepEqual(renderValue({ a: undefined }, context), { a: undefined });
  });
});

describe('what rendering text charges', () => {
  function steps(text: string): number {
    const budget = new StepBudget();
    renderTemplateString(text, context, 'plain', budget);
    return budget.used;
  }

  test('literal text costs its length; a placeholder its nodes and the text it writes', () => {
    // "ab" + "cd" (4), 2 nodes, "hey" (3).
    assert.equal(steps('ab{{ event.s }}cd'), 4 + 2 + 3);
    // A number is written without a charge beyond its nodes.
    assert.equal(steps('ab{{ event.n }}'), 2 + 2);
    // An object is charged as string() charges it: 1, then 20 + 1 for the key "k", 1 + 1 for "v".
    assert.equal(steps('ab{{ event.o }}'), 2 + 2 + 1 + 21 + 2);
    // null writes nothing and costs nothing beyond its nodes.
    assert.equal(steps('ab{{ null }}'), 2 + 1);
  });

  test('a lone placeholder costs only its evaluation', () => {
    assert.equal(steps('{{ event.s }}'), 2);
  });

  test('text without {{ costs nothing', () => {
    assert.equal(steps('plain text'), 0);
  });
});

describe('field paths in problems', () => {
  test('identifier-like keys are joined with a dot, others are quoted in brackets', () => {
    const broken = '{{';
    const fields = checkTemplates({
      a_1: broken,
      'b-c': broken,
      _d: broken,
      '1e': broken,
      'f g': broken,
      '': broken,
    }).map((problem) => problem.field);
    assert.deepEqual(
      fields.sort(),
      [
        'action_params["1e"]',
        'action_params[""]',
        'action_params["f g"]',
        'action_params._d',
        'action_params.a_1',
        'action_params.b-c',
      ].sort(),
    );
  });

  test('a parameter the schema names without a definition is checked as plain text', () => {
    assert.deepEqual(checkActionParams({ cmd: '# {{ "x" }}' }, { cmd: undefined }), []);
  });

  test('checkActionParams names each parameter and checks only shell ones as shell code', () => {
    const params = { cmd: 'echo {{ "x" }} # {{ "y" }}', note: 'echo # {{ "y" }}', 'my-cmd': 'a `{{ "z" }}`' };
    const problems = checkActionParams(params, {
      cmd: { shell: true },
      note: { shell: false },
      'my-cmd': { shell: true },
    });
    assert.deepEqual(
      problems.map((p) => [p.field, p.position]),
      [
        ['action_params.cmd', 17],
        ['action_params.my-cmd', 3],
      ],
    );
  });
});
