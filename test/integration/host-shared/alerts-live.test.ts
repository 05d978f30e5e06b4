/**
 * Alerts and `core.notify` on the headless host (docs/alerts.md, docs/api.md "Notifications"):
 * a real host on 127.0.0.1 with a WebSocket client; an alert opened by failing executions and
 * closed by a re-run arrives as `alert_opened` / `alert_resolved`, with a log line each, and a
 * `core.notify` action arrives as `notify` besides its log line. REST and the channels agree.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import WebSocket from 'ws';
import type { Alert, AlertConfigView } from '../../../core/contract/alerts.ts';
import type { ServerFrame } from '../../../core/contract/bridge.ts';
import type { Notification } from '../../../core/contract/notifications.ts';
import type { Execution } from '../../../core/model/entities.ts';
import type { Logger } from '../../../core/model/logger.ts';
import { startTestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

type Line = { level: string; msg: string; data: Record<string, unknown> | undefined };

function memoryLogger(lines: Line[]): Logger {
  const at = (level: string) => (msg: string, data?: Record<string, unknown>) => {
    lines.push({ level, msg, data });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

async function subscribed(url: string, token: string, filters: string[]) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/ws`, ['attune.v1', `bearer.${token}`]);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const notifications: Notification[] = [];
  let subscribedOk = false;
  ws.on('message', (m) => {
    const f = JSON.parse(m.toString()) as ServerFrame;
    if (f.type === 'notification') notifications.push(f.notification);
    else if (f.type === 'result' && f.id === 1) subscribedOk = f.result.ok;
  });
  ws.send(JSON.stringify({ type: 'subscribe', id: 1, filters }));
  await waitFor(() => subscribedOk, 'the subscription');
  return { ws, notifications };
}

test('an alert opened and resolved arrives over the WebSocket and in the log; REST lists it', async (t) => {
  const lines: Line[] = [];
  const host = await startTestHost(t, { logger: memoryLogger(lines) });
  const { ws, notifications } = await subscribed(host.url, host.token, [
    'notification_type:alert_opened',
    'notification_type:alert_resolved',
  ]);
  t.after(() => ws.close());
  await host.api('POST', '/api/v1/triggers', { ref: 'job' });
  await host.api('POST', '/api/v1/rules', {
    ref: 'guard',
    trigger_ref: 'local.job',
    action_ref: 'core.shell',
    action_params: { cmd: 'exit {{ event.payload.code }}' },
  });
  const config = await host.api<{ data: AlertConfigView }>('PUT', '/api/v1/alert-config', {
    rule_ref: 'guard',
    config: { enabled: true, after_failures: 2, on_missed: true, on_recovery: true },
  });
  assert.deepEqual(config.body.data, {
    rule_ref: 'local.guard',
    config: { enabled: true, after_failures: 2, on_missed: true, on_recovery: true },
    inherited: false,
  });
  const fire = async (code: number) => {
    const r = await host.api<{ data: { execution_ids: number[] } }>('POST', '/api/v1/rules/local.guard/run', {
      payload: { code },
    });
    return host.waitForExecution(r.body.data.execution_ids[0] as number);
  };
  await fire(1);
  const second = await fire(1);
  const opened = await waitFor(() => notifications[0], 'alert_opened over the WebSocket');
  assert.equal(opened.notification_type, 'alert_opened');
  assert.deepEqual([opened.entity_type, (opened.payload.alert as Alert).execution_id], ['alert', second.id]);
  const open = await host.api<{ items: Alert[] }>('GET', '/api/v1/alerts?status=open');
  assert.deepEqual(
    open.body.items.map((a) => [a.id, a.rule_ref, a.kind]),
    [[opened.entity_id, 'local.guard', 'failure']],
  );
  assert.ok(
    lines.some((l) => l.level === 'warn' && l.msg === 'alert opened' && l.data?.rule === 'local.guard'),
  );

  // The alert's action: re-run the failed execution with the same parameters (it fails again:
  // still open, nothing new), then the rule recovers.
  const rerun = await host.api<{ data: Execution }>('POST', `/api/v1/executions/${second.id}/rerun`);
  assert.equal(rerun.status, 201);
  assert.deepEqual(rerun.body.data.config, second.config);
  await host.waitForExecution(rerun.body.data.id);
  await fire(0);
  const resolved = await waitFor(() => notifications[1], 'alert_resolved over the WebSocket');
  assert.equal(resolved.notification_type, 'alert_resolved');
  assert.equal(notifications.length, 2, 'one open, one resolve: no storm');
  assert.ok(lines.some((l) => l.msg === 'alert resolved' && l.data?.rule === 'local.guard'));
  const closed = await host.api<{ data: Alert }>('GET', `/api/v1/alerts/${opened.entity_id}`);
  assert.equal(closed.body.data.status, 'resolved');
});

test('core.notify on the headless host is a log line and a notify notification over the WebSocket', async (t) => {
  const lines: Line[] = [];
  const host = await startTestHost(t, { logger: memoryLogger(lines) });
  const { ws, notifications } = await subscribed(host.url, host.token, ['notification_type:notify']);
  t.after(() => ws.close());
  const r = await host.api<{ data: Execution }>('POST', '/api/v1/executions/execute', {
    action_ref: 'core.notify',
    parameters: { title: 'Backup done', body: '3 files copied' },
  });
  await host.waitForExecution(r.body.data.id);
  const n = await waitFor(() => notifications[0], 'notify over the WebSocket');
  assert.deepEqual(
    [n.notification_type, n.entity_type, n.entity_id, n.payload],
    [
      'notify',
      'execution',
      r.body.data.id,
      { title: 'Backup done', body: '3 files copied', execution_id: r.body.data.id },
    ],
  );
  assert.ok(
    lines.some(
      (l) => l.msg === 'notification' && l.data?.title === 'Backup done' && l.data?.body === '3 files copied',
    ),
  );
});

test('pausing and resuming timers over REST is reported by engine info and announced', async (t) => {
  const host = await startTestHost(t);
  const { ws, notifications } = await subscribed(host.url, host.token, ['entity_type:engine']);
  t.after(() => ws.close());
  const paused = await host.api<{ data: { paused: boolean; paused_since: string | null } }>(
    'POST',
    '/api/v1/timers/pause',
  );
  assert.equal(paused.body.data.paused, true);
  const info = await host.api<{ data: { timers: { paused: boolean } } }>('GET', '/api/v1/engine');
  assert.equal(info.body.data.timers.paused, true);
  await host.api('POST', '/api/v1/timers/resume');
  await waitFor(() => notifications.length >= 2, 'two engine notifications');
  assert.deepEqual(
    notifications.map((n) => [n.notification_type, n.payload.paused]),
    [
      ['timers_paused', true],
      ['timers_resumed', false],
    ],
  );
});
