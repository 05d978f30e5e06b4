/**
 * docs/runners.md, "Parameters" — parameter delivery: stdin (json, dotenv, yaml) and file (a 0400 file in a private
 * folder, its path in ATTUNE_PARAMETER_FILE, removed after the run).
 */
import assert from 'node:assert/strict';
import { access, readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parse as yamlParse } from 'yaml';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

const PARAMS = {
  message: `it's "quoted" $HOME \`uname\` \\ back`,
  count: 3,
  enabled: true,
  nested: { a: [1, 2], b: 'x' },
  multi: 'line one\nline two',
};

describe('parameter delivery', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('writes compact JSON on one line to stdin by default', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'IFS= read -r line; printf "%s" "$line"' }), { params: PARAMS }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.deepEqual(JSON.parse(out.result.stdout), PARAMS);
  });

  it('announces the delivery and format in the environment', async () => {
    const out = await sb.runners.run(
      sb.request(
        makeAction({
          entry_point:
            'echo "$ATTUNE_PARAMETER_DELIVERY $ATTUNE_PARAMETER_FORMAT"; test -z "$ATTUNE_PARAMETER_FILE" && echo nofile',
          parameter_format: 'yaml',
        }),
      ),
    );
    assert.equal(out.result.stdout, 'stdin yaml\nnofile\n');
  });

  it('writes dotenv lines that a shell can eval back to the exact values', async () => {
    const script = [
      'eval "$(cat)"',
      'printf "%s\\n---\\n" "$message" "$count" "$enabled" "$nested" "$multi"',
    ].join('\n');
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: script, parameter_format: 'dotenv' }), { params: PARAMS }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    const values = out.result.stdout.split('\n---\n').slice(0, -1);
    assert.deepEqual(values, [PARAMS.message, '3', 'true', '{"a":[1,2],"b":"x"}', PARAMS.multi]);
  });

  it('writes YAML to stdin', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'cat', parameter_format: 'yaml' }), { params: PARAMS }),
    );
    assert.equal(out.status, 'completed');
    assert.match(out.result.stdout, /^message: /m);
    assert.deepEqual(yamlParse(out.result.stdout), PARAMS);
  });

  it('delivers a 0400 parameter file in a 0700 folder, passes only its path, and removes it', async () => {
    const script = [
      'echo "$ATTUNE_PARAMETER_FILE"',
      'stat -c %a "$ATTUNE_PARAMETER_FILE"',
      'stat -c %a "$(dirname "$ATTUNE_PARAMETER_FILE")"',
      'cat "$ATTUNE_PARAMETER_FILE"',
      'echo "stdin:[$(cat)]"',
    ].join('\n');
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: script, parameter_delivery: 'file' }), { params: PARAMS }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    const [file, fileMode, dirMode, json, stdinLine] = out.result.stdout.trim().split('\n');
    assert.ok(file?.startsWith(`${sb.tmpDir}/attune-run-42-`), file);
    assert.ok(file?.endsWith('/params.json'), file);
    assert.equal(fileMode, '400');
    assert.equal(dirMode, '700');
    assert.deepEqual(JSON.parse(json ?? ''), PARAMS);
    assert.equal(stdinLine, 'stdin:[]', 'stdin is closed and empty in file mode');
    await assert.rejects(access(file ?? ''), /ENOENT/);
    assert.deepEqual(await readdir(sb.tmpDir), []);
  });

  it('delivers a dotenv parameter file that can be sourced', async () => {
    const script =
      'set -a; . "$ATTUNE_PARAMETER_FILE"; echo "$message|$count"; basename "$ATTUNE_PARAMETER_FILE"';
    const out = await sb.runners.run(
      sb.request(
        makeAction({ entry_point: script, parameter_delivery: 'file', parameter_format: 'dotenv' }),
        {
          params: PARAMS,
        },
      ),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.equal(out.result.stdout, `${PARAMS.message}|3\nparams.env\n`);
  });

  it('completes when the script never reads a large stdin (EPIPE is not a failure)', async () => {
    const big = { blob: 'x'.repeat(2 * 1024 * 1024) };
    const out = await sb.runners.run(sb.request(makeAction({ entry_point: 'echo done' }), { params: big }));
    assert.equal(out.status, 'completed', out.result.error ?? '');
    assert.equal(out.result.stdout, 'done\n');
  });

  it('leaves out dotenv keys that are not shell identifiers and logs them', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'cat', parameter_format: 'dotenv' }), {
        params: { good: 'yes', 'bad;rm -rf x': 'no' },
      }),
    );
    assert.equal(out.result.stdout, "good='yes'\n");
    assert.ok(sb.host.logs.some((l) => l.level === 'warn' && /not shell identifiers/.test(l.msg)));
  });
});
