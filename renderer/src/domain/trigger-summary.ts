/**
 * A rule's trigger in words, as the rules list and the builder's trigger node show it:
 * "every 5 minutes", "every weekday at 07:30 Europe/Berlin", "once at 2027-03-28 09:30
 * Europe/Berlin", "when the webhook of local.signup is called", "when a file is added in ~/Inbox
 * matching *.pdf", "when the computer wakes from sleep".
 */
import { cronInWords } from './cron-words.ts';

export const INTERVAL_TIMER = 'core.intervaltimer';
export const CRON_TIMER = 'core.crontimer';
export const ONE_SHOT_TIMER = 'core.datetimetimer';
export const TIMER_TRIGGERS: readonly string[] = [INTERVAL_TIMER, CRON_TIMER, ONE_SHOT_TIMER];

export const FILEWATCH_TRIGGER = 'core.filewatch';
export const SYSTEM_TRIGGER = 'core.system';

/** What a file watch can report, in the order the builder lists them. */
export const FILE_EVENTS = [
  { value: 'add', label: 'added', verb: 'added' },
  { value: 'change', label: 'changed', verb: 'changed' },
  { value: 'unlink', label: 'removed', verb: 'removed' },
] as const;

/** The system events, in words. */
export const SYSTEM_EVENTS = [
  { value: 'engine_started', label: 'Attune Desktop starts', words: 'when Attune Desktop starts' },
  {
    value: 'resumed_from_sleep',
    label: 'The computer wakes from sleep',
    words: 'when the computer wakes from sleep',
  },
  { value: 'clock_changed', label: 'The system clock is changed', words: 'when the system clock is changed' },
] as const;

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** "when a file is added in ~/Inbox matching *.pdf". */
export function describeFilewatch(params: Record<string, unknown>): string {
  const path = typeof params.path === 'string' ? params.path.trim() : '';
  if (!path) return 'when a file changes (folder not set yet)';
  const picked = Array.isArray(params.events) ? params.events : FILE_EVENTS.map((e) => e.value);
  const verbs = FILE_EVENTS.filter((e) => picked.includes(e.value)).map((e) => e.verb);
  const glob =
    typeof params.glob === 'string' && params.glob.trim() && params.glob.trim() !== '*'
      ? params.glob.trim()
      : '';
  const where = params.recursive === true ? `${path} or below` : path;
  return `when a file is ${listInWords(verbs.length ? verbs : ['changed'])} in ${where}${glob ? ` matching ${glob}` : ''}`;
}

/** "when the computer wakes from sleep". */
export function describeSystem(params: Record<string, unknown>): string {
  return SYSTEM_EVENTS.find((e) => e.value === params.event)?.words ?? 'on a system event (not chosen yet)';
}

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
  if (triggerRef === FILEWATCH_TRIGGER) return describeFilewatch(params);
  if (triggerRef === SYSTEM_TRIGGER) return describeSystem(params);
  if (trigger?.webhook_enabled) return `when the webhook of ${triggerRef} is called`;
  const name =
    trigger?.label && trigger.label !== triggerRef ? `${trigger.label} (${triggerRef})` : triggerRef;
  return `when ${name} fires`;
}
