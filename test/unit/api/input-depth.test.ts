/**
 * docs/security.md "Channel inputs and runner parameters" — the door holds every input to the
 * nesting bound the JSON doors check on raw text (MAX_JSON_DEPTH), including inputs that arrive
 * as objects (Electron IPC), and says where the nesting went too deep.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, type HandlerContext, handlers } from '../../../core/api/index.ts';
import { findNonJson } from '../../../core/api/json-input.ts';
import { MAX_JSON_DEPTH } from '../../../core/model/json-depth.ts';

const ctx = { engine: null, publicUrl: null } as unknown as HandlerContext;

/** `{a: {a: … {}}}` with `levels` objects in all. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

test('an input exactly at the bound passes the door; one level more is refused with its path', () => {
  assert.equal(findNonJson(nested(MAX_JSON_DEPTH)), null);
  const refused = findNonJson(nested(MAX_JSON_DEPTH + 1));
  assert.deepEqual(refused, {
    path: Array(MAX_JSON_DEPTH).fill('a').join('.'),
    what: `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`,
  });
  assert.equal(findNonJson([[[[]]]]), null);
});

test('a rule whose action_params nest 100,000 levels is a validation error, not a stack overflow', async () => {
  const r = await dispatch(
    handlers,
    'rules.create',
    {
      ref: 'deep',
      trigger_ref: 'core.intervaltimer',
      action_ref: 'core.noop',
      action_params: nested(100_000),
    },
    ctx,
  );
  assert.ok(!r.ok);
  assert.equal(r.error.code, 'VALIDATION_ERROR');
  assert.match(r.error.message, /^action_params(\.a)+: nested deeper than 256 levels of arrays and objects$/);
});
