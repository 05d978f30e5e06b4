/**
 * docs/expressions.md, "The language" — templates in action_params: `{{ expr }}` with the expression language. A value that
 * is exactly one `{{ … }}` keeps the JSON type of the result; mixed text gives a string; nested
 * objects and arrays are rendered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkTemplates,
  ExprEvalError,
  ExprSyntaxError,
  parseTemplate,
  renderTemplateString,
  renderValue,
} from '../../../core/expr/index.ts';

const context = {
  event: {
    id: 3,
    trigger: 'core.webhook',
    trigger_ref: 'core.webhook',
    payload: { user: { id: 7, name: 'Ann' }, tags: ['a', 'b'], ok: true, none: null },
    created: '2025-01-02T03:04:05.000Z',
  },
  pack: { config: { base_url: 'https://example.test', retries: 2 } },
  system: { timestamp: '2025-01-02T03:04:06.000Z', rule: { ref: 'local.notify' } },
};

describe('whole-value templates keep their type', () => {
  test('a lone {{ }} holding a number gives a number', () => {
    assert.equal(renderTemplateString('{{ event.payload.user.id }}', context), 7);
  });

  test('surrounding whitespace does not turn the value into a string', () => {
    assert.equal(renderTemplateString('  {{ event.payload.user.id }}\n', context), 7);
    assert.equal(renderTemplateString('{{event.payload.user.id}}', context), 7);
  });

  test('booleans, arrays and objects keep their type', () => {
    assert.equal(renderTemplateString('{{ event.payload.ok }}', context), true);
    assert.deepEqual(renderTemplateString('{{ event.payload.tags }}', context), ['a', 'b']);
    assert.deepEqual(renderTemplateString('{{ event.payload.user }}', context), { id: 7, name: 'Ann' });
  });

  test('a missing value gives null', () => {
    assert.equal(renderTemplateString('{{ event.payload.nothing.here }}', context), null);
    assert.equal(renderTemplateString('{{ event.payload.none }}', context), null);
  });

  test('every namespace of the template context is readable', () => {
    assert.equal(renderTemplateString('{{ pack.config.retries }}', context), 2);
    assert.equal(renderTemplateString('{{ system.rule.ref }}', context), 'local.notify');
    assert.equal(renderTemplateString('{{ system.timestamp }}', context), '2025-01-02T03:04:06.000Z');
    assert.equal(renderTemplateString('{{ event.trigger }}', context), 'core.webhook');
  });
});

describe('mixed text gives a string', () => {
  test('values are interpolated into the text', () => {
    assert.equal(
      renderTemplateString('{{ pack.config.base_url }}/users/{{ event.payload.user.id }}', context),
      'https://example.test/users/7',
    );
  });

  test('strings are raw, null is empty, numbers and booleans use their plain form', () => {
    assert.equal(
      renderTemplateString(
        'name={{ event.payload.user.name }} none={{ event.payload.none }} ok={{ event.payload.ok }} n={{ 2.5 }}',
        context,
      ),
      'name=Ann none= ok=true n=2.5',
    );
  });

  test('objects and arrays are written as JSON', () => {
    assert.equal(
      renderTemplateString('user: {{ event.payload.user }} tags: {{ event.payload.tags }}', context),
      'user: {"id":7,"name":"Ann"} tags: ["a","b"]',
    );
  });

  test('two templates side by side give a string', () => {
    assert.equal(renderTemplateString('{{ 1 }}{{ 2 }}', context), '12');
  });

  test('text without templates is returned unchanged', () => {
    assert.equal(renderTemplateString('plain text } { }}', context), 'plain text } { }}');
    assert.equal(renderTemplateString('', context), '');
  });

  test('}} inside a quoted string does not close the template', () => {
    assert.equal(renderTemplateString('a{{ "}}" }}b', context), 'a}}b');
    assert.equal(renderTemplateString('{{ "{{" }} literal', context), '{{ literal');
  });
});

describe('rendering nested values', () => {
  test('strings inside objects and arrays are rendered; keys are not', () => {
    const params = {
      url: '{{ pack.config.base_url }}/hook',
      body: {
        user: '{{ event.payload.user.id }}',
        '{{ key }}': 'kept',
        tags: ['{{ event.payload.tags[0] }}', 'x'],
      },
      count: 5,
      flag: false,
      nothing: null,
    };
    assert.deepEqual(renderValue(params, context), {
      url: 'https://example.test/hook',
      body: { user: 7, '{{ key }}': 'kept', tags: ['a', 'x'] },
      count: 5,
      flag: false,
      nothing: null,
    });
  });

  test('rendering does not change the input', () => {
    const params = { a: ['{{ event.id }}'] };
    renderValue(params, context);
    assert.deepEqual(params, { a: ['{{ event.id }}'] });
  });

  test('an evaluation failure surfaces as ExprEvalError', () => {
    assert.throws(
      () => renderValue({ a: '{{ nope }}' }, context),
      (err: unknown) => {
        assert.ok(err instanceof ExprEvalError);
        assert.equal(err.message, 'Unknown variable: nope');
        return true;
      },
    );
  });
});

describe('template syntax', () => {
  test('parseTemplate splits literal text and expressions with their offsets', () => {
    const parts = parseTemplate('Hi {{ name }}!');
    assert.equal(parts.length, 3);
    assert.deepEqual(parts[0], { type: 'text', text: 'Hi ' });
    assert.equal(parts[1]?.type, 'expression');
    if (parts[1]?.type === 'expression') {
      assert.equal(parts[1].source, ' name ');
      assert.equal(parts[1].position, 5);
      assert.deepEqual(parts[1].node, { type: 'variable', name: 'name' });
    }
    assert.deepEqual(parts[2], { type: 'text', text: '!' });
  });

  test('an unclosed {{ is a syntax error at its position', () => {
    assert.throws(
      () => parseTemplate('Hello {{ event.id'),
      (err: unknown) => {
        assert.ok(err instanceof ExprSyntaxError);
        assert.equal(err.position, 6);
        assert.equal(err.message, 'Unclosed "{{" (no matching "}}") at position 6 (line 1, column 7)');
        return true;
      },
    );
  });

  test('an error inside an expression is positioned in the whole text', () => {
    assert.throws(
      () => parseTemplate('line one\nid={{ event.id + }}'),
      (err: unknown) => {
        assert.ok(err instanceof ExprSyntaxError);
        assert.equal(err.position, 26);
        assert.equal(err.message, 'Unexpected end of expression at position 26 (line 2, column 18)');
        return true;
      },
    );
  });

  test('an empty {{ }} is a syntax error', () => {
    assert.throws(() => parseTemplate('a {{  }} b'), { name: 'ExprSyntaxError', position: 2 });
  });

  test('an unknown function in a template is refused without evaluating', () => {
    assert.throws(() => parseTemplate('{{ fetch(1) }}'), { name: 'ExprSyntaxError', position: 3 });
  });
});

describe('checkTemplates', () => {
  test('valid templates give no problems and are not evaluated', () => {
    assert.deepEqual(checkTemplates({ a: '{{ undefined_variable.x }}', b: [1, '{{ 1 / 0 }}'] }), []);
  });

  test('every broken template is reported with its field path and position', () => {
    const params = {
      url: 'https://x/{{ event.id',
      headers: { Authorization: 'Bearer {{ pack.config.token + }}', 'Content-Type': 'json' },
      items: ['ok', '{{ a }}', '{{ nope(1) }}'],
      'odd key': '{{ ) }}',
    };
    assert.deepEqual(checkTemplates(params), [
      {
        field: 'action_params.url',
        message: 'Unclosed "{{" (no matching "}}") at position 10 (line 1, column 11)',
        position: 10,
      },
      {
        field: 'action_params.headers.Authorization',
        message: 'Unexpected end of expression at position 30 (line 1, column 31)',
        position: 30,
      },
      {
        field: 'action_params.items[2]',
        message: 'Unknown function "nope" at position 3 (line 1, column 4)',
        position: 3,
      },
      {
        field: 'action_params["odd key"]',
        message: 'Unexpected ")" at position 3 (line 1, column 4)',
        position: 3,
      },
    ]);
  });

  test('the root field name can be chosen and a bare string is checked too', () => {
    assert.deepEqual(checkTemplates('{{', 'body'), [
      {
        field: 'body',
        message: 'Unclosed "{{" (no matching "}}") at position 0 (line 1, column 1)',
        position: 0,
      },
    ]);
    assert.deepEqual(checkTemplates(42), []);
    assert.deepEqual(checkTemplates(null), []);
  });
});
