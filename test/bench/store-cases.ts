/**
 * The event-log and executions queries the UI issues, with filter values picked from the
 * seeded data (store-seed.ts is deterministic): a busy rule and a long-tail rule, a timer rule
 * (addressed events), common and rare outcomes, a day in the middle of the month, searches
 * for a rare, a common and a prefix word, and combinations of these.
 */
import type { EventFilter, ExecutionFilter } from '../../core/store/index.ts';

export type StoreCase =
  | { name: string; list: 'events'; filter: EventFilter }
  | { name: string; list: 'executions'; filter: ExecutionFilter };

/** `mid` is an instant in the middle of the seeded month (epoch ms). */
export function storeCases(mid: number): StoreCase[] {
  const day = 86_400_000;
  const ev = (name: string, filter: EventFilter): StoreCase => ({ name, list: 'events', filter });
  const ex = (name: string, filter: ExecutionFilter): StoreCase => ({ name, list: 'executions', filter });
  return [
    ev('events: first page', {}),
    ev('events: by rule (busy)', { rule_ref: 'local.order-0-rule-0' }),
    ev('events: by rule (long tail)', { rule_ref: 'local.push-201-rule-0' }),
    ev('events: by rule (timer, addressed)', { rule_ref: 'local.timer-3-rule-0' }),
    ev('events: by outcome matched', { outcome: 'matched' }),
    ev('events: by outcome error', { outcome: 'error' }),
    ev('events: by rule + outcome error', { rule_ref: 'local.order-0-rule-0', outcome: 'error' }),
    ev('events: by trigger', { trigger_ref: 'local.push-1' }),
    ev('events: kind missed', { kind: 'missed' }),
    ev('events: one day, mid-month', { since: mid, until: mid + day }),
    ev('events: one week, mid-month', { since: mid - 3 * day, until: mid + 4 * day }),
    ev('events: text, rare ("customer4242@example.com")', { q: 'customer4242@example.com' }),
    ev('events: text, common ("warehouse")', { q: 'warehouse' }),
    ev('events: text, prefix ("wareh*")', { q: 'wareh*' }),
    ev('events: text + trigger', { q: 'lyon', trigger_ref: 'local.order-0' }),
    ev('events: text + rule (busy)', { q: 'lyon', rule_ref: 'local.order-0-rule-0' }),
    ev('events: text + outcome error', { q: 'lyon', outcome: 'error' }),
    ev('events: text + one week', { q: 'lyon', since: mid - 3 * day, until: mid + 4 * day }),
    ev('events: text + kind missed (none)', { q: 'lyon', kind: 'missed' }),
    ev('events: prefix + trigger', { q: 'wareh*', trigger_ref: 'local.order-0' }),
    ev('events: trigger + rule', { trigger_ref: 'local.order-0', rule_ref: 'local.order-0-rule-0' }),
    ev('events: trigger + outcome error', { trigger_ref: 'local.order-0', outcome: 'error' }),
    ev('events: rare trigger + outcome matched', { trigger_ref: 'local.push-201', outcome: 'matched' }),
    ev('events: rule (busy) + one day', { rule_ref: 'local.order-0-rule-0', since: mid, until: mid + day }),
    ev('events: trigger + one day', { trigger_ref: 'local.order-0', since: mid, until: mid + day }),
    ev('events: kind missed + rule (timer)', { kind: 'missed', rule_ref: 'local.timer-3-rule-0' }),
    ex('executions: first page', {}),
    ex('executions: by status failed', { status: 'failed' }),
    ex('executions: by status abandoned (rare)', { status: 'abandoned' }),
    ex('executions: by rule (busy)', { rule_ref: 'local.order-0-rule-0' }),
    ex('executions: by rule (long tail)', { rule_ref: 'local.push-201-rule-0' }),
    ex('executions: status failed + rule (busy)', { status: 'failed', rule_ref: 'local.order-0-rule-0' }),
    ex('executions: rule (busy) + other action (none)', {
      rule_ref: 'local.order-0-rule-0',
      action_ref: 'core.echo',
    }),
  ];
}

/** The same filter as the REST query string the UI sends. */
export function restQuery(c: StoreCase, page: { page: number; page_size: number }): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(c.filter)) {
    if (v === undefined) continue;
    q.set(k, k === 'since' || k === 'until' ? new Date(v as number).toISOString() : String(v));
  }
  q.set('page', String(page.page));
  q.set('page_size', String(page.page_size));
  return `/api/v1/${c.list}?${q}`;
}
