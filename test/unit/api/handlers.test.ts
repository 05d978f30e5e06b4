/**
 * One handler map per feature (docs/decisions/0002-api-layer.md), errors as data (docs/api.md, "Shapes (Attune's own)"): every channel has
 * exactly one handler, and dispatch validates the channel and its input before any handler runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, type HandlerContext, handlers, mergeHandlers } from '../../../core/api/index.ts';
import { CHANNEL_NAMES } from '../../../core/contract/channels.ts';

test('every channel of the contract has a handler', () => {
  for (const c of CHANNEL_NAMES) assert.equal(typeof handlers[c], 'function', c);
});

test('a channel with two handlers or none fails at start with its name', () => {
  const noop = () => ({ status: 'ok' as const, version: '', database: 'connected', uptime_seconds: 0 });
  assert.throws(
    () => mergeHandlers([{ 'health.get': noop }, { 'health.get': noop }]),
    /channel health\.get has two handlers/,
  );
  assert.throws(() => mergeHandlers([{ 'health.get': noop }]), /channels without a handler: .*rules\.list/);
});

test('dispatch turns an unknown channel and invalid input into error data, never a throw', async () => {
  const ctx = { engine: null, publicUrl: null } as unknown as HandlerContext;
  assert.deepEqual(await dispatch(handlers, 'rules.explode', {}, ctx), {
    ok: false,
    error: { code: 'NOT_FOUND', message: 'unknown channel "rules.explode"' },
  });
  const bad = await dispatch(
    handlers,
    'rules.create',
    { ref: 'x', trigger_ref: 'a.b', action_ref: 'c.d', surprise: 1 },
    ctx,
  );
  assert.deepEqual(bad, {
    ok: false,
    error: { code: 'VALIDATION_ERROR', message: 'unknown field surprise', field: 'surprise' },
  });
  const typed = await dispatch(handlers, 'executions.get', { id: 'abc' }, ctx);
  assert.equal(typed.ok, false);
  assert.match(!typed.ok ? typed.error.message : '', /^id: /);
});
