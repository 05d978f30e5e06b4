/**
 * StackStorm's timer triggers → Attune's (docs/timers.md, "The three timers"). `core.st2.CronTimer` takes APScheduler's
 * CronTrigger fields, whose defaults and weekday numbering differ from cron's: fields after the
 * last one given default to their minimum, fields before it to `*`, and day_of_week counts
 * 0 = Monday. Both are translated here, so the converted expression fires at the same instants.
 */
import type { JsonObject } from '../model/entities.ts';

export interface ConvertedTrigger {
  trigger_ref: string;
  trigger_params: JsonObject;
  /** Field (under trigger_params) and what could not be carried over. */
  problems: Array<{ field: string; message: string }>;
}

const INTERVAL_UNITS: Readonly<Record<string, [string, number]>> = {
  seconds: ['seconds', 1],
  minutes: ['minutes', 1],
  hours: ['hours', 1],
  days: ['days', 1],
  weeks: ['days', 7],
};

/** APScheduler's field order, most significant first, and each field's minimum. */
const CRON_FIELDS = ['year', 'month', 'day', 'week', 'day_of_week', 'hour', 'minute', 'second'] as const;
type CronField = (typeof CRON_FIELDS)[number];
const CRON_DEFAULTS: Record<CronField, string> = {
  year: '*',
  month: '1',
  day: '1',
  week: '*',
  day_of_week: '*',
  hour: '0',
  minute: '0',
  second: '0',
};

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Converts a StackStorm timer trigger; any other trigger is returned unchanged. */
export function convertSt2Trigger(type: string, params: JsonObject): ConvertedTrigger {
  switch (type) {
    case 'core.st2.IntervalTimer':
      return interval(params);
    case 'core.st2.CronTimer':
      return cron(params);
    case 'core.st2.DateTimer':
      return date(params);
    default:
      return { trigger_ref: type, trigger_params: params, problems: [] };
  }
}

function interval(params: JsonObject): ConvertedTrigger {
  const problems: ConvertedTrigger['problems'] = [];
  const unitRaw = typeof params['unit'] === 'string' ? params['unit'].toLowerCase() : 'seconds';
  const unit = INTERVAL_UNITS[unitRaw];
  if (unit === undefined) problems.push({ field: 'unit', message: `unknown interval unit "${unitRaw}"` });
  const delta = params['delta'];
  if (typeof delta !== 'number' || !Number.isInteger(delta) || delta < 1) {
    problems.push({ field: 'delta', message: 'must be an integer of at least 1' });
  }
  const [ourUnit, factor] = unit ?? ['seconds', 1];
  return {
    trigger_ref: 'core.intervaltimer',
    trigger_params: { interval: typeof delta === 'number' ? delta * factor : delta, unit: ourUnit },
    problems,
  };
}

function date(params: JsonObject): ConvertedTrigger {
  const problems: ConvertedTrigger['problems'] = [];
  const raw = params['date'];
  let fireAt: unknown = raw;
  if (typeof raw === 'string') fireAt = raw.trim().replace(/^(\d{4}-\d{2}-\d{2})[ ](\d)/, '$1T$2');
  else problems.push({ field: 'date', message: 'is required: "YYYY-MM-DD HH:MM:SS"' });
  const out: JsonObject = { fire_at: fireAt };
  if (typeof params['timezone'] === 'string') out['timezone'] = params['timezone'];
  return { trigger_ref: 'core.datetimetimer', trigger_params: out, problems };
}

function cron(params: JsonObject): ConvertedTrigger {
  const problems: ConvertedTrigger['problems'] = [];
  const given = new Map<CronField, string>();
  for (const f of CRON_FIELDS) {
    const v = params[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && typeof v !== 'number') {
      problems.push({ field: f, message: 'must be a number or a cron field expression' });
      continue;
    }
    given.set(f, String(v).trim().toLowerCase());
  }
  const fields = {} as Record<CronField, string>;
  let remaining = given.size;
  let assignDefaults = remaining === 0;
  for (const f of CRON_FIELDS) {
    const v = given.get(f);
    if (v !== undefined) {
      fields[f] = v;
      remaining--;
      assignDefaults = remaining === 0;
    } else {
      fields[f] = assignDefaults ? CRON_DEFAULTS[f] : '*';
    }
  }
  if (fields.week !== '*')
    problems.push({ field: 'week', message: 'ISO week numbers have no cron equivalent' });
  if (fields.day === 'last') fields.day = 'L';
  else if (/[a-z]/.test(fields.day)) {
    problems.push({ field: 'day', message: `"${fields.day}" has no cron equivalent` });
  }
  const dow = convertWeekdays(fields.day_of_week);
  if (dow === null) {
    problems.push({ field: 'day_of_week', message: `"${fields.day_of_week}" cannot be converted` });
  } else {
    fields.day_of_week = dow;
  }
  if (fields.day !== '*' && fields.day_of_week !== '*') {
    problems.push({
      field: 'day_of_week',
      message: 'StackStorm needs both day and day_of_week to match; cron fires when either matches',
    });
  }
  const parts = [fields.second, fields.minute, fields.hour, fields.day, fields.month, fields.day_of_week];
  if (fields.year !== '*') parts.push(fields.year);
  const out: JsonObject = { expression: parts.join(' ') };
  if (typeof params['timezone'] === 'string') out['timezone'] = params['timezone'];
  for (const key of Object.keys(params)) {
    if (key !== 'timezone' && !(CRON_FIELDS as readonly string[]).includes(key)) {
      problems.push({ field: key, message: `unknown CronTimer parameter "${key}"` });
    }
  }
  return { trigger_ref: 'core.crontimer', trigger_params: out, problems };
}

/**
 * An APScheduler day_of_week expression (0 = Monday, names, ranges, steps, lists) as a cron
 * list (0 = Sunday), or null when it cannot be read.
 */
export function convertWeekdays(expr: string): string | null {
  if (expr === '*' || expr === '?') return '*';
  const days = new Set<number>();
  const dayNumber = (s: string): number | null => {
    if (/^\d+$/.test(s)) {
      const n = Number(s);
      return n <= 6 ? n : null;
    }
    const i = WEEKDAYS.indexOf(s.slice(0, 3));
    return i >= 0 ? i : null;
  };
  for (const part of expr.split(',')) {
    const m = /^(\*|[a-z0-9]+)(?:-([a-z0-9]+))?(?:\/(\d+))?$/.exec(part.trim());
    if (m === null) return null;
    const step = m[3] === undefined ? 1 : Number(m[3]);
    if (step < 1) return null;
    let from: number | null;
    let to: number | null;
    if (m[1] === '*') {
      from = 0;
      to = 6;
    } else {
      from = dayNumber(m[1]!);
      to = m[2] === undefined ? (m[3] === undefined ? from : 6) : dayNumber(m[2]);
    }
    if (from === null || to === null || to < from) return null;
    for (let d = from; d <= to; d += step) days.add(d);
  }
  if (days.size === 7) return '*';
  return [...days]
    .map((d) => (d + 1) % 7)
    .sort((a, b) => a - b)
    .join(',');
}
