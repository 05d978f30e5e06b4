/**
 * The pack-sensor supervisor (docs/sensors.md, "Lifecycle" and "Supervision"). A pack sensor
 * runs while it is enabled and an enabled rule uses one of its trigger types; every change to
 * sensors, rules or packs reconciles at once, and a sensor whose rules changed is restarted with
 * the new `ATTUNE_SENSOR_TRIGGERS`. An unplanned exit is restarted after a capped, doubling delay;
 * five quick exits in a row make it `failed`, with the last stderr lines in its error. Stopping
 * kills the whole process group; the groups of running sensors are recorded so the next start
 * can stop what a crash left behind.
 */
import path from 'node:path';
import type { ChangeFeed } from '../../contract/notifications.ts';
import type { SensorLiveState, SensorLogLine, SensorStatus } from '../../contract/sensors.ts';
import type { SensorEntity } from '../../model/entities.ts';
import { findPrototypeKey, parseJsonBounded } from '../../model/json-depth.ts';
import type { Logger } from '../../model/logger.ts';
import type { Clock, TimerHandle } from '../../schedule/clock.ts';
import {
  forgetSensorProcess,
  getPack,
  listActiveSensorRules,
  listSensors,
  recordSensorProcess,
  type SensorRuleBinding,
  type Store,
} from '../../store/index.ts';
import { idleState } from '../sensor-runtime.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, RestartTracker } from './backoff.ts';
import { stopSensorOrphans } from './orphans.ts';
import { resolveSensorEntry, sensorCommand } from './sensor-entry.ts';
import { buildSensorEnv } from './sensor-env.ts';
import { LogRing } from './sensor-log.ts';
import { type RunExit, SensorRun } from './sensor-process.ts';
import type { SensorScope, SensorTokens } from './sensor-tokens.ts';

export interface SupervisorDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  notifier: ChangeFeed;
  tokens: SensorTokens;
  /** Takes an event a sensor printed on stdout, checked as `POST /api/v1/events` checks it. */
  emit(scope: SensorScope, body: Record<string, unknown>): Promise<unknown>;
  policy?: Partial<BackoffPolicy>;
  /** SIGTERM → SIGKILL grace when a sensor is stopped. */
  killGraceMs?: number;
  hostEnv?: Readonly<Record<string, string | undefined>>;
  logLevel?: string;
}

/** Stderr lines quoted in a crash loop's error. */
const STDERR_IN_ERROR = 5;

interface Slot {
  ref: string;
  status: SensorStatus;
  run: SensorRun | null;
  token: string | null;
  startedAt: number | null;
  startedMono: number;
  restarts: number;
  events: number;
  lastEventAt: number | null;
  lastError: string | null;
  log: LogRing;
  tracker: RestartTracker;
  /** What the current (or failed) run was started with: the sensor's version and its rules. */
  key: string | null;
  timer: TimerHandle | null;
  stopping: boolean;
}

export class SensorSupervisor {
  private readonly slots = new Map<string, Slot>();
  private readonly policy: BackoffPolicy;
  private apiUrl: string | null = null;
  private attached = false;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private reconciling: Promise<void> | null = null;
  private again = false;

  constructor(private readonly d: SupervisorDeps) {
    this.policy = { ...DEFAULT_BACKOFF, ...d.policy };
  }

  /** Stops the process groups a previous run of the engine left (a crash); returns how many. */
  cleanupOrphans(): number {
    return stopSensorOrphans(this.d.store, this.d.logger);
  }

  /**
   * Starts supervising: sensors get `apiUrl` as ATTUNE_API_URL (null when no HTTP listener runs:
   * they can still emit on stdout). Follows rule, pack and sensor changes from here on.
   */
  attach(apiUrl: string | null): void {
    if (this.attached || this.closed) return;
    this.attached = true;
    this.apiUrl = apiUrl;
    this.unsubscribe = this.d.notifier.subscribe(
      [
        'notification_type:rule_changed',
        'notification_type:pack_changed',
        'notification_type:sensor_changed',
        'notification_type:trigger_changed',
      ],
      (n) => {
        // The supervisor's own state announcements change nothing to reconcile.
        if (n.notification_type === 'sensor_changed' && n.payload.change === 'state') return;
        this.request();
      },
    );
    this.request();
  }

  /** Reconciles soon; changes arriving meanwhile are folded into one more pass. */
  request(): Promise<void> {
    if (!this.attached || this.closed) return Promise.resolve();
    if (this.reconciling) {
      this.again = true;
      return this.reconciling;
    }
    this.reconciling = (async () => {
      do {
        this.again = false;
        // Let the change that asked for this commit and announce all of itself first.
        await new Promise<void>((r) => setImmediate(r));
        try {
          await this.reconcile();
        } catch (err) {
          this.d.logger.error('sensor reconcile failed', { error: String(err) });
        }
      } while (this.again && !this.closed);
      this.reconciling = null;
    })();
    return this.reconciling;
  }

