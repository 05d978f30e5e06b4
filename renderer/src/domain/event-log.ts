/**
 * The event log's logic, free of React: what the filters ask the server for, what one event's
 * outcome is in a word, why a timer slot was missed, totals that are lower bounds, and how the
 * pages read by cursor are kept (a window of pages, the newest rows merged in at the live edge).
 */
import type { ChannelInput } from '../../../core/contract/channels.ts';
import type { AttuneEvent, Evaluation } from '../../../core/contract/entities.ts';

/** The outcomes a user filters by; `missed` is a kind of event, the rest are evaluation outcomes. */
export const OUTCOME_FILTERS = [
  { value: '', label: 'Any outcome' },
  { value: 'fired', label: 'Fired' },
  { value: 'condition_false', label: 'Condition false' },
  { value: 'error', label: 'Error' },
  { value: 'missed', label: 'Missed' },
  { value: 'skipped', label: 'Skipped (still running)' },
  { value: 'disabled', label: 'Rule disabled' },
  { value: 'retry_exhausted', label: 'Failed after retries' },
  { value: 'not_fired', label: 'Did not fire (any cause)' },
] as const;
export type OutcomeFilter = (typeof OUTCOME_FILTERS)[number]['value'];

/** Time ranges offered; `custom` uses the two instants given. */
export const TIME_RANGES = [
  { value: '', label: 'Any time', ms: 0 },
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3_600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: 'custom', label: 'Between…', ms: 0 },
] as const;
export type TimeRange = (typeof TIME_RANGES)[number]['value'];

/** What the user picked in the filter bar. */
export interface EventLogFilters {
  trigger: string;
  rule: string;
  outcome: OutcomeFilter;
  range: TimeRange;
  /** Local date-times (`YYYY-MM-DDTHH:mm`) of a custom range; either may be empty. */
  from: string;
  to: string;
  /** Words the payload must contain. */
  text: string;
}

export const NO_FILTERS: EventLogFilters = {
  trigger: '',
  rule: '',
  outcome: '',
  range: '',
  from: '',
  to: '',
  text: '',
};

export type EventListInput = ChannelInput<'events.list'>;

const OUTCOME_INPUT: Record<Exclude<OutcomeFilter, ''>, Partial<EventListInput>> = {
  not_fired: { outcome: 'not_fired' },
  retry_exhausted: { outcome: 'retry_exhausted' },
  fired: { outcome: 'matched' },
  condition_false: { outcome: 'condition_false' },
  error: { outcome: 'error' },
  missed: { kind: 'missed' },
  skipped: { outcome: 'overlap_skipped' },
  disabled: { outcome: 'rule_disabled' },
};

/** A local `YYYY-MM-DDTHH:mm` as an ISO instant, or undefined when empty or invalid. */
function localToIso(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local).getTime();
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/**
 * The `events.list` filters for the bar's state. A relative range ("last hour") is measured
 * from `now`, so the caller passes the instant the log was opened at (its anchor).
 */
export function eventListFilters(f: EventLogFilters, now: number): EventListInput {
  const input: EventListInput = {};
  if (f.trigger) input.trigger_ref = f.trigger;
  if (f.rule) input.rule_ref = f.rule;
  if (f.outcome) Object.assign(input, OUTCOME_INPUT[f.outcome]);
  const text = f.text.trim();
  if (text) input.q = text;
  if (f.range === 'custom') {
    const since = localToIso(f.from);
    const until = localToIso(f.to);
    if (since) input.since = since;
    if (until) input.until = until;
  } else if (f.range) {
    const ms = TIME_RANGES.find((r) => r.value === f.range)?.ms ?? 0;
    if (ms > 0) input.since = new Date(now - ms).toISOString();
  }
  return input;
}

/** True when any filter is set. */
export function hasFilters(f: EventLogFilters): boolean {
  return !!(f.trigger || f.rule || f.outcome || f.range || f.text.trim());
}

export type Tone = 'ok' | 'bad' | 'busy' | 'idle';

/** One event's outcome in a word, with the rules it concerns. */
export interface EventOutcome {
  kind: 'fired' | 'error' | 'missed' | 'skipped' | 'condition_false' | 'disabled' | 'no_rule';
  label: string;
  tone: Tone;
  /** Rules with that outcome (the addressed rule for a missed slot). */
  rules: string[];
  /** How many other rules were evaluated with another outcome. */
  others: number;
}

