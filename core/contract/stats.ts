/**
 * `stats.activity`: how much happened per bucket of a time range — events, events whose rules
 * failed to evaluate, missed timer slots, executions and failed executions — for a dashboard's
 * chart, counted by the store in one pass over the range rather than by paging lists.
 */
import { z } from 'zod';
import { decimalInt } from './decimal.ts';

/** The most buckets one answer holds (a day by the minute). */
export const MAX_ACTIVITY_BUCKETS = 1440;

export const ActivityInput = z
  .strictObject({
    since: z.iso.datetime({ offset: true }),
    /** Default: now. */
    until: z.iso.datetime({ offset: true }).optional(),
    bucket_seconds: decimalInt(1, 86_400 * 31),
  })
  .refine((v) => v.until === undefined || Date.parse(v.until) > Date.parse(v.since), {
    message: 'must be after since',
    path: ['until'],
  });

const Counts = {
  events: z.number(),
  /** Events with at least one evaluation error. */
  event_errors: z.number(),
  missed: z.number(),
  executions: z.number(),
  /** Executions that failed, timed out or were abandoned. */
  failed: z.number(),
};

export const ActivitySchema = z.object({
  since: z.string(),
  until: z.string(),
  bucket_seconds: z.number(),
  buckets: z.array(z.object({ start: z.string(), ...Counts })),
  totals: z.object(Counts),
});
export type Activity = z.infer<typeof ActivitySchema>;
