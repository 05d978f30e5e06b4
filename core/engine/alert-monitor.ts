/**
 * Alerts (docs/alerts.md): a rule's executions that fail N times in a row, or a timer slot not
 * run within its misfire window, open an alert; the rule's next completed execution closes it
 * ("back to normal after 3 failures"). At most one alert per rule is open at a time, so a rule
 * that keeps failing raises one alert, not one per failure.
 *
 * The monitor is a writer of the tick (core/store/unit-of-work.ts): what the executor reports
 * within a tick is decided and written with the tick's transaction, then announced as
 * `alert_opened` / `alert_resolved` and logged. A rule that never failed costs a map lookup.
 */
import type { AlertNotificationPayload } from '../contract/notifications.ts';
import { type Alert, type AlertConfig, BUILT_IN_ALERT_CONFIG } from '../model/alerts.ts';
import type { ExecutionResult } from '../model/entities.ts';
import { AttuneError, isUnavailable, notFound } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { ExecutionStatus } from '../model/status.ts';
import type { Clock } from '../schedule/clock.ts';
import {
  closeAlert,
  ENGINE_SETTING_KEYS,
  getAlert,
  getEngineSetting,
  getRule,
  insertAlert,
  listAlertConfigs,
  listAlertRuleStates,
  listOpenAlerts,
  type Store,
  saveAlertRuleState,
  setAlertConfig,
  setEngineSetting,
  type TickBatch,
  type TickWriter,
  type UnitOfWork,
  type WriteHandle,
} from '../store/index.ts';
import type { Notifier } from './notifier.ts';

/** Missed-slot reasons that open an alert: the slot will never run. */
const ALERTING_MISSED_REASONS: ReadonlySet<string> = new Set(['outside_window']);
const TEXT_MAX = 200;

export interface AlertMonitorDeps {
  store: Store;
  tick: UnitOfWork;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

/** What the executor tells the monitor about a rule's execution. */
export interface ExecutionOutcomes {
  /** An execution reached a terminal status. */
  finished(
    x: { id: number; rule_ref: string | null; action_ref: string },
    status: ExecutionStatus,
    result: ExecutionResult | null | undefined,
  ): void;
  /** A failed execution is retried: its failure is not the rule's (yet). */
  retrying(id: number): void;
}

type Reported =
  | { kind: 'finished'; rule: string; id: number; ok: boolean; status: ExecutionStatus; error: string | null }
  | { kind: 'missed'; rule: string; event: number; scheduledAt: string | null };

type Announcement = { type: 'alert_opened' | 'alert_resolved'; payload: AlertNotificationPayload };

/** What one batch decided, applied to the caches once committed. */
interface Decided {
  failures: Map<string, number>;
  open: Map<string, Alert | null>;
  announcements: Announcement[];
}

export class AlertMonitor implements TickWriter, ExecutionOutcomes {
  #reported: Reported[] = [];
  #retried = new Set<number>();
  /** Failures in a row per rule (absent = 0). */
  readonly #failures: Map<string, number>;
  /** The open alert per rule. */
  readonly #open = new Map<string, Alert>();
  readonly #configs: Map<string, AlertConfig>;
  #default: AlertConfig;

  constructor(private readonly d: AlertMonitorDeps) {
    const r = d.store.read;
    this.#failures = listAlertRuleStates(r);
    for (const a of listOpenAlerts(r)) this.#open.set(a.rule_ref, a);
    this.#configs = listAlertConfigs(r);
    this.#default =
      getEngineSetting<AlertConfig>(r, ENGINE_SETTING_KEYS.alertDefault) ?? BUILT_IN_ALERT_CONFIG;
  }

