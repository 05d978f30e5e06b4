/**
 * docs/expressions.md, "The language" — properties of the expression language checked on random inputs with fast-check:
 * printing and parsing round-trip, equality is reflexive and symmetric, `x in [x]`,
 * `(not not x) == bool(x)`, evaluation only ever fails with ExprEvalError and finishes quickly,
 * and no member path reaches a function or touches Object.prototype.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ExprNode, FunctionName } from '../../../core/expr/index.ts';
import {
  ExprEvalError,
  evaluateExpression,
  FUNCTION_NAMES,
  parseExpression,
  printExpression,
} from '../../../core/expr/index.ts';
import { run } from './helpers.ts';

const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in']);
const BINARY = ['or', 'and', '==', '!=', '<', '>', '<=', '>=', 'in', '+', '-', '*', '/', '%'] as const;

const identifier = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).filter((name) => !KEYWORDS.has(name));
const memberName = fc.oneof(identifier, fc.constantFrom(...KEYWORDS, '__proto__', 'constructor'));
/** Literals are never negative: `-5` parses as unary minus applied to 5. */
const numberLiteral = fc.oneof(
  fc.nat(1000),
  fc.double({ min: 0, max: 1e300, noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)),
);
const literal = fc
  .oneof(fc.constant(null), fc.boolean(), numberLiteral, fc.string({ unit: 'binary', maxLength: 8 }))
  .map((value): ExprNode => ({ type: 'literal', value }));

/** Random trees; `variables` and `functions` choose what names they may use. */
function exprArbitrary(
  variables: fc.Arbitrary<string>,
  functions: readonly FunctionName[],
): fc.Arbitrary<ExprNode> {
  return fc.letrec<{ node: ExprNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthSize: 'small' },
      literal,
      variables.map((name): ExprNode => ({ type: 'variable', name })),
      fc.array(tie('node'), { maxLength: 3 }).map((elements): ExprNode => ({ type: 'array', elements })),
      fc.tuple(tie('node'), memberName).map(([object, name]): ExprNode => ({ type: 'member', object, name })),
      fc
        .tuple(tie('node'), tie('node'))
        .map(([object, index]): ExprNode => ({ type: 'index', object, index })),
      fc
        .tuple(fc.constantFrom(...functions), fc.array(tie('node'), { maxLength: 3 }))
        .map(([name, args]): ExprNode => ({ type: 'call', name, args })),
      fc
        .tuple(fc.constantFrom('not' as const, '-' as const), tie('node'))
        .map(([op, operand]): ExprNode => ({ type: 'unary', op, operand })),
      fc
        .tuple(fc.constantFrom(...BINARY), tie('node'), tie('node'))
        .map(([op, left, right]): ExprNode => ({ type: 'binary', op, left, right })),
    ),
  })).node;
}

describe('printing and parsing', () => {
  test('parsing the printed form of any tree gives the same tree', () => {
    // match() is left out: a literal pattern is validated at parse time and may be refused.
    const functions = FUNCTION_NAMES.filter((name) => name !== 'match');
    fc.assert(
      fc.property(exprArbitrary(identifier, functions), (ast) => {
        const printed = printExpression(ast);
        assert.deepStrictEqual(parseExpression(printed), ast, printed);
      }),
      { numRuns: 500 },
    );
  });

  test('printing is stable: a reparsed tree prints the same text', () => {
    fc.assert(
      fc.property(exprArbitrary(identifier, ['length', 'sum']), (ast) => {
        const printed = printExpression(ast);
        assert.equal(printExpression(parseExpression(printed)), printed);
      }),
      { numRuns: 200 },
    );
  });
});

describe('equality and truthiness laws', () => {
  test('every JSON value equals itself and a deep copy of itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        assert.equal(run('a == a', { a: value }), true);
        assert.equal(run('a == b', { a: value, b: structuredClone(value) }), true);
        assert.equal(run('a != b', { a: value, b: structuredClone(value) }), false);
      }),
    );
  });

  test('equality is symmetric and != is its negation', () => {
    const pair = fc.oneof(
      fc.tuple(fc.jsonValue(), fc.jsonValue()),
      fc.jsonValue().map((v) => [v, structuredClone(v)] as const),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const ab = run('a == b', { a, b });
        assert.equal(run('b == a', { a, b }), ab);
        assert.equal(run('a != b', { a, b }), !ab);
      }),
    );
  });

  test('x in [x] holds for every JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (x) => assert.equal(run('x in [x]', { x }), true)));
  });

  test('(not not x) == bool(x) holds for every JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (x) => assert.equal(run('(not not x) == bool(x)', { x }), true)));
  });
});

