/** docs/renderer.md "Opening": what the address bar's fragment says. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOpeningHash } from '../../../renderer/src/domain/opening.ts';

test('the printed link carries the token and opens the dashboard', () => {
  assert.deepEqual(parseOpeningHash('#token=abc_DEF-123'), { token: 'abc_DEF-123', route: '/' });
});

test('a token link may name the route to open', () => {
  assert.deepEqual(parseOpeningHash('#token=t0k&route=/events/12'), { token: 't0k', route: '/events/12' });
});

test('a hash route is a route, not a token', () => {
  assert.deepEqual(parseOpeningHash('#/rules/local.x'), { token: null, route: '/rules/local.x' });
  assert.deepEqual(parseOpeningHash(''), { token: null, route: '/' });
});

test('a token with characters a base64url token never has is ignored', () => {
  assert.equal(parseOpeningHash('#token=a%20b').token, null);
  assert.equal(parseOpeningHash('#token=').token, null);
});

test('a route that is not a path is ignored', () => {
  assert.equal(parseOpeningHash('#token=t&route=https://evil.example').route, '/');
});
