/**
 * Helpers for the alert tests (docs/alerts.md): a real engine on a temp data folder with a
 * SimClock, a rule whose `core.shell` action exits with the code the event asks for, and the
 * alert notifications it published.
 */
import type { TestContext } from 'node:test';
import type { AlertNotificationPayload, Notification } from '../../../core/contract/notifications.ts';
import type { Engine } from '../../../core/engine/create-engine.ts';
import { SimClock } from '../../../core/schedule/index.ts';
import { settle, startEngine } from '../timers/support.ts';

export { settle };

/** An engine with a trigger `local.job` and the alert notifications it publishes. */
export async function alertEngine(
  t: Pick<TestContext, 'after'>,
  o: { dataDir?: string } = {},
): Promise<{ engine: Engine; clock: SimClock; seen: Notification[] }> {
  const clock = new SimClock('2027-06-01T09:00:00.000Z');
  const engine = await startEngine(t, clock, o);
  const seen: Notification[] = [];
  const off = engine.notifier.subscribe(
    ['notification_type:alert_opened', 'notification_type:alert_resolved'],
    (n) => seen.push(n),
  );
  t.after(off);
  if (!engine.store.read.stmt("SELECT 1 FROM triggers WHERE ref = 'local.job'").get())
    engine.triggers.create({ ref: 'job', label: 'A job' });
  return { engine, clock, seen };
}

/** A rule on `local.job` running `exit <code>` with the code from the event. */
export function exitRule(engine: Engine, ref: string, label = ''): void {
  engine.rules.create({
    ref,
    label,
    trigger_ref: 'local.job',
    action_ref: 'core.shell',
    action_params: { cmd: 'exit {{ event.payload.code }}' },
  });
}

/** Fires `rule` with exit code `code` and waits until its execution is done and alerts decided. */
export async function run(engine: Engine, rule: string, code: number): Promise<number> {
  const r = await engine.runRule(rule, { code });
  await settle(engine);
  const id = r.execution_ids[0];
  if (id === undefined) throw new Error(`rule ${rule} did not start an execution`);
  return id;
}

/** The notification types seen, with the rule of each alert. */
export function summary(seen: readonly Notification[]): string[] {
  return seen.map((n) => {
    const alert = n.payload.alert as { rule_ref: string; kind: string };
    return `${n.notification_type} ${alert.rule_ref} ${alert.kind}`;
  });
}

/** The payload of the `i`-th alert notification seen; fails the test when there is none. */
export function alertAt(seen: readonly Notification[], i: number): AlertNotificationPayload {
  const n = seen[i];
  if (!n) throw new Error(`no alert notification #${i}; seen: ${summary(seen).join(', ')}`);
  return n.payload as AlertNotificationPayload;
}
