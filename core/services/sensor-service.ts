/**
 * Sensor create / update / delete / enable with validation at save (docs/sensors.md): an unknown
 * trigger type, a missing program file or a runner a sensor cannot use is refused with a message
 * naming the field, before anything is stored. Every change is announced (`sensor_changed`), and
 * the supervisor starts, restarts or stops the process at once: nothing needs a restart.
 */
import type { SensorCreate } from '../contract/sensors.ts';
import type { SensorEntity } from '../model/entities.ts';
import { AttuneError, notFound } from '../model/errors.ts';
import { CORE_PACK, packOf, qualifyRef, USER_PACK, userEntityRef } from '../model/refs.ts';
import type { Clock } from '../schedule/clock.ts';
import {
  deleteSensor,
  getPack,
  getSensor,
  getTrigger,
  type ReadHandle,
  type SensorInput,
  type Store,
  upsertSensor,
} from '../store/index.ts';
import type { ChangeFeed } from './ports.ts';

/** What the service needs to check a program, from the layer that runs them (core/sensors). */
export interface SensorChecks {
  /** The canonical runner name, or null when sensors cannot run on it. */
  runner(name: string): string | null;
  /** A sentence saying why `entrypoint` is not a program of this pack, or null when it is. */
  entryProblem(packPath: string | null, entrypoint: string): string | null;
}

/** A built-in sensor as the service stores it (core/sensors/sensor-runtime.ts). */
export interface BuiltinSensorInfo {
  ref: string;
  entrypoint: string;
  label: string;
  description: string;
  triggerTypes: readonly string[];
}

export interface SensorServiceDeps {
  store: Store;
  notifier: ChangeFeed;
  clock: Clock;
  checks: SensorChecks;
}

const invalid = (field: string, message: string) =>
  new AttuneError('VALIDATION_ERROR', `${field}: ${message}`, { field });

/** What an update may change; absent fields stay as they are. */
export type SensorEdit = Partial<
  Pick<
    SensorInput,
    | 'label'
    | 'description'
    | 'entrypoint'
    | 'runner_type'
    | 'trigger_types'
    | 'enabled'
    | 'config'
    | 'param_schema'
  >
>;

export const isBuiltinSensor = (s: Pick<SensorEntity, 'entrypoint'>) =>
  s.entrypoint.startsWith('internal://');

export class SensorService {
  constructor(private readonly d: SensorServiceDeps) {}

  get(ref: string): SensorEntity {
    const s = getSensor(this.d.store.read, qualifyRef(ref, USER_PACK));
    if (!s) throw notFound('sensor', ref);
    return s;
  }

  create(input: SensorCreate): SensorEntity {
    const ref = userEntityRef(input.ref, 'ref');
    const draft: SensorInput = {
      ref,
      pack_ref: packOf(ref),
      label: input.label ?? ref.slice(ref.indexOf('.') + 1),
      description: input.description ?? '',
      entrypoint: input.entrypoint,
      runner_type: input.runner_type ?? input.runtime ?? '',
      trigger_types: input.trigger_types ?? [],
      enabled: input.enabled ?? true,
      config: input.config ?? {},
      param_schema: input.param_schema ?? {},
    };
    const saved = this.d.store.transaction((w) => {
      if (getSensor(w, ref))
        throw new AttuneError('CONFLICT', `sensor "${ref}" already exists`, { field: 'ref' });
      return upsertSensor(w, this.validated(w, draft), this.d.clock.now());
    });
    this.announce(saved.ref, 'created');
    return saved;
  }

  update(ref: string, patch: SensorEdit): SensorEntity {
    const current = this.editable(ref);
    const draft: SensorInput = { ...current, ...patch };
    const saved = this.d.store.transaction((w) =>
      upsertSensor(w, this.validated(w, draft), this.d.clock.now()),
    );
    this.announce(saved.ref, 'updated');
    return saved;
  }

  delete(ref: string): SensorEntity {
    const current = this.editable(ref);
    this.d.store.transaction((w) => deleteSensor(w, current.ref));
    this.announce(current.ref, 'deleted');
    return current;
  }

  setEnabled(ref: string, enabled: boolean): SensorEntity {
    const current = this.editable(ref);
    const saved = this.d.store.transaction((w) =>
      upsertSensor(w, { ...current, enabled }, this.d.clock.now()),
    );
    this.announce(saved.ref, enabled ? 'enabled' : 'disabled');
    return saved;
  }

  /** Stores an entity for each built-in sensor (at every start: the registry is the truth). */
  ensureBuiltins(builtins: readonly BuiltinSensorInfo[]): void {
    const now = this.d.clock.now();
    this.d.store.transaction((w) => {
      for (const b of builtins) {
        const existing = getSensor(w, b.ref);
        const same =
          existing &&
          existing.entrypoint === b.entrypoint &&
          existing.label === b.label &&
          existing.description === b.description &&
          JSON.stringify(existing.trigger_types) === JSON.stringify(b.triggerTypes);
        if (same) continue;
        upsertSensor(
          w,
          {
            ref: b.ref,
            pack_ref: CORE_PACK,
            label: b.label,
            description: b.description,
            entrypoint: b.entrypoint,
            runner_type: 'internal',
            trigger_types: [...b.triggerTypes],
            enabled: true,
            config: {},
            param_schema: {},
          },
          now,
        );
      }
    });
  }

  /** A pack sensor the user may change; built-in sensors are the engine's. */
  private editable(ref: string): SensorEntity {
    const current = this.get(ref);
    if (isBuiltinSensor(current)) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `ref: ${current.ref} is a built-in sensor; it runs while rules need it and cannot be changed`,
        { field: 'ref' },
      );
    }
    return current;
  }

  private validated(h: ReadHandle, s: SensorInput): SensorInput {
    const pack = getPack(h, s.pack_ref);
    if (!pack) throw invalid('ref', `pack "${s.pack_ref}" is not installed`);
    if (s.runner_type === '') throw invalid('runner_type', 'is required (python, node, shell or native)');
    const runner = this.d.checks.runner(s.runner_type);
    if (runner === null) {
      throw invalid(
        'runner_type',
        `"${s.runner_type}" is not supported for sensors (use python, node, shell or native)`,
      );
    }
    const triggers = s.trigger_types.map((t, i) => {
      const ref = qualifyRef(t, s.pack_ref, `trigger_types[${i}]`);
      if (!getTrigger(h, ref)) throw invalid(`trigger_types[${i}]`, `unknown trigger type "${ref}"`);
      return ref;
    });
    if (triggers.length === 0) throw invalid('trigger_types', 'name at least one trigger this sensor emits');
    const problem = this.d.checks.entryProblem(pack.path, s.entrypoint);
    if (problem !== null) throw invalid('entrypoint', problem);
    return { ...s, runner_type: runner, trigger_types: [...new Set(triggers)] };
  }

  private announce(ref: string, change: string): void {
    this.d.notifier.publish('sensor_changed', 'sensor', ref, { change });
  }
}
