/**
 * Built-in sensors as the sensor API sees them (docs/sensors.md, "Built-in sensors"): each
 * names its ref, its `internal://` entry point and its trigger types, and reports its live state.
 * The engine fills one registry at start; the sensor service stores an entity for each, and the
 * API reads their state from here.
 */
import type { SensorLiveState } from '../contract/sensors.ts';

/** A sensor that lives in the engine rather than in a child process. */
export interface BuiltinSensor {
  /** `core.<name>`. */
  readonly ref: string;
  /** `internal://<name>`. */
  readonly entrypoint: string;
  readonly label: string;
  readonly description: string;
  /** Triggers it emits; empty when it serves whichever trigger asks (the webhook receiver). */
  readonly triggerTypes: readonly string[];
  /** What it is doing now; cheap, called for every list. */
  state(): SensorLiveState;
}

/** The engine's built-in sensors, by ref. Registering a ref twice is a programming error. */
export class BuiltinSensorRegistry {
  private readonly sensors = new Map<string, BuiltinSensor>();

  register(sensor: BuiltinSensor): void {
    if (this.sensors.has(sensor.ref)) throw new Error(`built-in sensor ${sensor.ref} is registered twice`);
    this.sensors.set(sensor.ref, sensor);
  }

  get(ref: string): BuiltinSensor | undefined {
    return this.sensors.get(ref);
  }

  all(): BuiltinSensor[] {
    return [...this.sensors.values()];
  }
}

/** The state of a sensor that is not running and has nothing to report. */
export function idleState(status: SensorLiveState['status'] = 'stopped'): SensorLiveState {
  return {
    status,
    pid: null,
    started_at: null,
    restarts: 0,
    last_event_at: null,
    events_emitted: 0,
    last_error: null,
  };
}

/** Counts what a built-in sensor emitted, for its live state. */
export class EmitCounter {
  count = 0;
  lastAt: number | null = null;

  note(at: number): void {
    this.count += 1;
    this.lastAt = at;
  }
}
