/**
 * The sensors of the engine, composed (docs/sensors.md): the built-in timer and webhook sensors
 * as entities, the sensor service, the pack-sensor supervisor with its tokens, and the one
 * event-emission path that `POST /api/v1/events` and sensors' stdout share.
 */
import { describeIssues } from '../contract/result.ts';
import type { SensorLiveState } from '../contract/sensors.ts';
import { type EventCreate, EventCreateInput } from '../contract/sensors.ts';
import type { AttuneEvent, SensorEntity } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import type { Logger } from '../model/logger.ts';
import type { Clock } from '../schedule/clock.ts';
import {
  filewatchBuiltin,
  type RunFlag,
  systemBuiltin,
  timerBuiltin,
  webhookBuiltin,
} from '../sensors/builtin-sensors.ts';
import { BuiltinSensorRegistry, type EmitCounter, idleState } from '../sensors/sensor-runtime.ts';
import type { BackoffPolicy } from '../sensors/supervisor/backoff.ts';
import { resolveSensorEntry, sensorRunner } from '../sensors/supervisor/sensor-entry.ts';
import { type SensorScope, SensorTokens } from '../sensors/supervisor/sensor-tokens.ts';
import { SensorSupervisor } from '../sensors/supervisor/supervisor.ts';
import type { TimerSensor } from '../sensors/timer-sensor.ts';
import { SensorService } from '../services/sensor-service.ts';
import { countWebhookTriggers, type Store } from '../store/index.ts';
import { emitEvent } from './emit-event.ts';
import type { EventSubmission, IngestResult } from './ingest.ts';
import type { Notifier } from './notifier.ts';

/** The sensors of a running engine: built-in ones, the pack-sensor supervisor, their tokens. */
export interface EngineSensors {
  readonly builtins: BuiltinSensorRegistry;
  readonly supervisor: SensorSupervisor;
  readonly tokens: SensorTokens;
  /** Live state of a stored sensor: its built-in's report, or the supervisor's. */
  state(sensor: SensorEntity): SensorLiveState;
  /**
   * Starts the pack sensors, telling them the API's URL (null when no HTTP listener runs). The
   * headless host calls it once it listens (core/host/serve.ts).
   */
  attach(apiUrl: string | null): void;
}

export interface SensorCompositionDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  ingest(e: EventSubmission): Promise<IngestResult>;
  timers: TimerSensor;
  filewatch: { state(): SensorLiveState };
  system: { state(): SensorLiveState };
  run: RunFlag;
  timerEvents: EmitCounter;
  webhookEvents: EmitCounter;
  backoff: Partial<BackoffPolicy> | undefined;
  killGraceMs: number | undefined;
}

export function composeSensors(d: SensorCompositionDeps): {
  sensors: EngineSensors;
  sensorEntities: SensorService;
  emit: (input: EventCreate, scope: SensorScope | null) => Promise<AttuneEvent>;
} {
  const { store, clock, logger, notifier } = d;
  const builtins = new BuiltinSensorRegistry();
  builtins.register(timerBuiltin(d.timers, d.run, d.timerEvents));
  builtins.register(
    webhookBuiltin({ enabledCount: () => countWebhookTriggers(store.read) }, d.run, d.webhookEvents),
  );
  builtins.register(filewatchBuiltin(d.filewatch));
  builtins.register(systemBuiltin(d.system));
  const sensorEntities = new SensorService({
    store,
    notifier,
    clock,
    checks: {
      runner: sensorRunner,
      entryProblem: (packPath, entrypoint) => {
        const r = resolveSensorEntry(packPath, entrypoint);
        return r.ok ? null : r.message;
      },
    },
  });
  const emit = (input: EventCreate, scope: SensorScope | null) =>
    emitEvent({ store, ingest: d.ingest }, input, scope);
  const tokens = new SensorTokens();
  const supervisor = new SensorSupervisor({
    store,
    clock,
    logger,
    notifier,
    tokens,
    ...(d.backoff ? { policy: d.backoff } : {}),
    ...(d.killGraceMs !== undefined ? { killGraceMs: d.killGraceMs } : {}),
    emit: (scope, body) => {
      const parsed = EventCreateInput.safeParse(body);
      if (!parsed.success) {
        const issue = describeIssues(parsed.error.issues);
        return Promise.reject(
          new AttuneError('VALIDATION_ERROR', issue.message, issue.field ? { field: issue.field } : {}),
        );
      }
      return emit(parsed.data, scope);
    },
  });
  const sensors: EngineSensors = {
    builtins,
    supervisor,
    tokens,
    state: (sensor) =>
      sensor.entrypoint.startsWith('internal://')
        ? (builtins.get(sensor.ref)?.state() ?? idleState())
        : supervisor.state(sensor.ref),
    attach: (apiUrl) => supervisor.attach(apiUrl),
  };
  return { sensors, sensorEntities, emit };
}
