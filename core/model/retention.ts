/**
 * Retention config (docs/retention.md): Attune's runtime retention config (`enabled`,
 * `check_interval_seconds`, `batch_size`, `targets.<table>.max_age_seconds`), extended with a row
 * limit per table and a per-rule, per-outcome minimum that no limit can push out. Declared here
 * so the store can read and write it; core/contract re-exports it with the wire-only shapes.
 */
import { z } from 'zod';

/** The tables retention trims, in the order a pass visits them. */
export const RETENTION_TARGETS = ['events', 'executions', 'webhook_event_logs', 'sensor_logs'] as const;
export type RetentionTargetName = (typeof RETENTION_TARGETS)[number];

/** The largest row limit and batch accepted (far above any laptop's need; keeps arithmetic exact). */
const MAX_ROWS = 1_000_000_000;
const MAX_AGE_SECONDS = 100 * 365 * 86_400;

/** One table's limits; null means "no limit of this kind". */
export const RetentionTargetSchema = z.strictObject({
  /** Rows older than this are deleted (Attune's field). */
  max_age_seconds: z.number().int().min(1).max(MAX_AGE_SECONDS).nullable(),
  /** Only the newest this many rows are kept (beyond the per-outcome minimum). */
  max_rows: z.number().int().min(1).max(MAX_ROWS).nullable(),
});
export type RetentionTarget = z.infer<typeof RetentionTargetSchema>;

export const RetentionTargetsSchema = z.strictObject({
  events: RetentionTargetSchema,
  executions: RetentionTargetSchema,
  webhook_event_logs: RetentionTargetSchema,
  sensor_logs: RetentionTargetSchema,
});

export const RetentionConfigSchema = z.strictObject({
  /** Retention runs at all. */
  enabled: z.boolean(),
  /** Seconds between two passes. */
  check_interval_seconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400),
  /** Rows deleted per transaction: each batch is one short transaction, then the pass yields. */
  batch_size: z.number().int().min(1).max(10_000),
  /** Per rule, the newest this many events of each outcome are kept whatever the limits say. */
  min_per_outcome: z.number().int().min(0).max(10_000),
  targets: RetentionTargetsSchema,
});
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;

/** A change: any field may be left out, and then keeps its current value. */
export const RetentionConfigPatch = z.strictObject({
  enabled: RetentionConfigSchema.shape.enabled.optional(),
  check_interval_seconds: RetentionConfigSchema.shape.check_interval_seconds.optional(),
  batch_size: RetentionConfigSchema.shape.batch_size.optional(),
  min_per_outcome: RetentionConfigSchema.shape.min_per_outcome.optional(),
  targets: z
    .strictObject({
      events: RetentionTargetSchema.partial().optional(),
      executions: RetentionTargetSchema.partial().optional(),
      webhook_event_logs: RetentionTargetSchema.partial().optional(),
      sensor_logs: RetentionTargetSchema.partial().optional(),
    })
    .optional(),
});
export type RetentionConfigChange = z.infer<typeof RetentionConfigPatch>;

const DAY = 86_400;

/**
 * Defaults that keep a laptop's store under 1 GB for a year of a one-second timer
 * (docs/retention.md, "The defaults"): 30 days like Attune, and 500,000 events at about 1 KB each.
 */
export const DEFAULT_RETENTION_CONFIG: RetentionConfig = {
  enabled: true,
  check_interval_seconds: 3600,
  batch_size: 500,
  min_per_outcome: 20,
  targets: {
    events: { max_age_seconds: 30 * DAY, max_rows: 500_000 },
    executions: { max_age_seconds: 30 * DAY, max_rows: 500_000 },
    webhook_event_logs: { max_age_seconds: 30 * DAY, max_rows: 10_000 },
    sensor_logs: { max_age_seconds: 7 * DAY, max_rows: 100_000 },
  },
};