describe('robustness', () => {
  test('evaluating a random tree only ever throws ExprEvalError', () => {
    const variables = fc.constantFrom('event', 'x', 'nope', 'constructor', '__proto__');
    fc.assert(
      fc.property(
        exprArbitrary(variables, FUNCTION_NAMES),
        fc.jsonValue(),
        fc.jsonValue(),
        (ast, payload, x) => {
          const context = { event: { id: 1, payload }, x };
          try {
            evaluateExpression(ast, context);
          } catch (err) {
            if (!(err instanceof ExprEvalError)) {
              assert.fail(`${printExpression(ast)} threw ${String(err)}`);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('parsing random text only ever throws ExprSyntaxError', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .array(
          fc.constantFrom(
            '(',
            ')',
            '[',
            ']',
            '"',
            "'",
            '.',
            ',',
            '-',
            'not',
            'a',
            '1',
            '==',
            'in',
            ' ',
            '\\',
          ),
          {
            maxLength: 30,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (source) => {
        try {
          parseExpression(source);
        } catch (err) {
          assert.equal(
            (err as Error).name,
            'ExprSyntaxError',
            `${JSON.stringify(source)} threw ${String(err)}`,
          );
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('no way out of the data', () => {
  let getterCalls = 0;
  class Secret {
    token = 'shh';
    reveal(): string {
      return this.token;
    }
  }
  const hostile = {
    fn: () => 1,
    obj: {
      f() {
        return 2;
      },
      inst: new Secret(),
      list: [() => 3, { g: Math }, 1, new Date(0)],
      nested: { deeper: { h: Function } },
    },
    withGetter: Object.defineProperty({}, 'g', {
      enumerable: true,
      get() {
        getterCalls++;
        return () => 4;
      },
    }),
    arr: [[() => 5]],
    proto: JSON.parse('{"__proto__": {"constructor": {"prototype": 1}}}') as unknown,
  };
  const names = [
    'fn',
    'obj',
    'f',
    'inst',
    'token',
    'reveal',
    'list',
    'g',
    'nested',
    'deeper',
    'h',
    'withGetter',
    'arr',
    'proto',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'call',
    'apply',
    'bind',
    'length',
    'name',
    '__defineGetter__',
  ];
  type Step =
    | { kind: 'member'; name: string }
    | { kind: 'index'; index: ExprNode }
    | { kind: 'call'; name: FunctionName };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constantFrom(...names).map((name): Step => ({ kind: 'member', name })),
    fc
      .oneof(fc.integer({ min: -4, max: 4 }), fc.constantFrom(...names))
      .map((value): Step => ({ kind: 'index', index: { type: 'literal', value } })),
    fc
      .constantFrom<FunctionName>('values', 'keys', 'flat', 'reversed', 'merge', 'unique', 'sort')
      .map((name): Step => ({ kind: 'call', name })),
  );

  function buildPath(root: string, steps: readonly Step[]): ExprNode {
    let node: ExprNode = { type: 'variable', name: root };
    for (const s of steps) {
      if (s.kind === 'member') node = { type: 'member', object: node, name: s.name };
      else if (s.kind === 'index') node = { type: 'index', object: node, index: s.index };
      else node = { type: 'call', name: s.name, args: s.name === 'merge' ? [node, node] : [node] };
    }
    return node;
  }

  test('no random member path ever returns a function, a class instance or runs a getter', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(fc.array(step, { maxLength: 6 }), (steps) => {
        const ast = buildPath('hostile', steps);
        let result: unknown;
        try {
          result = evaluateExpression(ast, { hostile });
        } catch (err) {
          assert.ok(err instanceof ExprEvalError, `${printExpression(ast)} threw ${String(err)}`);
          return;
        }
        assert.notEqual(typeof result, 'function', printExpression(ast));
        if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
          const proto = Object.getPrototypeOf(result);
          assert.ok(
            proto === Object.prototype || proto === null,
            `${printExpression(ast)} gave a non-plain object`,
          );
        }
      }),
      { numRuns: 2000 },
    );
    assert.equal(getterCalls, 0);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
  });
});
