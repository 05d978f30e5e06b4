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
