/**
 * Alerts (docs/alerts.md): what the user asked to be told about a rule, and each alert raised.
 * Declared once here; the store, the engine and the contract use these shapes.
 */
import { z } from 'zod';

/** When a rule raises an alert. The engine-wide default applies to every rule without its own. */
export const AlertConfigSchema = z.strictObject({
  /** Off: the rule raises no alerts (an open one still closes when the rule recovers). */
  enabled: z.boolean(),
  /** How many failures in a row open a failure alert; 1 = on the first failure. */
  after_failures: z.number().int().min(1).max(1000),
  /** Open an alert when a timer slot was not run within the rule's misfire window. */
  on_missed: z.boolean(),
  /** Tell the user when the rule is back to normal (the open alert closes either way). */
  on_recovery: z.boolean(),
});
export type AlertConfig = z.infer<typeof AlertConfigSchema>;

/** The default when nobody chose one: on the third failure in a row, missed slots, recovery. */
export const BUILT_IN_ALERT_CONFIG: AlertConfig = Object.freeze({
  enabled: true,
  after_failures: 3,
  on_missed: true,
  on_recovery: true,
});

/** `failure`: N failed executions in a row; `missed`: a timer slot not run within its window. */
export const ALERT_KINDS = ['failure', 'missed'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** `resolved`: the rule's next execution completed; `dismissed`: the user closed it. */
export const ALERT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** One alert. Its action: open `execution_id` (the last failure) or re-run it with the same parameters. */
export const AlertSchema = z.object({
  id: z.number().int(),
  rule_ref: z.string(),
  kind: z.enum(ALERT_KINDS),
  status: z.enum(ALERT_STATUSES),
  message: z.string(),
  /** Failures in a row when it opened (0 for a missed slot). */
  failures: z.number().int(),
  /** The execution that opened it (failure alerts), the one a click opens. */
  execution_id: z.number().int().nullable(),
  /** The `missed` event that opened it (missed-slot alerts). */
  event_id: z.number().int().nullable(),
  opened_at: z.string(),
  closed_at: z.string().nullable(),
  /** The completed execution that resolved it (null while open or when dismissed). */
  closed_by: z.number().int().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;
