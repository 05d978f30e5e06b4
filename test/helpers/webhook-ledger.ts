/**
 * What one webhook request left behind, read through the real host's API: events stored for
 * the trigger, executions of a rule on it, and attempt records. Refusal tests assert "no event,
 * no execution, exactly one attempt" with it; acceptance tests "one of each".
 */
import type { TestHost } from './host.ts';

export interface AttemptRecord {
  status_code: number;
  error: string | null;
  event_id: number | null;
}

export interface Ledger {
  events: number;
  executions: number;
  /** Newest first. */
  attempts: AttemptRecord[];
}

/** Counts for `triggerRef` (events, attempts) and `ruleRef` (executions). */
export async function readLedger(host: TestHost, triggerRef: string, ruleRef: string): Promise<Ledger> {
  const events = await host.api<{ items: unknown[] }>('GET', `/api/v1/events?trigger_ref=${triggerRef}`);
  const execs = await host.api<{ items: unknown[] }>('GET', `/api/v1/executions?rule_ref=${ruleRef}`);
  const attempts = await host.api<{ data: { items: AttemptRecord[] } }>(
    'GET',
    `/api/v1/webhook-attempts?trigger_ref=${triggerRef}`,
  );
  return {
    events: events.body.items.length,
    executions: execs.body.items.length,
    attempts: attempts.body.data.items.map(({ status_code, error, event_id }) => ({
      status_code,
      error,
      event_id,
    })),
  };
}

export interface Counted<T> {
  result: T;
  /** Events and executions the request added. */
  events: number;
  executions: number;
  /** Attempt records the request added, newest first. */
  attempts: AttemptRecord[];
}

/** Runs `request` and returns what it added to the ledger. */
export async function counted<T>(
  host: TestHost,
  triggerRef: string,
  ruleRef: string,
  request: () => Promise<T>,
): Promise<Counted<T>> {
  const before = await readLedger(host, triggerRef, ruleRef);
  const result = await request();
  const after = await readLedger(host, triggerRef, ruleRef);
  return {
    result,
    events: after.events - before.events,
    executions: after.executions - before.executions,
    attempts: after.attempts.slice(0, after.attempts.length - before.attempts.length),
  };
}
