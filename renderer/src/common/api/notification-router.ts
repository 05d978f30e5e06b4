/**
 * The one notification router (Actual's sync-events): every engine notification is mapped to
 * the query keys it touches. A payload that is complete and newer patches the cache with
 * `setQueryData`; anything else invalidates, and invalidations are coalesced so a burst of
 * events refetches each list once. Components never subscribe themselves.
 */
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { Execution, RuleView } from '../../../../core/contract/entities.ts';
import type { Notification } from '../../../../core/contract/notifications.ts';
import { asExecutionResult } from '../../domain/execution.ts';
import {
  actionQueries,
  alertQueries,
  type ExecutionOutput,
  enforcementQueries,
  engineQueries,
  eventQueries,
  executionQueries,
  keyQueries,
  packQueries,
  ruleQueries,
  sensorQueries,
  statsQueries,
  triggerQueries,
} from './queries.ts';

/** Live output kept per execution (the rest is in the execution's stored result). */
const MAX_OUTPUT_CHARS = 256 * 1024;

export interface NotificationRouter {
  handle(n: Notification): void;
  /** Applies pending invalidations now (tests; shutdown). */
  flush(): Promise<void>;
  dispose(): void;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `rule` patched into a cached RuleView, keeping the timer fields the rule payload lacks. */
function patchRule(old: RuleView | undefined, rule: Record<string, unknown>): RuleView | undefined {
  if (!old) return old;
  if (typeof rule.updated === 'string' && rule.updated < old.updated) return old;
  return { ...old, ...(rule as Partial<RuleView>) };
}

function patchRuleInLists(qc: QueryClient, ref: string, patch: (r: RuleView) => RuleView): void {
  qc.setQueriesData<RuleView[]>({ queryKey: ruleQueries.lists() }, (old) =>
    old?.map((r) => (r.ref === ref ? patch(r) : r)),
  );
}

export function createNotificationRouter(
  qc: QueryClient,
  o: {
    flushMs?: number;
    eventFlushMs?: number;
    slowFlushMs?: number;
    /** Notifications the user is told of in the app (`notify`, alerts): the toasts. */
    toast?: (n: Notification) => void;
  } = {},
): NotificationRouter {
  const flushMs = o.flushMs ?? 100;
  // New events re-read the event lists at most this often: at 100 events/s, a refresh every
  // 100 ms kept the main thread busy redrawing the log (docs/performance.md "UI").
  const eventFlushMs = o.eventFlushMs ?? 500;
  // Counts over time (the dashboard) are re-read at most this often, however busy the engine.
  const slowFlushMs = o.slowFlushMs ?? 5000;
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let eventTimer: ReturnType<typeof setTimeout> | null = null;
  let slowTimer: ReturnType<typeof setTimeout> | null = null;

  const flushPending = async () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const keys = [...pending.values()];
    pending.clear();
    await Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey })));
  };
  /** Everything pending, the slow lane included. */
  const flush = async () => {
    if (eventTimer) {
      clearTimeout(eventTimer);
      eventTimer = null;
      pending.set('events', eventQueries.lists());
    }
    if (slowTimer) {
      clearTimeout(slowTimer);
      slowTimer = null;
      pending.set('stats', statsQueries.all());
    }
    await flushPending();
  };
  const invalidate = (...keys: QueryKey[]) => {
    for (const k of keys) pending.set(JSON.stringify(k), k);
    timer ??= setTimeout(() => void flushPending(), flushMs);
  };
  const invalidateEvents = () => {
    eventTimer ??= setTimeout(() => {
      eventTimer = null;
      void qc.invalidateQueries({ queryKey: eventQueries.lists() });
    }, eventFlushMs);
  };
  const invalidateStats = () => {
    slowTimer ??= setTimeout(() => {
      slowTimer = null;
      void qc.invalidateQueries({ queryKey: statsQueries.all() });
    }, slowFlushMs);
  };

  const routes: Record<Notification['notification_type'], (n: Notification) => void> = {
    rule_changed(n) {
      const ref = String(n.entity_id);
      const rule = n.payload.rule;
      if (n.payload.change === 'deleted') {
        qc.removeQueries({ queryKey: ruleQueries.detail(ref).queryKey });
        qc.setQueriesData<RuleView[]>({ queryKey: ruleQueries.lists() }, (old) =>
          old?.filter((r) => r.ref !== ref),
        );
      } else if (isObject(rule)) {
        qc.setQueryData(ruleQueries.detail(ref).queryKey, (old) => patchRule(old, rule));
        patchRuleInLists(qc, ref, (r) => patchRule(r, rule) ?? r);
      }
      // A list's membership, order and timer fields may change with the rule: ask again.
      invalidate(ruleQueries.all());
    },
    timer_scheduled(n) {
      // Complete for what it says: the next and last fire instants of one rule.
      const ref = String(n.payload.rule_ref ?? n.entity_id);
      const timing = {
        next_fire_at: (n.payload.next_fire_at as string | null | undefined) ?? null,
        last_fired_at: (n.payload.last_fired_at as string | null | undefined) ?? null,
      };
      qc.setQueryData(ruleQueries.detail(ref).queryKey, (old) => (old ? { ...old, ...timing } : old));
      patchRuleInLists(qc, ref, (r) => ({ ...r, ...timing }));
    },
    trigger_changed: () => invalidate(triggerQueries.all()),
    sensor_changed: () => invalidate(sensorQueries.all()),
    key_changed: () => invalidate(keyQueries.all()),
    pack_changed: () =>
      invalidate(packQueries.all(), triggerQueries.all(), actionQueries.all(), ruleQueries.all()),
    event_created: () => {
      invalidateEvents();
      invalidateStats();
    },
    missed_run: () => invalidateEvents(),
    enforcement_created: () => invalidate(enforcementQueries.lists()),
    execution_created: () => invalidate(executionQueries.lists()),
    execution_status_changed(n) {
      const id = Number(n.entity_id);
      const status = n.payload.status as Execution['status'];
      const result = asExecutionResult(n.payload.result);
      // The status shows at once; timestamps are not in the payload, so the row is read again.
      qc.setQueryData(executionQueries.detail(id).queryKey, (old) =>
        old ? { ...old, status, ...(result ? { result } : {}) } : old,
      );
      invalidate(executionQueries.detail(id).queryKey, executionQueries.lists());
      invalidateStats();
    },
    alert_opened(n) {
      invalidate(alertQueries.lists());
      o.toast?.(n);
    },
    alert_resolved(n) {
      invalidate(alertQueries.lists());
      o.toast?.(n);
    },
    // Nothing cached changes: it is only told.
    notify: (n) => o.toast?.(n),
    timers_paused: () => invalidate(engineQueries.all()),
    timers_resumed: () => invalidate(engineQueries.all()),
    execution_output(n) {
      const id = Number(n.entity_id);
      const stream = n.payload.stream === 'stderr' ? 'stderr' : 'stdout';
      const chunk = typeof n.payload.chunk === 'string' ? n.payload.chunk : '';
      qc.setQueryData<ExecutionOutput>(executionQueries.output(id).queryKey, (old) => {
        const prev = old ?? { stdout: '', stderr: '' };
        return { ...prev, [stream]: (prev[stream] + chunk).slice(-MAX_OUTPUT_CHARS) };
      });
    },
  };

  return {
    handle: (n) => routes[n.notification_type]?.(n),
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      if (slowTimer) clearTimeout(slowTimer);
      if (eventTimer) clearTimeout(eventTimer);
      eventTimer = null;
      timer = null;
      slowTimer = null;
      pending.clear();
    },
  };
}
