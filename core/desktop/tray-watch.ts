/**
 * Keeps the tray's state current from engine notifications, never by polling: rule, pack and
 * timer changes rebuild the rule list and the next fires; pausing or resuming timers the
 * status; failed or timed-out executions count up until the user opens the window. Several notifications in one burst (a pack import, one
 * timer tick) give one rebuild.
 */
import type { Notification } from '../contract/notifications.ts';
import type { Engine } from '../engine/create-engine.ts';
import { listAllRules } from '../store/index.ts';
import type { NextFire, TrayState } from './tray-model.ts';

/** What the host knows that the engine does not. */
export interface TrayHostState {
  startAtLogin(): boolean;
  notifyOnFailure(): boolean;
}

export interface TrayWatch {
  /** The current state (rebuilt on each change). */
  state(): TrayState;
  /** The user opened the window: the failure count starts again from zero. */
  markOpened(): void;
  /** Something the host owns changed (start at login, notify on failure): rebuild now. */
  refresh(): void;
  stop(): void;
}

const WATCHED = [
  'notification_type:rule_changed',
  'notification_type:pack_changed',
  'notification_type:timer_scheduled',
  'notification_type:timers_paused',
  'notification_type:timers_resumed',
  'notification_type:execution_status_changed',
];

const FAILED = new Set(['failed', 'timeout']);

/** Reads what the tray shows from the engine. */
export function readTrayState(engine: Engine, host: TrayHostState, failures: number): TrayState {
  const rules = listAllRules(engine.store.read);
  const nextFires: NextFire[] = [];
  for (const r of rules) {
    if (!r.enabled) continue;
    const next = engine.timerInfo(r.ref)?.next_fire_at;
    if (next) nextFires.push({ ruleRef: r.ref, label: r.label || r.ref, at: Date.parse(next) });
  }
  nextFires.sort((a, b) => a.at - b.at || a.ruleRef.localeCompare(b.ruleRef));
  return {
    // Pausing is the engine's: the tray's item and the UI's button do the same.
    paused: engine.timerPause().paused,
    canPause: true,
    nextFires,
    failuresSinceOpened: failures,
    rules: rules.map((r) => ({ ref: r.ref, label: r.label, enabled: r.enabled })),
    startAtLogin: host.startAtLogin(),
    notifyOnFailure: host.notifyOnFailure(),
  };
}

/** Subscribes to the engine; `onChange` gets each rebuilt state. */
export function watchTray(engine: Engine, host: TrayHostState, onChange: (s: TrayState) => void): TrayWatch {
  let failures = 0;
  let current = readTrayState(engine, host, failures);
  let pending = false;
  let stopped = false;
  const rebuild = () => {
    pending = false;
    if (stopped) return;
    current = readTrayState(engine, host, failures);
    onChange(current);
  };
  const schedule = () => {
    if (pending) return;
    pending = true;
    queueMicrotask(rebuild);
  };
  const off = engine.notifier.subscribe(WATCHED, (n: Notification) => {
    if (n.notification_type === 'execution_status_changed') {
      if (!FAILED.has(String(n.payload.status))) return;
      failures++;
    }
    schedule();
  });
  return {
    state: () => current,
    markOpened() {
      failures = 0;
      schedule();
    },
    refresh: schedule,
    stop() {
      stopped = true;
      off();
    },
  };
}
