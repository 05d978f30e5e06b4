/**
 * Which engine notifications the app shows as in-app toasts (docs/renderer.md "Toasts"): a
 * `core.notify` run on a host without a desktop, an alert opened, and a recovery the rule's
 * settings ask to be told of. Each toast carries at most one action: open an execution.
 */
import type {
  AlertNotificationPayload,
  Notification,
  NotifyPayload,
} from '../../../core/contract/notifications.ts';

export interface Toast {
  /** Unique per notification shown. */
  id: string;
  tone: 'info' | 'alert' | 'ok';
  title: string;
  body: string;
  /** The execution the toast's button opens, or null. */
  executionId: number | null;
}

/** How many toasts stay on screen; the oldest goes first. */
export const MAX_TOASTS = 4;

/** The toast for `n`, or null when it is not one to show. */
export function toastOf(n: Notification): Toast | null {
  if (n.notification_type === 'notify') {
    const p = n.payload as Partial<NotifyPayload>;
    return {
      id: `notify:${String(n.entity_id)}:${n.timestamp}`,
      tone: 'info',
      title: typeof p.title === 'string' && p.title ? p.title : 'Notification',
      body: typeof p.body === 'string' ? p.body : '',
      executionId: typeof p.execution_id === 'number' ? p.execution_id : null,
    };
  }
  if (n.notification_type !== 'alert_opened' && n.notification_type !== 'alert_resolved') return null;
  const p = n.payload as Partial<AlertNotificationPayload>;
  if (!p.announce || !p.alert) return null;
  const opened = n.notification_type === 'alert_opened';
  return {
    id: `${n.notification_type}:${p.alert.id}`,
    tone: opened ? 'alert' : 'ok',
    title: p.title ?? '',
    body: p.body ?? '',
    executionId: opened ? p.alert.execution_id : p.alert.closed_by,
  };
}

/** `list` with `t` added (newest last), at most MAX_TOASTS, the same toast never twice. */
export function addToast(list: readonly Toast[], t: Toast): Toast[] {
  if (list.some((x) => x.id === t.id)) return [...list];
  return [...list, t].slice(-MAX_TOASTS);
}
