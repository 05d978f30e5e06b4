/**
 * docs/runners.md, "Environment"; docs/concepts.md, "Keys and secrets" — the action environment: an allow-list of host variables plus ATTUNE_*.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChildEnv } from '../../../core/runners/child-env.ts';

describe('buildChildEnv', () => {
  const base = {
    action: { ref: 'p.a', pack_ref: 'p' },
    executionId: 7,
    context: { rule: 'p.r', trigger: 'core.webhook', traceTag: 'tt' },
  };

  it('copies only allow-listed host variables and adds the ATTUNE_* context', () => {
    const env = buildChildEnv({
      ...base,
      hostEnv: {
        PATH: '/bin',
        HOME: '/h',
        LANG: 'C.UTF-8',
        AWS_SECRET_ACCESS_KEY: 'x',
        NODE_OPTIONS: '--inspect',
      },
    });
    assert.deepEqual(env, {
      PATH: '/bin',
      HOME: '/h',
      LANG: 'C.UTF-8',
      ATTUNE_ACTION: 'p.a',
      ATTUNE_PACK_REF: 'p',
      ATTUNE_EXEC_ID: '7',
      ATTUNE_RULE: 'p.r',
      ATTUNE_TRIGGER: 'core.webhook',
      ATTUNE_TRACE_TAG: 'tt',
    });
  });

  it('gives a PATH when the host has none, and empty rule/trigger for manual runs', () => {
    const env = buildChildEnv({
      ...base,
      context: { rule: null, trigger: null, traceTag: 't' },
      hostEnv: {},
    });
    assert.equal(env.PATH, '/usr/local/bin:/usr/bin:/bin');
    assert.equal(env.ATTUNE_RULE, '');
    assert.equal(env.ATTUNE_TRIGGER, '');
  });

  it('lets the runner add its own variables', () => {
    const env = buildChildEnv({ ...base, hostEnv: {}, extra: { ATTUNE_PARAMETER_FILE: '/p' } });
    assert.equal(env.ATTUNE_PARAMETER_FILE, '/p');
  });
});
