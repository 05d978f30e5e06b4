/** stats.* channels: counts over time for a dashboard. */
import { ActivitySchema, MAX_ACTIVITY_BUCKETS } from '../contract/stats.ts';
import { AttuneError } from '../model/errors.ts';
import { activity } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';

export const statsHandlers = {
  'stats.activity': (a, { engine }) => {
    const since = Date.parse(a.since);
    const until = a.until === undefined ? engine.clock.now() : Date.parse(a.until);
    const bucketMs = a.bucket_seconds * 1000;
    if (until <= since)
      throw new AttuneError('VALIDATION_ERROR', 'since: must be in the past', { field: 'since' });
    if (Math.ceil((until - since) / bucketMs) > MAX_ACTIVITY_BUCKETS) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `bucket_seconds: the range holds more than ${MAX_ACTIVITY_BUCKETS} buckets; use larger buckets`,
        { field: 'bucket_seconds' },
      );
    }
    const buckets = activity(engine.store.read, since, until, bucketMs);
    const totals = { events: 0, event_errors: 0, missed: 0, executions: 0, failed: 0 };
    for (const b of buckets)
      for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += b[k];
    return ActivitySchema.parse({
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      bucket_seconds: a.bucket_seconds,
      buckets: buckets.map((b) => ({ ...b, start: new Date(b.start).toISOString() })),
      totals,
    });
  },
} satisfies Partial<Handlers>;
