/**
 * docs/runners.md, "Result"; docs/api.md, "Notifications" — stdout/stderr stream live to subscribers, every status transition is pushed, and
 * secrets never appear in what is stored or pushed.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { Notification } from '../../../core/contract/notifications.ts';
import type { Execution } from '../../../core/model/entities.ts';
import { startTestHost } from '../../helpers/host.ts';

test('output chunks and status changes are pushed for one execution, in order', async (t) => {
  const host = await startTestHost(t);
  const all: Notification[] = [];
  const off = host.engine.notifier.subscribe(['entity_type:execution'], (n) => all.push(n));
  t.after(off);
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.shell',
    parameters: { cmd: 'echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three' },
  });
  const id = r.body.data.id;
  const done = await host.waitForExecution(id);
  assert.equal(done.status, 'completed');
  const seen = all.filter((n) => n.entity_id === id);
  assert.deepEqual(
    seen.filter((n) => n.notification_type !== 'execution_output').map((n) => n.payload.status),
    ['requested', 'scheduling', 'scheduled', 'running', 'completed'],
  );
  const output = seen.filter((n) => n.notification_type === 'execution_output');
  assert.deepEqual(
    output.map((n) => [n.payload.stream, String(n.payload.chunk).trim()]),
    [
      ['stdout', 'one'],
      ['stderr', 'two'],
      ['stdout', 'three'],
    ],
  );
  assert.equal(done.result?.stdout, 'one\nthree\n');
  assert.equal(done.result?.stderr, 'two\n');
});

test('a secret parameter is sealed: redacted in the stored config, output and notifications, delivered to the action', async (t) => {
  const host = await startTestHost(t, { packs: ['testkit'] });
  const secret = 'hunter2-very-secret';
  const pushed: string[] = [];
  const off = host.engine.notifier.subscribe([], (n) => pushed.push(JSON.stringify(n)));
  t.after(off);
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.show_params',
    parameters: { to: 'x', token: secret },
  });
  const done = await host.waitForExecution(r.body.data.id);
  assert.equal(done.status, 'completed');
  assert.equal(done.config.token, '***');
  assert.doesNotMatch(JSON.stringify(done), new RegExp(secret));
  assert.match(done.result?.stdout ?? '', /\*\*\*/, 'the action printed it; the record shows it redacted');
  assert.equal(
    (done.result?.data as { token_sha256?: string } | undefined)?.token_sha256,
    createHash('sha256').update(secret).digest('hex'),
    'the action received the secret itself, not its redaction',
  );
  for (const p of pushed) assert.doesNotMatch(p, new RegExp(secret));
  const raw = host.engine.store.read.raw
    .prepare('SELECT config, result, sealed_params FROM executions WHERE id = ?')
    .get(done.id) as Record<string, string>;
  assert.doesNotMatch(
    JSON.stringify(raw),
    new RegExp(secret),
    'not even the sealed column holds it in clear',
  );
});
