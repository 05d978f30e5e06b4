/**
 * Where desktop notifications go. Core defines the host interface; the desktop host shows them
 * natively (a click opens the execution), a headless host writes them to its log. Three sources:
 * the `core.notify` action (through the engine's RunnerHost), alerts (`notifyOnAlerts`) and,
 * when the user has turned it on, every execution that fails or times out.
 */
import type { AlertNotificationPayload } from '../contract/notifications.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { Logger } from '../model/logger.ts';
import { getExecution } from '../store/index.ts';

export interface DesktopNotification {
  title: string;
  body: string;
  /** The execution a click opens (null for `core.notify`). */
  executionId: number | null;
}

/** What a host does with a notification. */
export interface NotificationHost {
  show(n: DesktopNotification): void;
}

/** The headless host's way: one log line per notification. */
export function loggingNotificationHost(logger: Logger): NotificationHost {
  return { show: (n) => logger.info('notification', { ...n }) };
}

/** The RunnerHost.notify the engine is created with: `core.notify` → the host. */
export function notifyThrough(host: NotificationHost): (title: string, body: string) => void {
  return (title, body) => host.show({ title, body, executionId: null });
}

const FAILED = new Set(['failed', 'timeout']);

/**
 * Raises a notification for each failed or timed-out execution while `enabled()` says so;
 * returns the unsubscribe.
 */
export function notifyOnFailure(engine: Engine, host: NotificationHost, enabled: () => boolean): () => void {
  return engine.notifier.subscribe(['notification_type:execution_status_changed'], (n) => {
    const status = String(n.payload.status);
    if (!FAILED.has(status) || !enabled()) return;
    const id = Number(n.entity_id);
    const e = getExecution(engine.store.read, id);
    const what = e ? (e.rule_ref ? `${e.action_ref} (rule ${e.rule_ref})` : e.action_ref) : `execution ${id}`;
    host.show({
      title: status === 'timeout' ? 'An execution timed out' : 'An execution failed',
      body: `${what} ${status === 'timeout' ? 'timed out' : 'failed'} (#${id}).`,
      executionId: id,
    });
  });
}

/**
 * Shows each alert through the host (docs/alerts.md): an opened one, and a recovery when the
 * rule's settings ask to be told. A click opens the execution that failed (or recovered).
 * Returns the unsubscribe.
 */
export function notifyOnAlerts(engine: Engine, host: NotificationHost): () => void {
  return engine.notifier.subscribe(
    ['notification_type:alert_opened', 'notification_type:alert_resolved'],
    (n) => {
      const p = n.payload as AlertNotificationPayload;
      if (!p.announce) return;
      const executionId = n.notification_type === 'alert_opened' ? p.alert.execution_id : p.alert.closed_by;
      host.show({ title: p.title, body: p.body, executionId });
    },
  );
}
