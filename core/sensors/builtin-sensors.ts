/**
 * The engine's own sensors as entities (docs/sensors.md, "Built-in sensors"): `core.timer`
 * (`internal://timer`) with its armed timers and next wake, and `core.webhook`
 * (`internal://webhook`), which serves every webhook-enabled trigger.
 */
import { TIMER_TRIGGER_REFS } from '../schedule/index.ts';
import { type BuiltinSensor, type EmitCounter, idleState } from './sensor-runtime.ts';

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
