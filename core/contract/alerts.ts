/**
 * Alerts and the timer pause as they cross the boundary (docs/alerts.md, docs/timers.md): the
 * shapes, and the channels that list and close alerts, read and set alert settings, re-run an
 * execution and pause or resume every timer. channels.ts spreads them into the one table.
 */
import { z } from 'zod';
import { AlertConfigSchema, AlertSchema } from '../model/alerts.ts';
import { decimalInt } from './decimal.ts';
import { ExecutionSchema, listOf } from './entities.ts';

export {
  ALERT_KINDS,
  ALERT_STATUSES,
  type Alert,
  type AlertConfig,
  AlertConfigSchema,
  type AlertKind,
  AlertSchema,
  type AlertStatus,
  BUILT_IN_ALERT_CONFIG,
} from '../model/alerts.ts';

const Ref = z.string().min(1).max(255);

/**
 * A rule's alert settings, or the engine-wide default (`rule_ref` null). `inherited`: the rule
 * has none of its own and `config` is the default.
 */
export const AlertConfigViewSchema = z.object({
  rule_ref: z.string().nullable(),
  config: AlertConfigSchema,
  inherited: z.boolean(),
});
export type AlertConfigView = z.infer<typeof AlertConfigViewSchema>;

/** Whether timers are paused, and since when. */
export const TimerPauseSchema = z.object({
  paused: z.boolean(),
  paused_since: z.string().nullable(),
});
export type TimerPause = z.infer<typeof TimerPauseSchema>;

export const ALERT_CHANNELS = {
  'alerts.list': {
    input: z.strictObject({
      /** `closed` = resolved or dismissed; none = all. */
      status: z.enum(['open', 'closed']).optional(),
      rule_ref: Ref.optional(),
      page: decimalInt(1).default(1),
      page_size: decimalInt(1, 100).default(50),
    }),
    output: listOf(AlertSchema),
  },
  'alerts.get': { input: z.strictObject({ id: decimalInt(1) }), output: AlertSchema },
  /** The user closes an open alert without the rule having recovered. */
  'alerts.dismiss': { input: z.strictObject({ id: decimalInt(1) }), output: AlertSchema },
  /** A rule's settings (`rule_ref`), or the default (none). */
  'alerts.getConfig': {
    input: z.strictObject({ rule_ref: Ref.optional() }),
    output: AlertConfigViewSchema,
  },
  /**
   * Sets a rule's settings (`rule_ref`), or the default (none). `config: null` removes a rule's
   * own settings (it follows the default again), or puts the default back to the built-in one.
   */
  'alerts.setConfig': {
    input: z.strictObject({ rule_ref: Ref.optional(), config: AlertConfigSchema.nullable() }),
    output: AlertConfigViewSchema,
  },
  /** Runs an execution's action again with the same parameters (secret ones included). */
  'executions.rerun': { input: z.strictObject({ id: decimalInt(1) }), output: ExecutionSchema },
  'timers.pause': { input: z.strictObject({}), output: TimerPauseSchema },
  'timers.resume': { input: z.strictObject({}), output: TimerPauseSchema },
} as const;
