/**
 * docs/attune-compat.md, "env_vars"; docs/security.md, "Attacker review": a manual run's
 * `env_vars` cannot set what changes how the action's programs run (loader, interpreter and
 * shell start-up variables, the runner's own), and a value the environment cannot hold (NUL) is
 * a 400 naming the variable rather than a run that fails to start. Nothing is run for a refusal.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestHost } from '../../helpers/host.ts';

test('env_vars refuses start-up variables and NUL values with the field named, and runs nothing', async (t) => {
  const h = await startTestHost(t);
  for (const [env, field] of [
    [{ LD_PRELOAD: '/tmp/x.so' }, 'env_vars.LD_PRELOAD'],
    [{ LD_LIBRARY_PATH: '/tmp' }, 'env_vars.LD_LIBRARY_PATH'],
    [{ NODE_OPTIONS: '--require /tmp/x.js' }, 'env_vars.NODE_OPTIONS'],
    [{ BASH_ENV: '/tmp/x.sh' }, 'env_vars.BASH_ENV'],
    [{ ENV: '/tmp/x.sh' }, 'env_vars.ENV'],
    [{ PYTHONSTARTUP: '/tmp/x.py' }, 'env_vars.PYTHONSTARTUP'],
    [{ PERL5OPT: '-Mx' }, 'env_vars.PERL5OPT'],
    [{ IFS: 'x' }, 'env_vars.IFS'],
    [{ PATH: '/tmp' }, 'env_vars.PATH'],
    [{ ATTUNE_EXEC_ID: '1' }, 'env_vars.ATTUNE_EXEC_ID'],
    [{ FOO: 'a\u0000b' }, 'env_vars.FOO'],
  ] as const) {
    const r = await h.api<{ details?: { field?: string } }>('POST', '/api/v1/executions/execute', {
      action_ref: 'core.shell',
      parameters: { cmd: 'true' },
      env_vars: env,
    });
    assert.equal(r.status, 400, JSON.stringify(env));
    assert.equal(r.body.details?.field, field, JSON.stringify(r.body));
  }
  const runs = await h.api<{ items: unknown[] }>('GET', '/api/v1/executions');
  assert.equal(runs.body.items.length, 0);
});
