/**
 * The dashboard's logic, free of React: the activity window (the last hour by the minute, the
 * last day by the half hour), the chart's geometry (events and executions as lines, failures as
 * their own bars), failures since the last visit, the next fires, and the first-start templates.
 */
import type { RuleView } from '../../../core/contract/entities.ts';
import type { Activity } from '../../../core/contract/stats.ts';

export const RANGES = {
  hour: { label: 'Last hour', ms: 3_600_000, bucketSeconds: 60, unit: 'per minute' },
  day: { label: 'Last day', ms: 86_400_000, bucketSeconds: 1800, unit: 'per 30 minutes' },
} as const;
export type RangeName = keyof typeof RANGES;

/**
 * The `stats.activity` input for `range` ending now: the start is aligned to a bucket, so the
 * request stays the same until the next bucket begins (one read per minute for the hour).
 */
export function activityWindow(range: RangeName, now: number): { since: string; bucket_seconds: number } {
  const r = RANGES[range];
  const bucketMs = r.bucketSeconds * 1000;
  const end = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  return { since: new Date(end - r.ms).toISOString(), bucket_seconds: r.bucketSeconds };
}

type Bucket = Activity['buckets'][number];

/** What counts as a failure: failed executions, rule evaluation errors and missed slots. */
export function failuresOf(b: Pick<Bucket, 'failed' | 'event_errors' | 'missed'>): number {
  return b.failed + b.event_errors + b.missed;
}

export interface ChartGeometry {
  max: number;
  /** SVG path data of the events and executions lines. */
  events: string;
  executions: string;
  /** One bar per bucket with failures. */
  failures: Array<{ x: number; y: number; width: number; height: number; count: number }>;
  /** Labels along the bottom. */
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
}

/** A round maximum above `n` for the axis (1, 2, 5, 10, 20, 50…). */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** The chart of `buckets` in a `width` × `height` box; `label` names a bucket's start instant. */
export function chartGeometry(
  buckets: readonly Bucket[],
  width: number,
  height: number,
  label: (iso: string) => string,
): ChartGeometry {
  const n = buckets.length;
  const max = niceMax(Math.max(0, ...buckets.map((b) => Math.max(b.events, b.executions, failuresOf(b)))));
  const step = n > 0 ? width / n : width;
  const x = (i: number) => i * step + step / 2;
  const y = (v: number) => height - (v / max) * height;
  const line = (pick: (b: Bucket) => number) =>
    buckets.map((b, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(pick(b)).toFixed(1)}`).join(' ');
  const barWidth = Math.max(1, step * 0.6);
  const failures = buckets.flatMap((b, i) => {
    const count = failuresOf(b);
    return count > 0
      ? [{ x: x(i) - barWidth / 2, y: y(count), width: barWidth, height: height - y(count), count }]
      : [];
  });
  const every = Math.max(1, Math.ceil(n / 6));
  const xTicks = buckets.flatMap((b, i) => (i % every === 0 ? [{ x: x(i), label: label(b.start) }] : []));
  const yTicks = [0, max / 2, max].map((v) => ({ y: y(v), label: String(Math.round(v * 10) / 10) }));
  return {
    max,
    events: line((b) => b.events),
    executions: line((b) => b.executions),
    failures,
    xTicks,
    yTicks,
  };
}

/** The last visit stored by the dashboard, or null (first visit, or unreadable). */
export function parseLastVisit(raw: string | null, now: number): number | null {
  if (!raw) return null;
  const t = Date.parse(raw);
  return Number.isNaN(t) || t > now ? null : t;
}

/** The most `stats.activity` looks back for "since your last visit". */
export const MAX_LOOKBACK_MS = 31 * 86_400_000;

/** One bucket from `since` to `now`, for totals since the last visit (clamped to 31 days). */
export function sinceWindow(since: number, now: number): { since: string; bucket_seconds: number } {
  const from = Math.max(since, now - MAX_LOOKBACK_MS);
  const seconds = Math.max(1, Math.ceil((now - from) / 1000) + 60);
  return { since: new Date(from).toISOString(), bucket_seconds: seconds };
}

/** The next `n` timer fires across enabled rules, soonest first. */
export function nextFires(
  rules: readonly Pick<RuleView, 'ref' | 'label' | 'enabled' | 'next_fire_at'>[],
  n: number,
): Array<{ ref: string; label: string; at: string }> {
  return rules
    .filter((r) => r.enabled && r.next_fire_at)
    .map((r) => ({
      ref: r.ref,
      label: r.label && r.label !== r.ref ? r.label : r.ref,
      at: r.next_fire_at as string,
    }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(0, n);
}

/** The templates the first start offers; the rule builder reads `?template=<id>`. */
export const FIRST_RULE_TEMPLATES = [
  {
    id: 'morning-notification',
    title: 'Every morning at 08:00 show a notification',
    description: 'A cron timer (0 8 * * *) and the notification action.',
  },
  {
    id: 'webhook-script',
    title: 'When this webhook is called run a script',
    description: 'A webhook of your own and a shell command, with the call’s payload at hand.',
  },
] as const;

/** The builder link for a template: wouter's hash navigation puts the query before the hash. */
export function templateHref(id: string): string {
  return `/rules/new?template=${encodeURIComponent(id)}`;
}
