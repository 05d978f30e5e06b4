/** The shared least-recently-used cache behind the expression, regex, template and timer caches. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from '../../../core/util/lru.ts';

test('the cache is bounded and drops the least recently used entry', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1);
  cache.set('c', 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});

test('setting a key again replaces its value without growing the cache', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('a', 2);
  assert.equal(cache.size, 1);
  assert.equal(cache.get('a'), 2);
  cache.clear();
  assert.equal(cache.size, 0);
});

test('setting a key again makes it the most recently used', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  cache.set('a', 3);
  cache.set('c', 4);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 3);
  assert.equal(cache.get('c'), 4);
});

test('looking up a missing key adds nothing and changes no order', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  assert.equal(cache.get('x'), undefined);
  assert.equal(cache.size, 1);
  cache.set('b', 2);
  cache.set('c', 3);
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.size, 2);
});

test('a cache holds exactly its bound, and a bound of zero holds nothing', () => {
  const cache = new LruCache<number, number>(3);
  for (let i = 0; i < 3; i++) cache.set(i, i);
  assert.equal(cache.size, 3);
  assert.equal(cache.get(0), 0);
  const none = new LruCache<string, number>(0);
  none.set('a', 1);
  assert.equal(none.size, 0);
  assert.equal(none.get('a'), undefined);
});