const PRIORITY: Array<[Evaluation['outcome'], EventOutcome['kind'], string, Tone]> = [
  ['error', 'error', 'error', 'bad'],
  ['matched', 'fired', 'fired', 'ok'],
  ['overlap_skipped', 'skipped', 'skipped', 'busy'],
  ['condition_false', 'condition_false', 'condition false', 'idle'],
  ['rule_disabled', 'disabled', 'rule disabled', 'idle'],
];

/** The headline of an event: missed, else its most telling evaluation (error, fired, skipped…). */
export function eventOutcome(e: Pick<AttuneEvent, 'kind' | 'rule_ref' | 'evaluations'>): EventOutcome {
  if (e.kind === 'missed') {
    return { kind: 'missed', label: 'missed', tone: 'bad', rules: e.rule_ref ? [e.rule_ref] : [], others: 0 };
  }
  const evaluations = e.evaluations ?? [];
  for (const [outcome, kind, label, tone] of PRIORITY) {
    const rules = evaluations.filter((v) => v.outcome === outcome).map((v) => v.rule_ref);
    if (rules.length > 0) return { kind, label, tone, rules, others: evaluations.length - rules.length };
  }
  return { kind: 'no_rule', label: 'no rule', tone: 'idle', rules: [], others: 0 };
}

const MISSED_REASONS: Record<string, string> = {
  app_not_running: 'the app was not running',
  asleep: 'the computer was asleep',
  clock_jump: 'the clock jumped',
  overlap_skipped: 'the previous run was still going (overlap policy)',
  rule_disabled: 'the rule was disabled',
  outside_window: 'it was too late to run (outside the misfire window)',
};

/** Why a timer slot did not run, in words ("the app was not running"). */
export function missedReasonText(reason: unknown): string {
  return typeof reason === 'string' ? (MISSED_REASONS[reason] ?? reason.replaceAll('_', ' ')) : 'unknown';
}

/** A missed event's payload in one sentence, e.g. "3 slots from 08:00 … did not run: …". */
export function missedSummary(payload: Record<string, unknown>): string {
  const count = typeof payload.count === 'number' ? payload.count : 1;
  const exact = payload.count_exact !== false;
  const slots = count === 1 ? 'A scheduled run' : `${count}${exact ? '' : '+'} scheduled runs`;
  return `${slots} did not run: ${missedReasonText(payload.reason)}.`;
}

/** A count for people: "1,234", or "10,000+" when it is a lower bound. */
export function formatCount(n: number, lowerBound: boolean): string {
  return `${n.toLocaleString('en-US')}${lowerBound ? '+' : ''}`;
}

/** The first line of a payload, for a row: `{"order":7,"city":"Lyon"}` cut to `max` characters. */
export function payloadPreview(payload: unknown, max = 120): string {
  const text = JSON.stringify(payload) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Why a rule decided as it did, in words (the evaluation record's "reason" column). */
export function evaluationReason(ev: Pick<Evaluation, 'outcome' | 'detail'>): string {
  switch (ev.outcome) {
    case 'matched':
      return 'the conditions matched';
    case 'condition_false':
      return ev.detail ? `the condition was false: ${ev.detail}` : 'the condition was false';
    case 'error':
      return ev.detail ?? 'the rule could not be evaluated';
    case 'rule_disabled':
      return 'the rule is disabled';
    case 'overlap_skipped':
      return ev.detail ?? 'a run of this rule was still active';
    case 'retry_exhausted':
      return ev.detail ?? 'its execution failed after the last retry';
  }
}

/**
 * An instant for a log row, short: "14:05:09" today, "03-28 14:05" this year, else
 * "2025-12-31 14:05" (local time).
 */
export function compactTime(iso: string, now: number): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const n = new Date(now);
  const two = (x: number) => String(x).padStart(2, '0');
  const hm = `${two(d.getHours())}:${two(d.getMinutes())}`;
  const sameDay =
    d.getFullYear() === n.getFullYear() && d.getMonth() === n.getMonth() && d.getDate() === n.getDate();
  if (sameDay) return `${hm}:${two(d.getSeconds())}`;
  const md = `${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return d.getFullYear() === n.getFullYear() ? `${md} ${hm}` : `${d.getFullYear()}-${md} ${hm}`;
}

/**
 * `ref` cut after each `.`, `_` and `-`, for a narrow column to wrap between the words of
 * `pack.rule_name` rather than inside them; the parts joined are `ref` again.
 */
export function refParts(ref: string): string[] {
  return ref.match(/[^._-]*(?:[._-]+|$)/g)?.filter((p) => p !== '') ?? [ref];
}
