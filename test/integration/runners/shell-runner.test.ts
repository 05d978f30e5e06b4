/**
 * docs/runners.md — the shell runner: exit statuses, entry points (pack file or inline), working
 * folder, environment allow-list and the ATTUNE_* context, argv free of parameters.
 */
import assert from 'node:assert/strict';
import { readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

describe('shell runner', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('completes on exit 0 with every result field present and error null', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'echo hello; echo warn >&2' })));
    assert.equal(out.status, 'completed');
    assert.deepEqual(Object.keys(out.result).sort(), [
      'data',
      'duration_ms',
      'error',
      'exit_code',
      'stderr',
      'stderr_truncated',
      'stdout',
      'stdout_truncated',
    ]);
    assert.equal(out.result.exit_code, 0);
    assert.equal(out.result.stdout, 'hello\n');
    assert.equal(out.result.stderr, 'warn\n');
    assert.equal(out.result.error, null);
    assert.equal(out.result.data, null);
    assert.ok(out.result.duration_ms >= 0);
  });

  it('fails on exit 1, keeps stderr, and the error does not say "timed out"', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'echo "disk full" >&2; exit 1' })));
    assert.equal(out.status, 'failed');
    assert.equal(out.result.exit_code, 1);
    assert.equal(out.result.stderr, 'disk full\n');
    assert.equal(out.result.error, 'exited with code 1');
    assert.doesNotMatch(out.result.error ?? '', /timed out/);
  });

  it('reports a process killed by a signal', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'kill -KILL $$' })));
    assert.equal(out.status, 'failed');
    assert.equal(out.result.exit_code, null);
    assert.equal(out.result.error, 'killed by signal SIGKILL');
  });

  it('runs a script file from the pack with the pack folder as working folder', async () => {
    await sb.writeAction('hello.sh', 'echo "from file in $(pwd)"\n');
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'hello.sh' })));
    assert.equal(out.status, 'completed', out.result.error ?? '');
    assert.equal(out.result.stdout, `from file in ${sb.packPath}\n`);
  });

  it('runs a script in a subfolder of actions/', async () => {
    await sb.writeAction('lib/run.sh', 'echo nested\n');
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'lib/run.sh' })));
    assert.equal(out.result.stdout, 'nested\n');
  });

  it('runs an inline script from a private 0700 file that is deleted afterwards', async () => {
    const script = 'echo "$0"; stat -c %a "$0"; stat -c %a "$(dirname "$0")"';
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: script }), { packPath: null }));
    assert.equal(out.status, 'completed', out.result.stderr);
    const [file, fileMode, dirMode] = out.result.stdout.trim().split('\n');
    assert.ok(file?.startsWith(`${sb.tmpDir}/attune-run-42-`), file);
    assert.equal(fileMode, '700');
    assert.equal(dirMode, '700');
    assert.deepEqual(await readdir(sb.tmpDir), [], 'the private run folder is removed');
  });

  it('uses the private run folder as working folder when the action has no pack', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'pwd' }), { packPath: null }));
    assert.match(out.result.stdout.trim(), new RegExp(`^${sb.tmpDir}/attune-run-42-`));
  });

  it('passes the ATTUNE_* context and only allow-listed host variables', async () => {
    process.env.ATTUNE_TEST_SENTINEL = 'sentinel-must-not-leak';
    try {
      const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'env' })));
      const env = Object.fromEntries(
        out.result.stdout
          .trim()
          .split('\n')
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
      assert.equal(env.ATTUNE_ACTION, 'testpack.act');
      assert.equal(env.ATTUNE_PACK_REF, 'testpack');
      assert.equal(env.ATTUNE_EXEC_ID, '42');
      assert.equal(env.ATTUNE_RULE, 'testpack.rule');
      assert.equal(env.ATTUNE_TRIGGER, 'core.intervaltimer');
      assert.equal(env.ATTUNE_TRACE_TAG, 'trace-123');
      assert.equal(env.PATH, process.env.PATH);
      assert.equal(env.ATTUNE_TEST_SENTINEL, undefined);
      assert.doesNotMatch(out.result.stdout, /sentinel-must-not-leak/);
      const allowed = new Set(['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ']);
      for (const name of ['TMPDIR', 'SHELL', 'SystemRoot']) allowed.add(name);
      // bash itself adds a few (PWD, SHLVL, _, OLDPWD).
      for (const name of ['PWD', 'SHLVL', '_', 'OLDPWD']) allowed.add(name);
      const unexpected = Object.keys(env).filter((k) => !allowed.has(k) && !k.startsWith('ATTUNE_'));
      assert.deepEqual(unexpected, []);
    } finally {
      delete process.env.ATTUNE_TEST_SENTINEL;
    }
  });

  it('sets ATTUNE_RULE and ATTUNE_TRIGGER empty for a manual run', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'set -u; echo "[$ATTUNE_RULE][$ATTUNE_TRIGGER]"' }), {
        context: { rule: null, trigger: null, traceTag: 't' },
      }),
    );
    assert.equal(out.result.stdout, '[][]\n');
  });

  it('keeps parameters out of argv and the environment', async () => {
    await sb.writeAction(
      'introspect.sh',
      'cat > /dev/null\ntr "\\0" " " < /proc/$$/cmdline; echo\ntr "\\0" "\\n" < /proc/$$/environ\n',
    );
    const value = 'param-value-7f3a9';
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'introspect.sh' }), { params: { needle: value } }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    const [cmdline] = out.result.stdout.split('\n');
    assert.match(cmdline ?? '', /introspect\.sh $/);
    assert.ok(!out.result.stdout.includes(value), 'parameter value found in argv or environ');
  });

  it('reports the spawned pid, which leads its own process group', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'ps -o pgid= -p $$' })));
    assert.equal(sb.spawned.length, 1);
    assert.equal(Number(out.result.stdout.trim()), sb.spawned[0]);
  });

  it('fails with a clear error when the script file is missing', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'missing.sh' })));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /entry_point file not found: actions\/missing\.sh/);
    assert.equal(sb.spawned.length, 0);
  });

  it('refuses an entry point that climbs out of actions/', async () => {
    await writeFile(path.join(sb.root, 'outside.sh'), 'echo escaped\n');
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: '../../outside.sh' })));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /leaves the pack's actions\/ folder/);
    assert.equal(out.result.stdout, '');
  });

  it('refuses an absolute entry point', async () => {
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: '/bin/true' })));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /absolute path/);
  });

  it('refuses a link in actions/ that points outside the pack', async () => {
    await writeFile(path.join(sb.root, 'target.sh'), 'echo escaped\n');
    await symlink(path.join(sb.root, 'target.sh'), path.join(sb.packPath, 'actions', 'link.sh'));
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'link.sh' })));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /resolves outside/);
  });

  it('fails when the pack folder does not exist', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo hi' }), { packPath: path.join(sb.root, 'nope') }),
    );
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /pack folder not found/);
  });

  it('fails an unknown runner type instead of throwing', async () => {
    const action = { ...makeAction(), runner_type: 'perl' } as unknown as ReturnType<typeof makeAction>;
    const out = await sb.runners.run(sb.request(action));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /unknown runner type "perl"/);
  });

  it('survives an onOutput listener that throws', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo one; echo two' }), {
        onOutput: () => {
          throw new Error('listener broke');
        },
      }),
    );
    assert.equal(out.status, 'completed');
    assert.equal(out.result.stdout, 'one\ntwo\n');
    assert.ok(sb.host.logs.some((l) => l.level === 'warn' && /listener threw/.test(l.msg)));
  });
});
