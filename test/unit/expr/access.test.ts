/**
 * docs/expressions.md, "The language" — variables, member access and indexing: unknown variables are errors, missing
 * members are null, negative indexes count from the end, and there is no prototype access.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileExpression } from '../../../core/expr/index.ts';
import { assertEvalError, run } from './helpers.ts';

const event = {
  id: 12,
  trigger: 'core.webhook',
  trigger_ref: 'core.webhook',
  payload: { user: { id: 7, name: 'Ann', roles: ['admin', 'dev'] }, items: [10, 20, 30], 'x-id': 'abc' },
  created: '2025-01-02T03:04:05.000Z',
};
const ctx = { event };

describe('variables', () => {
  test('a top-level name reads the context', () => {
    assert.equal(run('event.id', ctx), 12);
    assert.deepEqual(run('event', ctx), event);
  });

  test('an unknown top-level name is an evaluation error naming it', () => {
    assertEvalError('foo', 'Unknown variable: foo', ctx);
    assertEvalError('evnt.payload', 'Unknown variable: evnt', ctx);
  });

  test('inherited names of the context object are unknown variables', () => {
    assertEvalError('constructor', 'Unknown variable: constructor', ctx);
    assertEvalError('toString', 'Unknown variable: toString', ctx);
    assertEvalError('hasOwnProperty', 'Unknown variable: hasOwnProperty', ctx);
  });

  test('a context variable holding undefined reads as null', () => {
    assert.equal(run('x', { x: undefined }), null);
  });
});

describe('member access', () => {
  test('dots read nested object members', () => {
    assert.equal(run('event.payload.user.name', ctx), 'Ann');
  });

  test('a missing member is null, and so is every member after it', () => {
    assert.equal(run('event.payload.missing', ctx), null);
    assert.equal(run('event.payload.a.b.c', ctx), null);
    assert.equal(run('e.payload.a.b.c', { e: { payload: {} } }), null);
  });

  test('a member of null, a number, a string or a bool is null', () => {
    assert.equal(run('null.x'), null);
    assert.equal(run('event.id.x', ctx), null);
    assert.equal(run('event.trigger.length', ctx), null);
    assert.equal(run('true.x'), null);
  });

  test('arrays have no members, not even length', () => {
    assert.equal(run('event.payload.items.length', ctx), null);
    assert.equal(run('length(event.payload.items)', ctx), 3);
  });

  test('a member that exists with the value null is null', () => {
    assert.equal(run('a.b', { a: { b: null } }), null);
  });

  test('bracket access with a string reads keys that are not identifiers', () => {
    assert.equal(run('event.payload["x-id"]', ctx), 'abc');
    assert.equal(run("event['payload']['user']['id']", ctx), 7);
  });

  test('a computed key can come from another value', () => {
    assert.equal(run('map[key]', { map: { a: 1, b: 2 }, key: 'b' }), 2);
    assert.equal(run('map[event.payload.nothing]', { map: { a: 1 }, event }), null);
  });
});

describe('indexing', () => {
  test('an integer index reads an array element', () => {
    assert.equal(run('event.payload.items[0]', ctx), 10);
    assert.equal(run('event.payload.user.roles[1]', ctx), 'dev');
  });

  test('a negative index counts from the end', () => {
    assert.equal(run('event.payload.items[-1]', ctx), 30);
    assert.equal(run('event.payload.items[-3]', ctx), 10);
    assert.equal(run('[1, 2, 3][-2]'), 2);
  });

  test('an index out of range is null', () => {
    assert.equal(run('event.payload.items[3]', ctx), null);
    assert.equal(run('event.payload.items[-4]', ctx), null);
    assert.equal(run('[][0]'), null);
  });

  test('a fractional, string or null index of an array is null', () => {
    assert.equal(run('event.payload.items[1.5]', ctx), null);
    assert.equal(run('event.payload.items["0"]', ctx), null);
    assert.equal(run('event.payload.items[null]', ctx), null);
  });

  test('indexing a string gives one character, counting code points', () => {
    assert.equal(run('"héllo"[1]'), 'é');
    assert.equal(run('"a😀b"[1]'), '😀');
    assert.equal(run('"abc"[-1]'), 'c');
    assert.equal(run('"abc"[5]'), null);
  });

  test('indexing null or a number is null', () => {
    assert.equal(run('null[0]'), null);
    assert.equal(run('event.id[0]', ctx), null);
  });

  test('indexes chain with members', () => {
    const data = { users: [{ name: 'Alice' }, { name: 'Bob' }] };
    assert.equal(run('data.users[1].name', { data }), 'Bob');
    assert.equal(run('data.users[-1]["name"]', { data }), 'Bob');
  });
});

describe('no prototype access', () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();

  test('inherited and prototype names of an object are null', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.equal(run(`event.payload.${name}`, ctx), null, name);
      assert.equal(run(`event["${name}"]`, ctx), null, name);
    }
  });

  test('chains through prototype names stay null', () => {
    assert.equal(run('event.payload.constructor.constructor', ctx), null);
    assert.equal(run('event.__proto__.__proto__', ctx), null);
    assert.equal(run('event["constructor"]["prototype"]', ctx), null);
  });

  test('values built by functions expose no prototype either', () => {
    assert.equal(run('keys(event).constructor', ctx), null);
    assert.equal(run('keys(event)["constructor"]', ctx), null);
    assert.equal(run('merge(event, event).constructor', ctx), null);
    assert.equal(run('"abc".constructor'), null);
  });

  test('an own __proto__ key from parsed JSON is an ordinary member', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    assert.deepEqual(run('p.__proto__', { p: payload }), { polluted: true });
    assert.equal(run('"__proto__" in p', { p: payload }), true);
    assert.equal(run('merge(p, q).__proto__.polluted', { p: payload, q: {} }), true);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });

  test('functions, class instances and getters in the context never surface', () => {
    let getterRan = false;
    const withGetter = Object.defineProperty({}, 'secret', {
      enumerable: true,
      get: () => {
        getterRan = true;
        return 'leaked';
      },
    });
    class Thing {
      field = 1;
    }
    const context = { o: { f: () => 1, inst: new Thing(), withGetter, map: new Map([['a', 1]]) } };
    assert.equal(run('o.f', context), null);
    assert.equal(run('o.inst', context), null);
    assert.equal(run('o.inst.field', context), null);
    assert.equal(run('o.withGetter.secret', context), null);
    assert.equal(run('o.map.a', context), null);
    assert.equal(getterRan, false);
  });

  test('non-enumerable own properties are not members', () => {
    const o = Object.defineProperty({}, 'hidden', { value: 1, enumerable: false });
    assert.equal(run('o.hidden', { o }), null);
  });

  test('a Date reads as its ISO string and a bigint as a number', () => {
    assert.equal(run('r.at', { r: { at: new Date('2025-01-02T03:04:05Z') } }), '2025-01-02T03:04:05.000Z');
    assert.equal(run('r.n + 1', { r: { n: 41n } }), 42);
  });

  test('no evaluation changes Object.prototype', () => {
    compileExpression('event.payload.__proto__.polluted')(ctx);
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), before);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
