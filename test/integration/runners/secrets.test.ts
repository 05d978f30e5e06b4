/**
 * docs/runners.md, "Parameters" — secrets reach actions only on stdin (or the 0400 file), and their values are
 * redacted from stored and streamed output, parsed data and error messages.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Action } from '../../../core/model/entities.ts';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

const SECRET = 'hunter2-XYZ-secret';

const withSecret = (overrides: Partial<Action> = {}): Action =>
  makeAction({
    parameters: { user: { type: 'string' }, password: { type: 'string', secret: true } },
    ...overrides,
  });

describe('secrets', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('redacts a secret parameter from stdout and stderr, stored and streamed', async () => {
    const script = 'p=$(cat | sed -E \'s/.*"password":"([^"]*)".*/\\1/\'); echo "pw=$p"; echo "err $p" >&2';
    const out = await sb.runners.run(
      sb.request(withSecret({ entry_point: script }), { params: { user: 'ada', password: SECRET } }),
    );
    assert.equal(out.status, 'completed', out.result.stderr);
    assert.equal(out.result.stdout, 'pw=***\n');
    assert.equal(out.result.stderr, 'err ***\n');
    assert.ok(sb.live.every((l) => !l.chunk.includes(SECRET)));
  });

  it('redacts a secret written in pieces across separate chunks', async () => {
    const [a, b] = [SECRET.slice(0, 7), SECRET.slice(7)];
    const script = `printf '%s' 'start ${a}'; sleep 0.3; printf '%s\\n' '${b} end'`;
    const out = await sb.runners.run(
      sb.request(withSecret({ entry_point: script }), { params: { password: SECRET } }),
    );
    assert.equal(out.result.stdout, 'start *** end\n');
    const streamed = sb.live.map((l) => l.chunk);
    assert.ok(streamed.length >= 2, 'arrived in several chunks');
    assert.equal(streamed.join(''), 'start *** end\n');
    assert.ok(streamed.every((c) => !c.includes(a) || !c.includes(b)));
  });

  it('redacts secrets inside parsed data', async () => {
    const out = await sb.runners.run(
      sb.request(withSecret({ entry_point: 'cat', output_format: 'json' }), { params: { password: SECRET } }),
    );
    assert.deepEqual(out.result.data, { password: '***' });
  });

  it('redacts extra secret values given by the engine', async () => {
    const out = await sb.runners.run(
      sb.request(makeAction({ entry_point: 'echo "token is key-store-value-1"' }), {
        secretValues: ['key-store-value-1'],
      }),
    );
    assert.equal(out.result.stdout, 'token is ***\n');
  });

  it('redacts secrets from an http error message', async () => {
    const action = makeAction({
      runner_type: 'http',
      entry_point: 'http_request',
      parameters: { url: { type: 'string', secret: true } },
    });
    const out = await sb.runners.run(sb.request(action, { params: { url: 'gopher://user:tok@host/x' } }));
    assert.equal(out.status, 'failed');
    assert.ok(!(out.result.error ?? '').includes('gopher://user:tok@host/x'), out.result.error ?? '');
  });

  it('never puts a secret in argv or the environment of the process', async () => {
    const script = 'cat > /dev/null; tr "\\0" "\\n" < /proc/$$/cmdline; tr "\\0" "\\n" < /proc/$$/environ';
    const out = await sb.runners.run(
      sb.request(withSecret({ entry_point: script }), { params: { password: SECRET } }),
    );
    assert.equal(out.status, 'completed');
    // Redaction would hide a leak in the stored output: look for the marker instead.
    assert.ok(!out.result.stdout.includes('***'), 'a secret appeared in argv or environ');
    assert.ok(!out.result.stdout.includes(SECRET), 'a secret appeared in argv or environ, unredacted');
  });
});
