/**
 * A rule's trigger in words, as the rules list and the builder's trigger node show it:
 * "every 5 minutes", "every weekday at 07:30 Europe/Berlin", "once at 2027-03-28 09:30
 * Europe/Berlin", "when the webhook of local.signup is called".
 */
import { cronInWords } from './cron-words.ts';

export const INTERVAL_TIMER = 'core.intervaltimer';
export const CRON_TIMER = 'core.crontimer';
export const ONE_SHOT_TIMER = 'core.datetimetimer';
export const TIMER_TRIGGERS: readonly string[] = [INTERVAL_TIMER, CRON_TIMER, ONE_SHOT_TIMER];

export type IntervalUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** What the summary needs to know of a trigger that is not a timer. */
export interface TriggerFacts {
  ref: string;
  label?: string;
  webhook_enabled?: boolean;
}

export function isTimer(triggerRef: string): boolean {
  return TIMER_TRIGGERS.includes(triggerRef);
}

function plural(n: number, unit: string): string {
  const one = unit.replace(/s$/, '');
  return n === 1 ? `every ${one}` : `every ${n} ${unit}`;
}

/** `2027-03-28T09:30:00+01:00` → `2027-03-28 09:30 (+01:00)`; local times lose only the `T`. */
export function readableDateTime(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) return value;
  const secs = m[3] && m[3] !== '00' ? `:${m[3]}` : '';
  const zone = m[4] ? (m[4] === 'Z' ? ' UTC' : ` (${m[4]})`) : '';
  return `${m[1]} ${m[2]}${secs}${zone}`;
}

export function describeTrigger(
  triggerRef: string,
  params: Record<string, unknown>,
  trigger?: TriggerFacts | null,
): string {
  if (triggerRef === INTERVAL_TIMER) {
    const n = Number(params.interval);
    const unit = typeof params.unit === 'string' ? params.unit : 'seconds';
    return Number.isFinite(n) && n > 0 ? plural(n, unit) : 'on an interval (not set yet)';
  }
  if (triggerRef === CRON_TIMER) {
    const expr = typeof params.expression === 'string' ? params.expression : '';
    const zone = typeof params.timezone === 'string' && params.timezone ? ` ${params.timezone}` : '';
    if (!expr) return 'on a cron schedule (not set yet)';
    const words = cronInWords(expr);
    return words ? `${words}${zone}` : `cron ${expr}${zone}`;
  }
  if (triggerRef === ONE_SHOT_TIMER) {
    const at = typeof params.fire_at === 'string' ? params.fire_at : '';
    const zone = typeof params.timezone === 'string' && params.timezone ? ` ${params.timezone}` : '';
    return at ? `once at ${readableDateTime(at)}${zone}` : 'once (date not set yet)';
  }
  if (trigger?.webhook_enabled) return `when the webhook of ${triggerRef} is called`;
  const name =
    trigger?.label && trigger.label !== triggerRef ? `${trigger.label} (${triggerRef})` : triggerRef;
  return `when ${name} fires`;
}
