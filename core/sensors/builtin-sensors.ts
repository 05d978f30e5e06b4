/**
 * The engine's own sensors as entities (docs/sensors.md, "Built-in sensors"): `core.timer`
 * (`internal://timer`) with its armed timers and next wake, and `core.webhook`
 * (`internal://webhook`), which serves every webhook-enabled trigger, and adapters that show
 * `core.filewatch` and `core.system` the same way.
 */
import type { SensorLiveState } from '../contract/sensors.ts';
import { TIMER_TRIGGER_REFS } from '../schedule/index.ts';
import { FILEWATCH_ENTRYPOINT, FILEWATCH_TRIGGER_REF } from './filewatch/index.ts';
import { type BuiltinSensor, type EmitCounter, idleState } from './sensor-runtime.ts';
import { SYSTEM_ENTRYPOINT, SYSTEM_TRIGGER_REF } from './system-sensor.ts';

/** Whether the engine has started its sensors, and since when (epoch ms). */
export interface RunFlag {
  startedAt: number | null;
}

function running(flag: RunFlag, counter: EmitCounter) {
  const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...idleState(flag.startedAt === null ? 'stopped' : 'running'),
    started_at: at(flag.startedAt),
    events_emitted: counter.count,
    last_event_at: at(counter.lastAt),
  };
}

export function timerBuiltin(
  timers: { readonly armedCount: number; nextFireAt(): number | null },
  flag: RunFlag,
  counter: EmitCounter,
): BuiltinSensor {
  return {
    ref: 'core.timer',
    entrypoint: 'internal://timer',
    label: 'Timers',
    description: 'Fires the interval, cron and date-time timer rules at their scheduled instants',
    triggerTypes: [...TIMER_TRIGGER_REFS],
    state() {
      const next = timers.nextFireAt();
      return {
        ...running(flag, counter),
        detail: {
          armed_timers: timers.armedCount,
          next_wake_at: next === null ? null : new Date(next).toISOString(),
        },
      };
    },
  };
}

export function webhookBuiltin(
  webhooks: { enabledCount(): number },
  flag: RunFlag,
  counter: EmitCounter,
): BuiltinSensor {
  return {
    ref: 'core.webhook',
    entrypoint: 'internal://webhook',
    label: 'Webhooks',
    description: 'Receives POST /api/v1/webhooks/{key} for every webhook-enabled trigger',
    triggerTypes: [],
    state() {
      return { ...running(flag, counter), detail: { webhook_triggers: webhooks.enabledCount() } };
    },
  };
}

/** The `core.filewatch` sensor as an entity: its own state reports its watches. */
export function filewatchBuiltin(filewatch: { state(): SensorLiveState }): BuiltinSensor {
  return {
    ref: 'core.filewatch',
    entrypoint: FILEWATCH_ENTRYPOINT,
    label: 'File watching',
    description: 'Fires core.filewatch rules when files are added, changed or removed under a watched path',
    triggerTypes: [FILEWATCH_TRIGGER_REF],
    state: () => filewatch.state(),
  };
}

/** The `core.system` sensor as an entity: engine start, resume from sleep, clock changes. */
export function systemBuiltin(system: { state(): SensorLiveState }): BuiltinSensor {
  return {
    ref: 'core.system',
    entrypoint: SYSTEM_ENTRYPOINT,
    label: 'System',
    description:
      'Fires core.system rules when the engine starts, the machine resumes from sleep or the clock changes',
    triggerTypes: [SYSTEM_TRIGGER_REF],
    state: () => system.state(),
  };
}
