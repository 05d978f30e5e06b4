/**
 * Live updates pushed from the engine to every subscriber (docs/api.md, "Notifications"). Subscribers filter by
 * `entity_type:<t>`, `entity:<t>:<id>` or `notification_type:<n>`; no filter = everything.
 */
import { z } from 'zod';
import type { Alert } from '../model/alerts.ts';

export const NOTIFICATION_TYPES = [
  'event_created',
  'enforcement_created',
  'execution_created',
  'execution_status_changed',
  'execution_output',
  'rule_changed',
  'trigger_changed',
  'pack_changed',
  'timer_scheduled',
  'missed_run',
  'sensor_changed',
  'key_changed',
  // Alerts, `core.notify` on the headless host, and pausing timers (docs/alerts.md, docs/timers.md).
  'alert_opened',
  'alert_resolved',
  'notify',
  'timers_paused',
  'timers_resumed',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const ENTITY_TYPES = [
  'event',
  'enforcement',
  'execution',
  'rule',
  'trigger',
  'pack',
  'action',
  'sensor',
  'key',
  'alert',
  'engine',
] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const NotificationSchema = z.object({
  notification_type: z.enum(NOTIFICATION_TYPES),
  entity_type: z.enum(ENTITY_TYPES),
  entity_id: z.union([z.string(), z.number()]),
  payload: z.record(z.string(), z.unknown()),
  timestamp: z.string(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/**
 * The payload of `execution_created`, the same for a manual run, a rule firing and a retry:
 * `enforcement_id` and `rule_ref` are null for a manual run, `retry_of` for a first attempt.
 */
export type ExecutionCreatedPayload = {
  action_ref: string;
  rule_ref: string | null;
  enforcement_id: number | null;
  status: 'requested';
  retry_count: number;
  retry_of: number | null;
};

/**
 * The payload of `alert_opened` and `alert_resolved`: the alert, a sentence for the user, and
 * whether to tell the user (a recovery is only told when the rule's settings ask for it).
 */
export type AlertNotificationPayload = {
  alert: Alert;
  title: string;
  body: string;
  announce: boolean;
};

/** The payload of `notify`: what a `core.notify` action asked to show, on a host without a desktop. */
export type NotifyPayload = { title: string; body: string; execution_id: number | null };

const FILTER_RE = /^(entity_type:[a-z_]+|entity:[a-z_]+:[^\s]+|notification_type:[a-z_]+)$/;
export const NotificationFilterSchema = z
  .array(
    z.string().regex(FILTER_RE, 'filter must be entity_type:<t>, entity:<t>:<id> or notification_type:<n>'),
  )
  .max(100);

/**
 * The live-update channel as its users see it: `publish` after a write has committed, `subscribe`
 * to follow changes. The engine's notifier is one; the services, the pack service and the timer
 * sensor sit below the engine and are handed it (docs/architecture.md, "Ports").
 */
export interface ChangeFeed {
  publish(
    type: NotificationType,
    entityType: EntityType,
    entityId: string | number,
    payload: Record<string, unknown>,
  ): void;
  subscribe(filters: readonly string[], listener: (n: Notification) => void): () => void;
}

/** True when `n` passes any of `filters` (an empty list passes everything). */
export function matchesFilters(n: Notification, filters: readonly string[]): boolean {
  if (filters.length === 0) return true;
  for (const f of filters) {
    if (f === `notification_type:${n.notification_type}`) return true;
    if (f === `entity_type:${n.entity_type}`) return true;
    if (f === `entity:${n.entity_type}:${n.entity_id}`) return true;
  }
  return false;
}
