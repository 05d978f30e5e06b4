/**
 * docs/security.md, "Untrusted values in shell commands" — an event's values rendered into
 * `core.shell`'s `cmd` arrive as literal text, bare or inside "…" or '…': a webhook sender
 * cannot run shell code, and the command prints the payload exactly. A placeholder in a comment
 * or a here-document is refused when the rule is saved. `{{ raw(x) }}` is the author's explicit
 * way out.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

async function webhookTrigger(host: TestHost, ref: string): Promise<string> {
  assert.equal((await host.api('POST', '/api/v1/triggers', { ref })).status, 201);
  const hook = await host.api<{ data: { url: string } }>(
    'POST',
    `/api/v1/triggers/local.${ref}/webhooks/enable`,
    {},
  );
  return hook.body.data.url;
}

interface ErrorBody {
  error?: string;
  code?: string;
  details?: { field?: string };
}

function shellRule(host: TestHost, ref: string, trigger: string, cmd: string) {
  return host.api<ErrorBody>('POST', '/api/v1/rules', {
    ref,
    trigger_ref: `local.${trigger}`,
    action_ref: 'core.shell',
    action_params: { cmd },
  });
}

async function webhookRule(host: TestHost, ref: string, cmd: string): Promise<string> {
  const url = await webhookTrigger(host, ref);
  const rule = await shellRule(host, `run_${ref}`, ref, cmd);
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  return url;
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

test('the reported attacks inside "…" and \'…\' print the payload and create nothing', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  for (const [name, cmd] of [
    ['dq', 'echo "user: {{ event.payload.x }}"'],
    ['sq', "echo 'user: {{ event.payload.x }}'"],
  ] as const) {
    const marker = path.join(dir, `pwn_${name}`);
    const url = await webhookRule(host, name, cmd);
    const exec = await executionOf(host, await fire(url, { x: `$(touch ${marker})` }));
    assert.equal(exec?.status, 'completed', JSON.stringify(exec?.result));
    assert.equal(exec?.result?.stdout, `user: $(touch ${marker})\n`);
    assert.equal(fs.existsSync(marker), false, `${name}: the payload did not run`);
  }
});

test('hostile payloads inside "…", \'…\' and "$(…)" come out exactly as sent', {
  timeout: 60_000,
}, async (t) => {
  const host = await startTestHost(t);
  const dir = tempDir(t);
  const marker = path.join(dir, 'pwned');
  const url = await webhookRule(
    host,
    'quoted',
    'printf \'%s|\' "{{ event.payload.x }}" \'{{ event.payload.x }}\' "$(printf %s {{ event.payload.x }})"',
  );
  const hostile = [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `" ; touch ${marker}; echo "`,
    `' ; touch ${marker}; echo '`,
    `\\" ; touch ${marker} #`,
    `\\'$(touch ${marker})`,
    `x\ntouch ${marker}`,
    '$IFS * ~ ? \\ end\\',
  ];
  const events = await Promise.all(hostile.map((x) => fire(url, { x })));
  for (const [i, eventId] of events.entries()) {
    const x = hostile[i] as string;
    const exec = await executionOf(host, eventId);
    assert.equal(exec?.status, 'completed', JSON.stringify(exec?.result));
    assert.equal(exec?.result?.stdout, `${x}|${x}|${x}|`, `payload ${JSON.stringify(x)}`);
  }
  assert.equal(fs.existsSync(marker), false, 'no payload ran as shell code');
});

test('placeholders in a shell comment or a here-document are refused at save, with field and position', async (t) => {
  const host = await startTestHost(t);
  await webhookTrigger(host, 'hook');
  const cases = [
    [
      'cmt',
      'true # from {{ event.payload.x }}',
      /^action_params\.cmd: a placeholder inside a shell comment cannot be made safe \(move it out, or use raw\(\) if the value is trusted\) at position 12 \(line 1, column 13\)$/,
    ],
    [
      'heredoc',
      'cat <<EOF\n{{ event.payload.x }}\nEOF',
      /^action_params\.cmd: a placeholder inside a here-document cannot be made safe .* at position 10 \(line 2, column 1\)$/,
    ],
  ] as const;
  for (const [ref, cmd, message] of cases) {
    const r = await shellRule(host, ref, 'hook', cmd);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.code, 'VALIDATION_ERROR');
    assert.equal(r.body.details?.field, 'action_params.cmd');
    assert.match(r.body.error ?? '', message);
    assert.equal((await host.api('GET', `/api/v1/rules/local.${ref}`)).status, 404, 'nothing was stored');
  }

  assert.equal((await shellRule(host, 'ok', 'hook', 'echo "{{ event.payload.x }}"')).status, 201);
  const patched = await host.api<ErrorBody>('PUT', '/api/v1/rules/local.ok', {
    action_params: { cmd: 'echo `{{ event.payload.x }}`' },
  });
  assert.equal(patched.status, 400);
  assert.equal(patched.body.details?.field, 'action_params.cmd');
  const kept = await host.api<{ data: { action_params: unknown } }>('GET', '/api/v1/rules/local.ok');
  assert.deepEqual(
    kept.body.data.action_params,
    { cmd: 'echo "{{ event.payload.x }}"' },
    'the rule is unchanged',
  );
});

test('the rule tester shows the command as the shell will get it', async (t) => {
  const host = await startTestHost(t);
  await webhookTrigger(host, 'hook');
  assert.equal((await shellRule(host, 'greet', 'hook', 'echo "hi {{ event.payload.x }}"')).status, 201);
  const tested = await host.api<{ data: { action_params: unknown } }>(
    'POST',
    '/api/v1/rules/local.greet/test',
    {
      payload: { x: '$(id) "q"' },
    },
  );
  assert.deepEqual(tested.body.data.action_params, { cmd: 'echo "hi \\$(id) \\"q\\""' });
});

test('core.shell runs its command with bash when bash is installed, as its description says', async (t) => {
  const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;
  const host = await startTestHost(t);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, on purpose
  const url = await webhookRule(host, 'which', 'printf %s "${BASH_VERSION:+bash}"');
  const exec = await executionOf(host, await fire(url, {}));
  assert.equal(exec?.status, 'completed', JSON.stringify(exec?.result));
  assert.equal(exec?.result?.stdout, hasBash ? 'bash' : '');
});
