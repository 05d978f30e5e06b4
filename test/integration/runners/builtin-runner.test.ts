/**
 * docs/runners.md, "Core pack actions" — the builtin runner: noop, echo, notify (through the host) and sleep, which obeys
 * timeout and cancel; unknown names fail.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Action } from '../../../core/model/entities.ts';
import { assertNoLeftoverProcesses, makeAction, makeSandbox, type Sandbox } from './support.ts';

const builtin = (entry_point: string, overrides: Partial<Action> = {}): Action =>
  makeAction({ runner_type: 'builtin', entry_point, ...overrides });

describe('builtin runner', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(async () => {
    await assertNoLeftoverProcesses(sb);
    await sb.dispose();
  });

  it('noop completes at once with empty output', async () => {
    const out = await sb.runners.run(sb.request(builtin('noop')));
    assert.equal(out.status, 'completed');
    assert.equal(out.result.stdout, '');
    assert.equal(out.result.stderr, '');
    assert.equal(out.result.error, null);
    assert.deepEqual(sb.spawned, [], 'no process was started');
  });

  it('echo writes the message to stdout and streams it', async () => {
    const out = await sb.runners.run(sb.request(builtin('echo'), { params: { message: 'hi there' } }));
    assert.equal(out.result.stdout, 'hi there\n');
    assert.deepEqual(
      sb.live.map((l) => l.chunk),
      ['hi there\n'],
    );
  });

  it('notify hands title and body to the host', async () => {
    const out = await sb.runners.run(
      sb.request(builtin('notify'), { params: { title: 'Backup', body: 'done' } }),
    );
    assert.equal(out.status, 'completed');
    assert.deepEqual(sb.host.notifications, [{ title: 'Backup', body: 'done' }]);
  });

  it('notify redacts secret parameter values from the notification', async () => {
    const action = builtin('notify', { parameters: { body: { type: 'string', secret: true } } });
    await sb.runners.run(sb.request(action, { params: { title: 'x s3cr3t-val', body: 's3cr3t-val' } }));
    assert.deepEqual(sb.host.notifications, [{ title: 'x ***', body: '***' }]);
  });

  it('fails when the host cannot notify', async () => {
    sb.host.notify = () => {
      throw new Error('no notification daemon');
    };
    const out = await sb.runners.run(sb.request(builtin('notify'), { params: { title: 't', body: 'b' } }));
    assert.equal(out.status, 'failed');
    assert.equal(out.result.error, 'no notification daemon');
  });

  it('sleep is stopped by the timeout', async () => {
    const out = await sb.runners.run(
      sb.request(builtin('sleep'), { params: { seconds: 30 }, timeoutSeconds: 0.2 }),
    );
    assert.equal(out.status, 'timeout');
    assert.equal(out.result.error, 'timed out after 0.2 s');
  });

  it('sleep is stopped by a cancel', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const out = await sb.runners.run(
      sb.request(builtin('sleep'), { params: { seconds: 30 }, signal: controller.signal }),
    );
    assert.equal(out.status, 'cancelled');
    assert.equal(out.result.error, 'cancelled');
  });

  it('fails an unknown builtin and names the ones there are', async () => {
    const out = await sb.runners.run(sb.request(builtin('toString')));
    assert.equal(out.status, 'failed');
    assert.match(out.result.error ?? '', /unknown builtin "toString"; available: noop, echo, notify, sleep/);
  });
});
