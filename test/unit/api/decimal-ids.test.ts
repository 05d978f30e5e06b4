/**
 * docs/security.md "Authentication and the local web" — whole numbers in channel inputs (ids,
 * pages, limits) are JSON numbers or strings of decimal digits; `0x10`, `1e1`, ` 16` and `+16`
 * are refused with the field named, on every door (REST, WebSocket, Electron IPC).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, type HandlerContext, handlers } from '../../../core/api/index.ts';
import { channels } from '../../../core/contract/channels.ts';

const ctx = { engine: null, publicUrl: null } as unknown as HandlerContext;

test('an id written any way but decimal digits is a validation error naming the field', async () => {
  for (const id of ['0x10', '1e1', ' 16', '16 ', '+16', '16.0', '16abc', '0b1', '', '-1', true, null, [16]]) {
    const r = await dispatch(handlers, 'events.get', { id }, ctx);
    assert.ok(!r.ok, `${JSON.stringify(id)} is refused`);
    assert.equal(r.error.code, 'VALIDATION_ERROR');
    assert.equal(r.error.field, 'id', JSON.stringify(r.error));
  }
  const page = await dispatch(handlers, 'rules.list', { page: '0x2' }, ctx);
  assert.equal(!page.ok && page.error.field, 'page');
});

test('decimal digits and JSON numbers are read as the number they say', () => {
  assert.deepEqual(channels['events.get'].input.parse({ id: '16' }), { id: 16 });
  assert.deepEqual(channels['events.get'].input.parse({ id: '016' }), { id: 16 });
  assert.deepEqual(channels['events.get'].input.parse({ id: 16 }), { id: 16 });
  assert.equal(channels['events.get'].input.safeParse({ id: 0 }).success, false);
  assert.equal(channels['events.get'].input.safeParse({ id: 1.5 }).success, false);
  assert.equal(channels['events.get'].input.safeParse({ id: '9007199254740993' }).success, false);
  assert.deepEqual(channels['rules.list'].input.parse({}), { page: 1, page_size: 50 });
  assert.equal(channels['rules.list'].input.safeParse({ page_size: '101' }).success, false);
});