  finished(
    x: { id: number; rule_ref: string | null; action_ref: string },
    status: ExecutionStatus,
    result: ExecutionResult | null | undefined,
  ): void {
    const rule = x.rule_ref;
    if (rule === null) return;
    const ok = status === 'completed';
    // The hot path: a rule that has not failed and has nothing open has nothing to decide.
    if (ok && !this.#failures.has(rule) && !this.#open.has(rule)) return;
    if (!ok && status !== 'failed' && status !== 'timeout') return;
    this.#report({ kind: 'finished', rule, id: x.id, ok, status, error: result?.error ?? null });
  }

  retrying(id: number): void {
    this.#retried.add(id);
  }

  /** A `missed` timer event was stored for `rule`. */
  missed(rule: string, eventId: number, payload: Record<string, unknown>): void {
    if (!ALERTING_MISSED_REASONS.has(String(payload.reason))) return;
    const at = typeof payload.scheduled_at === 'string' ? payload.scheduled_at : null;
    this.#report({ kind: 'missed', rule, event: eventId, scheduledAt: at });
  }

  /** The settings that apply to `rule` (its own, else the default). */
  configFor(rule: string): AlertConfig {
    return this.#configs.get(rule) ?? this.#default;
  }

  /** A rule's own settings, or null when it follows the default. */
  ownConfig(rule: string): AlertConfig | null {
    return this.#configs.get(rule) ?? null;
  }

  get defaultConfig(): AlertConfig {
    return this.#default;
  }

  /** Sets the default (`rule` null) or a rule's own settings; null removes them. */
  setConfig(rule: string | null, config: AlertConfig | null): void {
    const now = this.d.clock.now();
    if (rule === null) {
      this.d.store.transaction((w) =>
        setEngineSetting(w, ENGINE_SETTING_KEYS.alertDefault, config ?? undefined, now),
      );
      this.#default = config ?? BUILT_IN_ALERT_CONFIG;
      return;
    }
    if (!this.d.store.transaction((w) => setAlertConfig(w, rule, config, now))) throw notFound('rule', rule);
    if (config === null) this.#configs.delete(rule);
    else this.#configs.set(rule, config);
  }

  /** The user closes an open alert; the rule's failures in a row still count. */
  dismiss(id: number): Alert {
    const alert = getAlert(this.d.store.read, id);
    if (!alert) throw notFound('alert', id);
    if (alert.status !== 'open')
      throw new AttuneError('CONFLICT', `alert ${id} is already ${alert.status}`, { field: 'id' });
    return this.#close(alert, 'dismissed');
  }

  /** A deleted rule: forget it; its open alert is dismissed (its history stays). */
  ruleDeleted(rule: string): void {
    this.#failures.delete(rule);
    this.#configs.delete(rule);
    const open = this.#open.get(rule);
    if (open) this.#close(open, 'dismissed');
  }

  take(): TickBatch | null {
    const reported = this.#reported;
    const retried = this.#retried;
    this.#retried = new Set();
    if (reported.length === 0) return null;
    this.#reported = [];
    let decided: Decided | null = null;
    return {
      write: (w) => {
        decided = this.#decide(w, reported, retried);
      },
      committed: () => {
        if (decided) this.#apply(decided);
      },
      rolledBack: (err) => {
        // A full disk: decided again with the next tick (nothing was applied).
        if (isUnavailable(err)) this.#reported = [...reported, ...this.#reported];
        return undefined;
      },
      abandoned: () => undefined,
    };
  }

  #report(r: Reported): void {
    this.#reported.push(r);
    this.d.tick.schedule();
  }

