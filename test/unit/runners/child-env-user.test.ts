/**
 * docs/attune-compat.md, "env_vars" — a manual run's own variables join the action's
 * environment, but never replace what the runner sets: the host allow-list and ATTUNE_* win, and
 * reserved names are dropped even if they got this far.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildChildEnv } from '../../../core/runners/child-env.ts';

test('env_vars join the environment; reserved names never pass; the runner’s own values win', () => {
  const env = buildChildEnv({
    hostEnv: { PATH: '/usr/bin', HOME: '/home/u', SECRET_TOKEN: 'host-only' },
    action: { ref: 'p.a', pack_ref: 'p' },
    executionId: 7,
    context: { rule: null, trigger: null, traceTag: 'tag' },
    userEnv: { GREETING: 'hi', PATH: '/evil', LD_PRELOAD: '/evil.so', ATTUNE_EXEC_ID: '99' },
  });
  assert.equal(env.GREETING, 'hi');
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.LD_PRELOAD, undefined);
  assert.equal(env.ATTUNE_EXEC_ID, '7');
  assert.equal(env.SECRET_TOKEN, undefined);
});
