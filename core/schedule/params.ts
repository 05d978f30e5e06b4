/**
 * Timer `trigger_params`: parsing, defaults and the save-time checks (docs/timers.md, "Validation at save": a bad cron
 * expression, an unknown timezone, an interval < 1 or a fire_at in the past is rejected with a
 * message that names the field). Every problem is an AttuneError('VALIDATION_ERROR') whose
 * `field` is `trigger_params.<key>` and whose message names the field and the value; `details`
 * lists every problem found, the message is the first.
 */
import { AttuneError } from '../model/errors.ts';
import { isRecord } from '../util/records.ts';
import { type CronParams, checkCronExpression, createCronSchedule, normalizeCronExpression } from './cron.ts';
import { INTERVAL_UNITS, type IntervalParams, type IntervalUnit, UNIT_MS } from './interval.ts';
import { fireAtInstant, type OneShotParams, type ParsedFireAt, parseFireAt } from './one-shot.ts';
import { canonicalTimezone, systemTimezone } from './tz.ts';

/** The core timer triggers (docs/timers.md, "The three timers"). */
export const TIMER_TRIGGER_REFS = ['core.intervaltimer', 'core.crontimer', 'core.datetimetimer'] as const;
export type TimerTriggerRef = (typeof TIMER_TRIGGER_REFS)[number];

/** True for the three core timer triggers. */
export function isTimerTrigger(ref: string): ref is TimerTriggerRef {
  return (TIMER_TRIGGER_REFS as readonly string[]).includes(ref);
}

/** Normalized params of any timer trigger. */
export type TimerParams = IntervalParams | CronParams | OneShotParams;

/** Params parsed for building a schedule; `fireAt`/`timezone` are the datetimetimer's resolved parts. */
export type ParsedTimerParams =
  | { ref: 'core.intervaltimer'; params: IntervalParams }
  | { ref: 'core.crontimer'; params: CronParams }
  | { ref: 'core.datetimetimer'; params: OneShotParams; fireAt: ParsedFireAt; timezone: string };

/** One problem with one field. */
export interface FieldProblem {
  field: string;
  message: string;
}

const KEYS: Record<TimerTriggerRef, readonly string[]> = {
  'core.intervaltimer': ['interval', 'unit'],
  'core.crontimer': ['expression', 'timezone'],
  'core.datetimetimer': ['fire_at', 'timezone'],
};