  /** Decides a batch in order over copies of the caches, writing as it goes (may run twice). */
  #decide(w: WriteHandle, reported: Reported[], retried: ReadonlySet<number>): Decided {
    const now = this.d.clock.now();
    const out: Decided = { failures: new Map(), open: new Map(), announcements: [] };
    const failuresOf = (rule: string) => out.failures.get(rule) ?? this.#failures.get(rule) ?? 0;
    const openOf = (rule: string) => (out.open.has(rule) ? out.open.get(rule) : this.#open.get(rule)) ?? null;
    for (const r of reported) {
      const config = this.configFor(r.rule);
      const open = openOf(r.rule);
      if (r.kind === 'missed') {
        if (open || !config.enabled || !config.on_missed) continue;
        const label = ruleLabel(w, r.rule);
        const when = r.scheduledAt ?? 'a scheduled time';
        const alert = this.#open1(w, out, {
          rule_ref: r.rule,
          kind: 'missed',
          message: `${label} did not run at ${when}: the slot passed its misfire window.`,
          failures: 0,
          execution_id: null,
          event_id: r.event,
          opened_at: now,
        });
        out.announcements.push(opened(alert, `${label} missed a run`));
        continue;
      }
      if (!r.ok && retried.has(r.id)) continue;
      if (r.ok) {
        const before = failuresOf(r.rule);
        if (before > 0) {
          saveAlertRuleState(w, r.rule, 0, r.id, now);
          out.failures.set(r.rule, 0);
        }
        if (!open) continue;
        closeAlert(w, open.id, 'resolved', now, r.id);
        const closed: Alert = { ...open, status: 'resolved', closed_at: iso(now), closed_by: r.id };
        out.open.set(r.rule, null);
        // A missed slot is a moment, not a state: its alert closes quietly at the next run.
        const announce = config.enabled && config.on_recovery && open.kind === 'failure';
        out.announcements.push(resolved(closed, ruleLabel(w, r.rule), announce, before));
        continue;
      }
      const failures = failuresOf(r.rule) + 1;
      saveAlertRuleState(w, r.rule, failures, r.id, now);
      out.failures.set(r.rule, failures);
      if (open || !config.enabled || failures < config.after_failures) continue;
      const label = ruleLabel(w, r.rule);
      const what = r.status === 'timeout' ? 'timed out' : 'failed';
      const error = r.error ? `: ${clip(r.error)}` : '';
      const times = failures === 1 ? '' : ` ${failures} times in a row`;
      const alert = this.#open1(w, out, {
        rule_ref: r.rule,
        kind: 'failure',
        message: `${label} ${what}${times}; last: execution #${r.id}${error}`,
        failures,
        execution_id: r.id,
        event_id: null,
        opened_at: now,
      });
      out.announcements.push(opened(alert, `${label} is failing`));
    }
    return out;
  }

  #open1(w: WriteHandle, out: Decided, a: Parameters<typeof insertAlert>[1]): Alert {
    const id = insertAlert(w, a);
    const alert: Alert = {
      id,
      status: 'open',
      closed_at: null,
      closed_by: null,
      ...a,
      opened_at: iso(a.opened_at),
    };
    out.open.set(a.rule_ref, alert);
    return alert;
  }

  #apply(d: Decided): void {
    for (const [rule, n] of d.failures) {
      if (n === 0) this.#failures.delete(rule);
      else this.#failures.set(rule, n);
    }
    for (const [rule, a] of d.open) {
      if (a) this.#open.set(rule, a);
      else this.#open.delete(rule);
    }
    for (const a of d.announcements) this.#announce(a);
  }

  #close(alert: Alert, status: 'dismissed'): Alert {
    const now = this.d.clock.now();
    this.d.store.transaction((w) => closeAlert(w, alert.id, status, now, null));
    const closed: Alert = { ...alert, status, closed_at: iso(now), closed_by: null };
    if (this.#open.get(alert.rule_ref)?.id === alert.id) this.#open.delete(alert.rule_ref);
    this.#announce({
      type: 'alert_resolved',
      payload: { alert: closed, title: 'Alert dismissed', body: alert.message, announce: false },
    });
    return closed;
  }

  #announce(a: Announcement): void {
    const { alert, title, body } = a.payload;
    const log = { alert: alert.id, rule: alert.rule_ref, kind: alert.kind, title, body };
    if (a.type === 'alert_opened') this.d.logger.warn('alert opened', log);
    else this.d.logger.info(`alert ${alert.status}`, log);
    this.d.notifier.publish(a.type, 'alert', alert.id, a.payload);
  }
}

function opened(alert: Alert, title: string): Announcement {
  return { type: 'alert_opened', payload: { alert, title, body: alert.message, announce: true } };
}

/** `failures`: how many failed in a row before this recovery (0 after a missed run). */
function resolved(alert: Alert, label: string, announce: boolean, failures: number): Announcement {
  const after =
    failures === 0 ? 'after a missed run' : `after ${failures} failure${failures === 1 ? '' : 's'}`;
  return {
    type: 'alert_resolved',
    payload: {
      alert,
      title: `${label} is back to normal`,
      body: `${label} is back to normal ${after}: execution #${alert.closed_by} completed.`,
      announce,
    },
  };
}

function ruleLabel(w: WriteHandle, ref: string): string {
  const label = getRule(w, ref)?.label;
  return label ? `${clip(label)} (${ref})` : ref;
}

function clip(s: string): string {
  return s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX - 1)}…` : s;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