  /** Waits until every requested reconcile has run (tests, the restart channel). */
  async settled(): Promise<void> {
    while (this.reconciling) await this.reconciling;
  }

  /** Stops the sensor's process if any and starts it afresh (a failed one too). */
  async restart(ref: string): Promise<void> {
    const slot = this.slots.get(ref);
    if (slot) {
      slot.tracker.reset();
      slot.key = null;
      if (slot.status === 'failed') slot.status = 'stopped';
    }
    await this.request();
    await this.settled();
  }

  /** Counts an event the sensor emitted over the API. */
  noteEvent(ref: string): void {
    const slot = this.slots.get(ref);
    if (!slot) return;
    slot.events += 1;
    slot.lastEventAt = this.d.clock.now();
  }

  state(ref: string): SensorLiveState {
    const s = this.slots.get(ref);
    if (!s) return idleState();
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      status: s.status,
      pid: s.run?.running ? s.run.pid : null,
      started_at: s.run?.running ? iso(s.startedAt) : null,
      restarts: s.restarts,
      last_event_at: iso(s.lastEventAt),
      events_emitted: s.events,
      last_error: s.lastError,
    };
  }

  logs(ref: string, limit?: number): SensorLogLine[] {
    return this.slots.get(ref)?.log.tail(limit) ?? [];
  }

  /** Stops every sensor (its whole process group) and follows no more changes. */
  async stop(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.slots.values()].map((s) => this.halt(s, 'stopped')));
  }

  private slot(ref: string): Slot {
    let s = this.slots.get(ref);
    if (!s) {
      s = {
        ref,
        status: 'stopped',
        run: null,
        token: null,
        startedAt: null,
        startedMono: 0,
        restarts: 0,
        events: 0,
        lastEventAt: null,
        lastError: null,
        log: new LogRing(),
        tracker: new RestartTracker(this.policy),
        key: null,
        timer: null,
        stopping: false,
      };
      this.slots.set(ref, s);
    }
    return s;
  }

  private async reconcile(): Promise<void> {
    if (this.closed || this.d.store.closed) return;
    const sensors = listSensors(this.d.store.read).filter((s) => !s.entrypoint.startsWith('internal://'));
    const present = new Set(sensors.map((s) => s.ref));
    for (const [ref, slot] of this.slots) {
      if (present.has(ref)) continue;
      await this.halt(slot, 'stopped');
      this.slots.delete(ref);
    }
    for (const sensor of sensors) {
      const rules = sensor.enabled ? listActiveSensorRules(this.d.store.read, sensor.trigger_types) : [];
      const slot = this.slot(sensor.ref);
      if (rules.length === 0) {
        if (slot.status !== 'stopped' || slot.run) {
          await this.halt(slot, 'stopped');
          this.note(
            slot,
            'supervisor',
            sensor.enabled ? 'stopped: no enabled rule uses its triggers' : 'stopped: disabled',
          );
        }
        slot.tracker.reset();
        slot.key = null;
        continue;
      }
      const key = JSON.stringify([sensor.updated, rules]);
      if (slot.key === key && (slot.status === 'failed' || slot.run?.running || slot.timer !== null))
        continue;
      if (slot.key !== null && slot.key !== key) {
        slot.tracker.reset();
        if (slot.run?.running) this.note(slot, 'supervisor', 'restarting: its rules or settings changed');
      }
      await this.halt(slot, 'stopped');
      // The supervisor may have been stopped while this run was being stopped: start nothing.
      if (this.closed) return;
      this.launch(slot, sensor, rules, key);
    }
  }

  private launch(slot: Slot, sensor: SensorEntity, rules: SensorRuleBinding[], key: string): void {
    slot.key = key;
    const pack = getPack(this.d.store.read, sensor.pack_ref);
    const entry = resolveSensorEntry(pack?.path ?? null, sensor.entrypoint);
    if (!entry.ok) {
      this.fail(slot, entry.message);
      return;
    }
    const hostEnv = this.d.hostEnv ?? process.env;
    const cmd = sensorCommand(sensor.runner_type, entry.path, hostEnv.PATH);
    if (!cmd.ok) {
      this.fail(slot, cmd.message);
      return;
    }
    const scope: SensorScope = {
      sensorRef: sensor.ref,
      packRef: sensor.pack_ref,
      triggerTypes: sensor.trigger_types,
    };
    const token = this.d.tokens.issue(scope);
    const env = buildSensorEnv({
      hostEnv,
      sensor,
      rules,
      apiUrl: this.apiUrl,
      token,
      logLevel: this.d.logLevel ?? 'info',
      extra: cmd.env,
    });
    slot.status = 'starting';
    slot.token = token;
    const run: SensorRun = new SensorRun(
      { command: cmd.command, args: cmd.args, env, cwd: path.dirname(entry.path) },
      {
        line: (stream, text) => this.onLine(slot, scope, stream, text),
        exit: (e) => this.onExit(slot, run, token, e),
      },
    );
    slot.run = run;
    if (run.pid === null) return;
    const pid = run.pid;
    slot.startedAt = this.d.clock.now();
    slot.startedMono = this.d.clock.monotonic();
    slot.status = 'running';
    this.d.store.transaction((w) => recordSensorProcess(w, sensor.ref, pid, this.d.clock.now()));
    this.note(slot, 'supervisor', `started (pid ${pid}) with ${rules.length} rule(s)`);
    this.announce(slot);
  }

  private onLine(slot: Slot, scope: SensorScope, stream: 'stdout' | 'stderr', text: string): void {
    if (stream === 'stdout' && text.startsWith('{')) {
      // Held to what POST /api/v1/events accepts: the nesting bound and no prototype keys.
      const parsed = parseJsonBounded(text);
      const refused = !parsed.ok && parsed.tooDeep ? parsed.message : null;
      const body: unknown = parsed.ok ? parsed.value : null;
      const protoKey = findPrototypeKey(body);
      if (refused !== null || protoKey !== null) {
        this.note(
          slot,
          'supervisor',
          `event refused: ${refused ?? `the key "${protoKey}" is not accepted in JSON (as in a request body)`}`,
        );
        return;
      }
      if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'trigger_ref' in body) {
        this.d
          .emit(scope, body as Record<string, unknown>)
          .then(() => {
            slot.events += 1;
            slot.lastEventAt = this.d.clock.now();
          })
          .catch((err: unknown) =>
            this.note(
              slot,
              'supervisor',
              `event refused: ${err instanceof Error ? err.message : String(err)}`,
            ),
          );
        return;
      }
    }
    this.note(slot, stream, text);
  }

  private onExit(slot: Slot, run: SensorRun, token: string, e: RunExit): void {
    this.d.tokens.revoke(token);
    if (run.pid !== null && !this.d.store.closed) {
      const pid = run.pid;
      this.d.store.transaction((w) => forgetSensorProcess(w, slot.ref, pid));
    }
    if (slot.run !== run) return;
    slot.run = null;
    slot.token = null;
    const how = e.error ?? (e.signal ? `killed by ${e.signal}` : `exited with code ${e.code}`);
    if (slot.stopping || this.closed) {
      this.note(slot, 'supervisor', `stopped (${how})`);
      return;
    }
    const ranMs = this.d.clock.monotonic() - slot.startedMono;
    const decision = slot.tracker.exited(e.error ? 0 : ranMs);
    if (decision.action === 'fail') {
      const stderr = slot.log
        .tail(STDERR_IN_ERROR, 'stderr')
        .map((l) => l.text)
        .join('\n');
      this.fail(
        slot,
        `${how}; it exited ${decision.quickExits} times in a row within ${Math.round(this.policy.quickExitMs / 1000)} s of starting, so it is not restarted until it is changed or restarted${stderr ? `\nLast stderr:\n${stderr}` : ''}`,
      );
      return;
    }
    slot.status = 'backoff';
    slot.restarts += 1;
    slot.lastError = how;
    this.note(slot, 'supervisor', `${how}; restart ${decision.attempt} in ${decision.delayMs} ms`);
    slot.timer = this.d.clock.setTimeout(() => {
      slot.timer = null;
      void this.request();
    }, decision.delayMs);
    this.announce(slot);
  }

  private fail(slot: Slot, message: string): void {
    slot.status = 'failed';
    slot.lastError = message;
    this.note(slot, 'supervisor', `failed: ${message}`);
    this.d.logger.warn('sensor failed', { sensor: slot.ref, error: message });
    this.announce(slot);
  }

  /** Ends the run (if any) and any pending restart; the slot is then `status`. */
  private async halt(slot: Slot, status: SensorStatus): Promise<void> {
    if (slot.timer !== null) {
      this.d.clock.clearTimeout(slot.timer);
      slot.timer = null;
    }
    const run = slot.run;
    if (run?.running) {
      slot.stopping = true;
      try {
        await run.stop(this.d.killGraceMs ?? 2000);
      } finally {
        slot.stopping = false;
      }
    }
    const changed = slot.status !== status;
    slot.status = status;
    if (changed) this.announce(slot);
  }

  private note(slot: Slot, stream: SensorLogLine['stream'], text: string): void {
    slot.log.push(stream, text, this.d.clock.now());
  }

  private announce(slot: Slot): void {
    if (this.closed) return;
    this.d.notifier.publish('sensor_changed', 'sensor', slot.ref, { change: 'state', status: slot.status });
  }
}
