/**
 * A sample of the payload a timer trigger's events carry (docs/timers.md), for "Try it" and
 * "Run now": the same fields the timer sensor sets, at `now`.
 */
import { CRON_TIMER, INTERVAL_TIMER, ONE_SHOT_TIMER } from './trigger-summary.ts';

const UNIT_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

/** The sample payload for a timer rule, or null when `triggerRef` is not a timer. */
export function sampleTimerPayload(
  triggerRef: string,
  params: Record<string, unknown>,
  now: number,
): Record<string, unknown> | null {
  const at = new Date(now).toISOString();
  if (triggerRef === INTERVAL_TIMER) {
    const n = Number(params.interval) || 1;
    const unit = typeof params.unit === 'string' ? params.unit : 'seconds';
    return {
      type: 'interval',
      interval_seconds: n * (UNIT_SECONDS[unit] ?? 1),
      scheduled_at: at,
      fired_at: at,
      execution_count: 1,
    };
  }
  if (triggerRef === CRON_TIMER) {
    return {
      type: 'cron',
      expression: typeof params.expression === 'string' ? params.expression : '',
      timezone: typeof params.timezone === 'string' ? params.timezone : 'UTC',
      scheduled_at: at,
      fired_at: at,
      next_fire_at: null,
      execution_count: 1,
    };
  }
  if (triggerRef === ONE_SHOT_TIMER) {
    return { type: 'one_shot', fire_at: at, fired_at: at, delay_ms: 0 };
  }
  return null;
}