function show(value: unknown): string {
  if (typeof value === 'number') return String(value); // NaN and Infinity, which JSON shows as null
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json; // undefined, which JSON cannot show
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

class Problems {
  readonly list: FieldProblem[] = [];

  add(key: string, value: unknown, problem: string): void {
    const field = `trigger_params.${key}`;
    const shown = value === undefined ? '' : ` ${show(value)}`;
    this.list.push({ field, message: `${field}${shown} ${problem}` });
  }

  throwIfAny(): void {
    const [first] = this.list;
    if (first === undefined) return;
    throw new AttuneError('VALIDATION_ERROR', first.message, { field: first.field, details: this.list });
  }
}

function parseTimezone(raw: unknown, fallback: string, problems: Problems): string {
  if (isAbsent(raw)) return fallback;
  const tz = typeof raw === 'string' ? canonicalTimezone(raw) : null;
  if (tz === null) problems.add('timezone', raw, 'is not a known IANA time zone (e.g. Europe/Berlin)');
  return tz ?? fallback;
}

function parseInterval(p: Record<string, unknown>, problems: Problems): IntervalParams {
  const unitRaw = isAbsent(p['unit']) ? 'seconds' : p['unit'];
  const unit: IntervalUnit = INTERVAL_UNITS.find((u) => u === unitRaw) ?? 'seconds';
  if (unit !== unitRaw) problems.add('unit', unitRaw, `is not a unit; use ${INTERVAL_UNITS.join(', ')}`);
  const interval = p['interval'];
  if (isAbsent(interval)) problems.add('interval', undefined, 'is required (a whole number of at least 1)');
  else if (typeof interval !== 'number' || !Number.isFinite(interval)) {
    problems.add('interval', interval, 'is not a number');
  } else if (!Number.isInteger(interval)) problems.add('interval', interval, 'is not a whole number');
  else if (interval < 1) problems.add('interval', interval, 'is less than 1');
  else if (!Number.isSafeInteger(interval * UNIT_MS[unit]))
    problems.add('interval', interval, 'is too large');
  // Only read when no problem was added, and then it is a number.
  return { interval: Number(interval), unit };
}

function parseCron(p: Record<string, unknown>, defaultTimezone: string, problems: Problems): CronParams {
  const timezone = parseTimezone(p['timezone'], defaultTimezone, problems);
  const raw = p['expression'];
  if (isAbsent(raw)) {
    problems.add('expression', undefined, 'is required (e.g. "0 9 * * MON-FRI")');
    return { expression: '', timezone };
  }
  if (typeof raw !== 'string') {
    problems.add('expression', raw, 'is not a string');
    return { expression: '', timezone };
  }
  const normalized = normalizeCronExpression(raw);
  if ('error' in normalized) {
    problems.add('expression', raw, `is not a valid cron expression: it ${normalized.error}`);
    return { expression: '', timezone };
  }
  const reason = checkCronExpression(normalized.expression, timezone);
  if (reason !== null) problems.add('expression', raw, `is not a valid cron expression: ${reason}`);
  return { expression: normalized.expression, timezone };
}

function parseOneShot(
  p: Record<string, unknown>,
  defaultTimezone: string,
  problems: Problems,
): { params: OneShotParams; fireAt: ParsedFireAt; timezone: string } {
  const timezone = parseTimezone(p['timezone'], defaultTimezone, problems);
  const raw = p['fire_at'];
  const placeholder: ParsedFireAt = { kind: 'instant', at: 0 };
  if (isAbsent(raw)) {
    problems.add('fire_at', undefined, 'is required (e.g. "2027-03-28T09:30:00+01:00")');
    return { params: { fire_at: '' }, fireAt: placeholder, timezone };
  }
  if (typeof raw !== 'string') {
    problems.add('fire_at', raw, 'is not a string');
    return { params: { fire_at: '' }, fireAt: placeholder, timezone };
  }
  const fireAt = parseFireAt(raw);
  if ('error' in fireAt) {
    problems.add('fire_at', raw, fireAt.error);
    return { params: { fire_at: raw.trim() }, fireAt: placeholder, timezone };
  }
  // A local time is kept with the zone that gives it meaning, so a later change of the system
  // zone cannot move it; with an offset, the zone is only kept if the user gave one.
  const params: OneShotParams =
    fireAt.kind === 'local' || !isAbsent(p['timezone'])
      ? { fire_at: raw.trim(), timezone }
      : { fire_at: raw.trim() };
  return { params, fireAt, timezone };
}

/**
 * Parse timer params with defaults filled in, without the checks that depend on the current
 * time (that is `validateTimerParams`). Throws AttuneError('VALIDATION_ERROR').
 */
export function parseTimerParams(
  triggerRef: string,
  params: unknown,
  opts: { defaultTimezone?: string } = {},
): ParsedTimerParams {
  if (!isTimerTrigger(triggerRef)) {
    throw new AttuneError(
      'VALIDATION_ERROR',
      `trigger_ref "${triggerRef}" is not a timer trigger; use one of ${TIMER_TRIGGER_REFS.join(', ')}`,
      { field: 'trigger_ref' },
    );
  }
  if (!isRecord(params)) {
    throw new AttuneError('VALIDATION_ERROR', `trigger_params ${show(params)} must be an object`, {
      field: 'trigger_params',
    });
  }
  const problems = new Problems();
  const p = params;
  const allowed = KEYS[triggerRef];
  for (const key of Object.keys(p)) {
    if (!allowed.includes(key)) {
      problems.add(key, undefined, `is not a setting of ${triggerRef}; it has ${allowed.join(', ')}`);
    }
  }
  const defaultTimezone = opts.defaultTimezone ?? systemTimezone();
  let parsed: ParsedTimerParams;
  if (triggerRef === 'core.intervaltimer') parsed = { ref: triggerRef, params: parseInterval(p, problems) };
  else if (triggerRef === 'core.crontimer') {
    parsed = { ref: triggerRef, params: parseCron(p, defaultTimezone, problems) };
  } else parsed = { ref: triggerRef, ...parseOneShot(p, defaultTimezone, problems) };
  problems.throwIfAny();
  return parsed;
}

/**
 * Validate and normalize a timer rule's `trigger_params` at save time: defaults filled in (`unit`
 * seconds; `timezone` the default zone for cron and local `fire_at`), cron expressions in stored
 * form, and the time-dependent checks: a `fire_at` must be after `now`, a cron expression must
 * fire at least once after `now`. Pass a non-finite `now` (e.g. -Infinity) to skip those two checks.
 * Throws AttuneError('VALIDATION_ERROR') naming the field.
 */
export function validateTimerParams(
  triggerRef: string,
  params: unknown,
  opts: { now: number; defaultTimezone?: string },
): TimerParams {
  return parseValidTimerParams(triggerRef, params, opts).params;
}

/**
 * `validateTimerParams`, returning the parsed params (`.params` is what it returns) so a schedule
 * can be built from them without parsing again (`scheduleFromParsed`).
 */
export function parseValidTimerParams(
  triggerRef: string,
  params: unknown,
  opts: { now: number; defaultTimezone?: string },
): ParsedTimerParams {
  const parsed = parseTimerParams(triggerRef, params, opts);
  const problems = new Problems();
  // A non-finite `now` (e.g. -Infinity when re-reading a stored rule) skips the time checks.
  const checkTime = Number.isFinite(opts.now);
  if (checkTime && parsed.ref === 'core.datetimetimer') {
    const at = fireAtInstant(parsed.fireAt, parsed.timezone);
    if (at <= opts.now) {
      problems.add(
        'fire_at',
        parsed.params.fire_at,
        `is in the past: it is ${new Date(at).toISOString()} and now is ${new Date(opts.now).toISOString()}`,
      );
    }
  }
  if (
    checkTime &&
    parsed.ref === 'core.crontimer' &&
    createCronSchedule(parsed.params).next(opts.now) === null
  ) {
    problems.add(
      'expression',
      parsed.params.expression,
      `never fires after ${new Date(opts.now).toISOString()}`,
    );
  }
  problems.throwIfAny();
  return parsed;
}
