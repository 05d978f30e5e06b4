/**
 * The `core.system` sensor (`internal://system`; docs/sensors.md, "Built-in sensors: filewatch
 * and system"): one trigger, `core.system`, whose `event` param picks `engine_started`,
 * `resumed_from_sleep` or `clock_changed`.
 *
 * - `engine_started` fires once per engine start, for the rules bound to it then.
 * - The other two come from the scheduler's clock readings: while a rule needs them, the sensor
 *   reads the three clocks at least every 30 s and classifies the gap since the previous reading
 *   (`classifyGap`: wall and boot ahead of monotonic is sleep, wall alone is a clock change).
 *   An OS hint (Electron's powerMonitor `resume`) re-checks at once; a resume the clocks did not
 *   show (a sleep too short to measure) is still reported, marked `detected_by: "os"`.
 * - Each event is addressed to one bound rule, through the engine's normal ingest.
 */
import type { SensorLiveState } from '../contract/sensors.ts';
import type { JsonObject, Rule } from '../model/entities.ts';
import {
  type ClockReading,
  classifyGap,
  MAX_TIMER_WAIT_MS,
  readClock,
  type TimerHandle,
} from '../schedule/index.ts';
import { listRulesByTrigger } from '../store/index.ts';
import type { RuleSensorDeps, SensorRuleChange } from './rule-sensor-ports.ts';

/** The trigger the system sensor fires. */
export const SYSTEM_TRIGGER_REF = 'core.system';
/** The entry point under which the sensor entity lists it. */
export const SYSTEM_ENTRYPOINT = 'internal://system';
/** The `event` values of `core.system`. */
export const SYSTEM_EVENTS = ['engine_started', 'resumed_from_sleep', 'clock_changed'] as const;
export type SystemEvent = (typeof SYSTEM_EVENTS)[number];
/** What the host may tell the engine: the machine woke, or the OS announced a time change. */
export type SystemHint = 'resume' | 'clock_change';

/** A rule change as the rule service announces it. */
export type SystemRuleChange = SensorRuleChange;

/** Ports to the engine (sensors sit below it and cannot import it). */
export type SystemSensorDeps = RuleSensorDeps;

function isSystemEvent(v: unknown): v is SystemEvent {
  return (SYSTEM_EVENTS as readonly unknown[]).includes(v);
}

/** The system sensor; see the file comment. */
export class SystemSensor {
  /** Enabled rules on `core.system` → the event each is bound to. */
  readonly #rules = new Map<string, SystemEvent>();
  #running = false;
  #unsubscribe: (() => void) | null = null;
  #handle: TimerHandle | null = null;
  #previous: ClockReading | null = null;
  #startedAt: number | null = null;
  #events = 0;
  #lastEventAt: number | null = null;
  #lastError: string | null = null;

  constructor(private readonly d: SystemSensorDeps) {}

  /** Loads the bound rules, fires `engine_started` for its rules, and starts watching the clocks if needed. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#startedAt = this.d.clock.now();
    this.#unsubscribe = this.d.onRuleChange((c) => {
      if (c.kind !== 'created') this.#rules.delete(c.previous.ref);
      if (c.kind !== 'deleted') this.#track(c.rule);
      this.#arm();
    });
    for (const rule of listRulesByTrigger(this.d.store.read, SYSTEM_TRIGGER_REF)) this.#track(rule);
    this.#fire('engine_started', {});
    this.#arm();
  }

  /** Stops the clock checks and forgets the rules. */
  stop(): void {
    this.#running = false;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#disarm();
    this.#rules.clear();
    this.#startedAt = null;
  }

  /** The host's hint: check the clocks now; a `resume` is reported even if they show no sleep. */
  hint(kind: SystemHint): void {
    if (!this.#running) return;
    const found = this.#check();
    if (kind === 'resume' && found !== 'resumed_from_sleep')
      this.#fire('resumed_from_sleep', { slept_ms: null, detected_by: 'os' });
    if (kind === 'clock_change' && found !== 'clock_changed')
      this.#fire('clock_changed', { jump_ms: null, detected_by: 'os' });
    this.#arm();
  }

  /** Live state for the sensor entity: `detail` lists the bound rules and whether the clocks are watched. */
  state(): SensorLiveState {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      status: this.#running && this.#rules.size > 0 ? 'running' : 'stopped',
      pid: null,
      started_at: this.#running ? iso(this.#startedAt) : null,
      restarts: 0,
      last_event_at: iso(this.#lastEventAt),
      events_emitted: this.#events,
      last_error: this.#lastError,
      detail: {
        rules: [...this.#rules].map(([rule, event]) => ({ rule, event })),
        watching_clocks: this.#handle !== null,
      },
    };
  }

  #track(rule: Rule): void {
    const event = rule.trigger_params['event'];
    if (rule.enabled && rule.trigger_ref === SYSTEM_TRIGGER_REF && isSystemEvent(event))
      this.#rules.set(rule.ref, event);
  }

  #needsClocks(): boolean {
    for (const e of this.#rules.values()) if (e !== 'engine_started') return true;
    return false;
  }

  /** One pending check while a rule needs the clocks; none otherwise. */
  #arm(): void {
    this.#disarm();
    if (!this.#running || !this.#needsClocks()) {
      this.#previous = null;
      return;
    }
    this.#previous ??= readClock(this.d.clock);
    this.#handle = this.d.clock.setTimeout(() => {
      this.#handle = null;
      this.#check();
      this.#arm();
    }, MAX_TIMER_WAIT_MS);
  }

  #disarm(): void {
    if (this.#handle !== null) this.d.clock.clearTimeout(this.#handle);
    this.#handle = null;
  }

  /** Classifies the time since the previous reading and fires what it shows. */
  #check(): SystemEvent | null {
    const reading = readClock(this.d.clock);
    const previous = this.#previous;
    this.#previous = reading;
    if (previous === null) return null;
    const gap = classifyGap(previous, reading);
    if (gap.kind === 'asleep') {
      this.#fire('resumed_from_sleep', { slept_ms: Math.round(gap.slept), detected_by: 'clock' });
      return 'resumed_from_sleep';
    }
    if (gap.kind === 'clock_jump') {
      this.#fire('clock_changed', { jump_ms: Math.round(gap.jump), detected_by: 'clock' });
      return 'clock_changed';
    }
    return null;
  }

  #fire(event: SystemEvent, extra: JsonObject): void {
    const at = new Date(this.d.clock.now()).toISOString();
    for (const [ruleRef, bound] of this.#rules) {
      if (bound !== event) continue;
      this.#events++;
      this.#lastEventAt = this.d.clock.now();
      this.d
        .ingest({
          trigger_ref: SYSTEM_TRIGGER_REF,
          rule_ref: ruleRef,
          payload: { event, at, ...extra },
          source_ref: SYSTEM_TRIGGER_REF,
        })
        .catch((err: unknown) => {
          this.#lastError = err instanceof Error ? err.message : String(err);
          this.d.logger.error('system event not stored', { rule: ruleRef, event, error: this.#lastError });
        });
    }
  }
}
