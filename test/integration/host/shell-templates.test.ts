/**
 * docs/security.md, "Untrusted values in shell commands" — an event's values rendered into
 * `core.shell`'s `cmd` arrive as literal words: a webhook sender cannot run shell code, and
 * the command prints the payload exactly. `{{ raw(x) }}` is the author's explicit way out.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function webhookRule(host: TestHost, ref: string, cmd: string): Promise<string> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    {},
  );
  const rule = await host.api('POST', '/api/v1/rules', {
    ref: `run_${ref}`,
    trigger_ref: `local.${ref}`,
    action_ref: 'core.shell',
    action_params: { cmd },
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  return hook.body.data.url;
}

async function fire(url: string, payload: unknown): Promise<number> {
  const r = await fetch(url, { method: 'POST', body: JSON.stringify({ payload }) });
  assert.equal(r.status, 200);
  return ((await r.json()) as { data: { event_id: number } }).data.event_id;
}

async function executionOf(host: TestHost, eventId: number): Promise<Execution | null> {
  const enf = await host.api<{ items: Array<{ id: number }> }>(
    'GET',
    `/api/v1/enforcements?event=${eventId}`,
  );
  const id = enf.body.items[0]?.id;
  if (id === undefined) return null;
  const execs = await host.api<{ items: Execution[] }>('GET', `/api/v1/executions?enforcement=${id}`);
  const exec = execs.body.items[0];
  return exec ? host.waitForExecution(exec.id) : null;
}

test('hostile payload values rendered into core.shell cmd are printed literally and never run', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  const marker = path.join(dir, 'pwned');
  const url = await webhookRule(host, 'hostile', 'printf %s {{ event.payload.x }}');
  const hostile = [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}`,
    `' ; touch ${marker}; echo '`,
    `" ; touch ${marker}; echo "`,
    `x\ntouch ${marker}\n`,
    `x\r\ntouch ${marker}`,
    `$IFS`,
    `\${IFS}touch\${IFS}${marker}`,
    `&& touch ${marker} #`,
    `| touch ${marker}`,
    `\\'$(touch ${marker})`,
    `* ~ ?`,
    '-v',
    '',
  ];
  const events = await Promise.all(hostile.map((x) => fire(url, { x })));
  for (const [i, eventId] of events.entries()) {
    const exec = await executionOf(host, eventId);
    assert.ok(exec, `payload ${JSON.stringify(hostile[i])} has an execution`);
    assert.equal(exec.status, 'completed', JSON.stringify(exec.result));
    assert.equal(exec.result?.stdout, hostile[i], `payload ${JSON.stringify(hostile[i])}`);
  }
  assert.equal(fs.existsSync(marker), false, 'no payload ran as shell code');
});

test("a NUL byte in a payload fails the rendering: recorded as the rule's error, nothing runs", async (t) => {
  const host = await startTestHost(t);
  const url = await webhookRule(host, 'nul', 'printf %s {{ event.payload.x }}');
  const eventId = await fire(url, { x: 'a\u0000b' });
  const ev = await host.api<{ data: AttuneEvent }>('GET', `/api/v1/events/${eventId}`);
  const evaluation = ev.body.data.evaluations?.[0];
  assert.equal(evaluation?.outcome, 'error');
  assert.match(evaluation?.detail ?? '', /NUL character/);
  assert.equal(await executionOf(host, eventId), null);
});

test('a lone placeholder is one quoted word too: a payload cannot name the command', async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  const marker = path.join(dir, 'pwned');
  const url = await webhookRule(host, 'whole', '{{ event.payload.cmd }}');
  const exec = await executionOf(host, await fire(url, { cmd: `touch ${marker}` }));
  assert.equal(exec?.status, 'failed', 'sh finds no command named "touch <path>"');
  assert.equal(fs.existsSync(marker), false);
});

test("{{ raw(x) }} inserts the value as shell code, by the author's explicit choice", async (t) => {
  const host = await startTestHost(t);
  const url = await webhookRule(host, 'trusted', '{{ raw(event.payload.script) }} {{ event.payload.arg }}');
  const exec = await executionOf(host, await fire(url, { script: 'printf "%s|%s"', arg: 'a b' }));
  assert.equal(exec?.status, 'completed', JSON.stringify(exec?.result));
  assert.equal(exec?.result?.stdout, 'a b|');
});
