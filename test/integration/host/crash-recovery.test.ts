/**
 * docs/concepts.md, "Execution statuses" — a crash mid-run leaves a consistent store that the next start repairs: the running
 * execution becomes `abandoned` (its orphaned process is stopped), nothing else is lost, and new
 * events are processed.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { AttuneEvent, Execution } from '../../../core/model/entities.ts';
import { installFixturePacks } from '../../helpers/host.ts';
import { ownSeconds, pidsWithMarker, waitFor } from '../../helpers/processes.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function startProcess(dataDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    ['bin/attune-desktop.js', 'serve', '--port', '0', '--data-dir', dataDir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ATTUNE_LOG_LEVEL: 'warn' },
    },
  );
  return child;
}

async function connect(dataDir: string, child: ChildProcess) {
  const info = await waitFor(
    () => {
      try {
        const h = JSON.parse(fs.readFileSync(path.join(dataDir, 'host.json'), 'utf8')) as {
          url: string;
          pid: number;
        };
        return h.pid === child.pid ? h : null;
      } catch {
        return null;
      }
    },
    'the host to listen',
    // Generous: a loaded machine takes many seconds to start node, tsx and the host.
    60_000,
  );
  const token = fs.readFileSync(path.join(dataDir, 'api-token'), 'utf8').trim();
  const api = async <T>(method: string, p: string, body?: unknown) => {
    const r = await fetch(`${info.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    });
    return { status: r.status, body: (await r.json()) as T };
  };
  return { api, url: info.url };
}

test('kill -9 during a running execution: the next start marks it abandoned and keeps working', async (t) => {
  const dataDir = tempDir(t);
  installFixturePacks(dataDir, ['testkit']);
  const first = startProcess(dataDir);
  t.after(() => first.kill('SIGKILL'));
  const { api } = await connect(dataDir, first);

  await api('POST', '/api/v1/triggers', { ref: 'ping' });
  const hook = await api<{ data: { webhook_key: string } }>(
    'POST',
    '/api/v1/triggers/local.ping/webhooks/enable',
    {},
  );
  await api('POST', '/api/v1/rules', {
    ref: 'echo',
    trigger_ref: 'local.ping',
    action_ref: 'core.echo',
    action_params: { message: 'hi {{ event.payload.n }}' },
  });
  const done = await api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.echo',
    parameters: { message: 'before' },
  });
  // A nap far longer than any wait here (its 60 s timeout included), so that only the restart's
  // kill can end its `sleep`, a child in the group the shell leads.
  const seconds = ownSeconds(243.5);
  const running = await api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'testkit.nap',
    parameters: { seconds },
  });
  const id = running.body.data.id;
  const marker = `sleep ${seconds}`;
  t.after(() => {
    for (const pid of pidsWithMarker(marker)) process.kill(pid, 'SIGKILL');
  });
  await waitFor(() => pidsWithMarker(marker).length > 0, 'the action to start');
  await waitFor(
    async () =>
      (await api<{ data: Execution }>('GET', `/api/v1/executions/${done.body.data.id}`)).body.data.status ===
      'completed',
    'the echo',
  );

  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));

  const second = startProcess(dataDir);
  t.after(() => second.kill('SIGKILL'));
  const { api: api2, url: url2 } = await connect(dataDir, second);
  const after = await api2<{ data: Execution }>('GET', `/api/v1/executions/${id}`);
  assert.equal(after.body.data.status, 'abandoned');
  assert.match(after.body.data.result?.error ?? '', /abandoned/);
  // The start sent SIGKILL to the orphan's group before it listened; the kernel ends the process
  // when it next runs it, which on a busy machine is a moment later.
  await waitFor(() => pidsWithMarker(marker).length === 0, 'the orphaned process group to stop');
  const kept = await api2<{ data: Execution }>('GET', `/api/v1/executions/${done.body.data.id}`);
  assert.equal(kept.body.data.status, 'completed', 'finished work is kept');
  assert.equal(
    (await api2<{ data: unknown }>('GET', '/api/v1/rules/local.echo')).status,
    200,
    'rules are kept',
  );

  const r = await fetch(`${url2}/api/v1/webhooks/${hook.body.data.webhook_key}`, {
    method: 'POST',
    body: JSON.stringify({ payload: { n: 2 } }),
  });
  assert.equal(r.status, 200);
  const eventId = ((await r.json()) as { data: { event_id: number } }).data.event_id;
  const execs = await waitFor(async () => {
    const l = await api2<{ items: Execution[] }>('GET', '/api/v1/executions?rule_ref=local.echo');
    return l.body.items.find((e) => e.status === 'completed') ?? null;
  }, 'the new event to run');
  assert.match(execs.result?.stdout ?? '', /hi 2/);
  const ev = await api2<{ data: AttuneEvent }>('GET', `/api/v1/events/${eventId}`);
  assert.equal(ev.body.data.evaluations?.[0]?.outcome, 'matched');

  second.kill('SIGTERM');
  const code = await new Promise((res) => second.once('exit', res));
  assert.equal(code, 0, 'SIGTERM shuts down cleanly with exit 0');
});
