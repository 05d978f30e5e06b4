/**
 * The timer agenda, free of React: every fire of every enabled timer rule in the next 24 hours,
 * in time order, grouped by day. Interval rules step from their next fire (their slots are
 * anchored where the engine put them); cron rules use the server's schedule preview; one-shot
 * rules have their one instant. A rule firing more often than a list can hold is summarized
 * ("every 5 s, 17,280 times"). Also: which rules are timers, and the pause set kept by the UI.
 */
import type { RuleView } from '../../../core/contract/entities.ts';

export const TIMER_TRIGGERS = ['core.intervaltimer', 'core.crontimer', 'core.datetimetimer'] as const;

/** The agenda's span. */
export const AGENDA_MS = 24 * 3_600_000;
/** A rule with more fires than this in the span is summarized rather than listed. */
export const MAX_LISTED_PER_RULE = 24;

const UNIT_MS: Record<string, number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

export type TimerRule = Pick<
  RuleView,
  'ref' | 'label' | 'trigger_ref' | 'trigger_params' | 'enabled' | 'next_fire_at' | 'last_fired_at'
>;

export function isTimerRule(r: Pick<RuleView, 'trigger_ref'>): boolean {
  return (TIMER_TRIGGERS as readonly string[]).includes(r.trigger_ref);
}

/** An interval rule's step in ms, or null when its params are not an interval. */
export function intervalMs(params: Record<string, unknown>): number | null {
  const n = params.interval;
  const unit = typeof params.unit === 'string' ? params.unit : 'seconds';
  const ms = UNIT_MS[unit];
  return typeof n === 'number' && n >= 1 && ms ? n * ms : null;
}

/** A previewed instant (schedule.preview's entries). */
export interface PreviewInstant {
  at: string;
  local: string;
  timezone: string;
  dst: string | null;
}

/** When one rule fires in [from, to): the instants listed, and how many there are in all. */
export interface RuleFires {
  rule: TimerRule;
  instants: Array<{ at: number; local?: string; timezone?: string; dst?: string | null }>;
  /** Fires in the span (a lower bound when `countIsLowerBound`). */
  count: number;
  countIsLowerBound: boolean;
  /** The step between fires, when regular (interval rules). */
  everyMs: number | null;
}

/**
 * The fires of `rule` in [from, to). `preview` is the server's next instants for a cron rule
 * (null for the others); when every one of them falls in the span, there may be more.
 */
export function ruleFires(
  rule: TimerRule,
  preview: readonly PreviewInstant[] | null,
  from: number,
  to: number,
): RuleFires {
  const none = { rule, instants: [], count: 0, countIsLowerBound: false, everyMs: null };
  if (!rule.enabled) return none;
  const next = rule.next_fire_at ? Date.parse(rule.next_fire_at) : Number.NaN;
  if (rule.trigger_ref === 'core.intervaltimer') {
    const step = intervalMs(rule.trigger_params);
    if (step === null || Number.isNaN(next)) return none;
    // Slots before `from` (a next fire shown a little late) are skipped on the same grid.
    const first = next >= from ? next : next + Math.ceil((from - next) / step) * step;
    if (first >= to) return { ...none, everyMs: step };
    const count = Math.floor((to - 1 - first) / step) + 1;
    const listed = Math.min(count, MAX_LISTED_PER_RULE + 1);
    const instants = Array.from({ length: listed }, (_, k) => ({ at: first + k * step }));
    return { rule, instants, count, countIsLowerBound: false, everyMs: step };
  }
  if (rule.trigger_ref === 'core.crontimer') {
    const all = (preview ?? []).map((p) => ({ ...p, at: Date.parse(p.at) }));
    const inSpan = all.filter((p) => p.at >= from && p.at < to);
    const cut = all.length > 0 && all.every((p) => p.at < to);
    return { rule, instants: inSpan, count: inSpan.length, countIsLowerBound: cut, everyMs: null };
  }
  if (!Number.isNaN(next) && next >= from && next < to) {
    return { rule, instants: [{ at: next }], count: 1, countIsLowerBound: false, everyMs: null };
  }
  return none;
}

/** One line of the agenda. */
export interface AgendaEntry {
  at: number;
  ref: string;
  label: string;
  /** Wall clock in the rule's zone when it differs from the viewer's. */
  zoned: string | null;
  dst: string | null;
}

export interface Agenda {
  days: Array<{ key: string; entries: AgendaEntry[] }>;
  /** Rules firing too often to list, soonest first. */
  frequent: Array<{
    ref: string;
    label: string;
    count: number;
    countIsLowerBound: boolean;
    everyMs: number | null;
    next: number;
  }>;
  /** Fires in the span across every rule (lower bound when any rule's is). */
  total: number;
  totalIsLowerBound: boolean;
}

/** The local calendar day of `ms` as `YYYY-MM-DD`. */
export function dayKey(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** "Today", "Tomorrow", else the weekday and date. */
export function dayLabel(key: string, now: number): string {
  if (key === dayKey(now)) return 'Today';
  if (key === dayKey(now + 86_400_000)) return 'Tomorrow';
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  });
}

/** The agenda of `fires`, viewed from the zone `viewerZone`. */
export function buildAgenda(fires: readonly RuleFires[], viewerZone: string): Agenda {
  const entries: AgendaEntry[] = [];
  const frequent: Agenda['frequent'] = [];
  let total = 0;
  let totalIsLowerBound = false;
  for (const f of fires) {
    total += f.count;
    totalIsLowerBound ||= f.countIsLowerBound;
    const label = f.rule.label && f.rule.label !== f.rule.ref ? f.rule.label : f.rule.ref;
    const first = f.instants[0];
    if (!first) continue;
    if (f.count > MAX_LISTED_PER_RULE || (f.countIsLowerBound && f.count >= MAX_LISTED_PER_RULE)) {
      frequent.push({
        ref: f.rule.ref,
        label,
        count: f.count,
        countIsLowerBound: f.countIsLowerBound,
        everyMs: f.everyMs,
        next: first.at,
      });
      continue;
    }
    for (const i of f.instants) {
      const zoned =
        i.timezone && i.timezone !== viewerZone && i.local ? `${i.local.slice(11, 16)} ${i.timezone}` : null;
      entries.push({ at: i.at, ref: f.rule.ref, label, zoned, dst: i.dst ?? null });
    }
  }
  entries.sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref));
  frequent.sort((a, b) => a.next - b.next);
  const days = new Map<string, AgendaEntry[]>();
  for (const e of entries) {
    const k = dayKey(e.at);
    days.set(k, [...(days.get(k) ?? []), e]);
  }
  return {
    days: [...days].map(([key, list]) => ({ key, entries: list })),
    frequent,
    total,
    totalIsLowerBound,
  };
}

/** Where in the span an instant sits, 0–100 (the timeline's dots). */
export function spanPercent(at: number, from: number, to: number): number {
  return Math.min(100, Math.max(0, ((at - from) / (to - from)) * 100));
}
