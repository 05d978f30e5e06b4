/**
 * Retention channels (docs/retention.md): `retention.get` / `retention.set` are Attune's
 * `GET/PUT /api/v1/retention-config`; `retention.status` is what the settings page shows.
 */
import { z } from 'zod';
import { RETENTION_TARGETS, RetentionConfigSchema } from '../model/retention.ts';

export * from '../model/retention.ts';

/** What one pass did. */
export const RetentionPassSchema = z.object({
  started_at: z.string(),
  finished_at: z.string(),
  /** Rows deleted per target (events count their evaluations, enforcements, executions apart). */
  deleted: z.record(z.string(), z.number()),
  batches: z.number(),
  pages_freed: z.number(),
  /** The longest the pass held the store (and the event loop) in one go: one batch, one vacuum step. */
  longest_step_ms: z.number(),
});
export type RetentionPass = z.infer<typeof RetentionPassSchema>;

/** One table as the settings page shows it. */
export const RetentionTableStatusSchema = z.object({
  target: z.enum(RETENTION_TARGETS),
  /** False when this store has no such table (yet): the target is skipped. */
  present: z.boolean(),
  rows: z.number(),
  /** The table with its indexes (and, for events, the rows that go with them). */
  bytes: z.number(),
  /** `dbstat` when measured page by page, `estimate` when derived from rows. */
  bytes_source: z.enum(['dbstat', 'estimate']),
  /** Rows the limits would leave (the per-outcome minimum aside). */
  rows_kept: z.number(),
  /** Rows the limits would delete at the next pass. */
  rows_over: z.number(),
});

export const RetentionStatusSchema = z.object({
  config: RetentionConfigSchema,
  file_bytes: z.number(),
  /** Pages free inside the file, given back to the disk by incremental vacuum. */
  free_bytes: z.number(),
  auto_vacuum: z.enum(['none', 'full', 'incremental']),
  tables: z.array(RetentionTableStatusSchema),
  /** A pass is under way. */
  running: z.boolean(),
  last_pass: RetentionPassSchema.nullable(),
});
export type RetentionStatus = z.infer<typeof RetentionStatusSchema>;

/** `retention.run` answers at once: a pass over a large store takes minutes. */
export const RetentionRunSchema = z.object({
  running: z.literal(true),
  /** The previous pass, if any (the one started now shows in `retention.status` when done). */
  last_pass: RetentionPassSchema.nullable(),
});
