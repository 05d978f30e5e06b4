/** sensors.* and events.create channels (docs/sensors.md). */
import type { Sensor, SensorCreate, SensorPatch } from '../contract/sensors.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { SensorEntity } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { qualifyRef, withPackRef } from '../model/refs.ts';
import { isBuiltinSensor, type SensorEdit } from '../services/sensor-service.ts';
import { listSensors, type SensorFilter } from '../store/index.ts';
import type { Handlers } from './handler-types.ts';
import { pageOf } from './paging.ts';

/** A stored sensor with its live state beside it. */
export function sensorView(engine: Engine, s: SensorEntity): Sensor {
  return { ...s, ...engine.sensors.state(s) };
}

function page(engine: Engine, f: SensorFilter, a: { page: number; page_size: number }) {
  return pageOf(
    listSensors(engine.store.read, f).map((s) => sensorView(engine, s)),
    a.page,
    a.page_size,
  );
}

/** After a change, the supervisor has started or stopped what it implies before we answer. */
async function afterChange(engine: Engine, s: SensorEntity): Promise<Sensor> {
  await engine.sensors.supervisor.settled();
  return sensorView(engine, s);
}

/**
 * Attune's CreateSensorRequest in our names (docs/attune-compat.md, "Requests"): `pack_ref`
 * qualifies the ref, `runtime_ref` is the runner, `trigger_ref` one trigger type; the worker and
 * retention fields are dropped.
 */
function createOf(a: SensorCreate): SensorCreate {
  const { pack_ref, runtime_ref, trigger_ref, runtime, trigger_types, ...ours } = a;
  const runner = ours.runner_type ?? runtime ?? runtime_ref ?? undefined;
  const triggers = trigger_types ?? (trigger_ref ? [trigger_ref] : undefined);
  return {
    ref: withPackRef(a.ref, pack_ref),
    label: ours.label,
    description: ours.description,
    entrypoint: ours.entrypoint,
    enabled: ours.enabled,
    config: ours.config,
    param_schema: ours.param_schema,
    ...(runner === undefined ? {} : { runner_type: runner }),
    ...(triggers === undefined ? {} : { trigger_types: triggers }),
  };
}

/** Attune's UpdateSensorRequest in our names: `param_schema` may be a set/clear patch. */
function editOf(p: SensorPatch): SensorEdit {
  const edit: SensorEdit = {};
  if (p.label !== undefined) edit.label = p.label;
  if (p.description !== undefined) edit.description = p.description;
  if (p.entrypoint !== undefined) edit.entrypoint = p.entrypoint;
  if (p.enabled !== undefined) edit.enabled = p.enabled;
  if (p.config !== undefined) edit.config = p.config;
  if (p.trigger_types !== undefined) edit.trigger_types = p.trigger_types;
  const runner = p.runner_type ?? p.runtime;
  if (runner !== undefined) edit.runner_type = runner;
  const schema = p.param_schema;
  if (schema !== undefined) {
    if (schema.op === 'clear') edit.param_schema = {};
    else if (schema.op === 'set' && 'value' in schema)
      edit.param_schema = schema.value as SensorEdit['param_schema'];
    else edit.param_schema = schema as SensorEdit['param_schema'];
  }
  return edit;
}

export const sensorsHandlers = {
  'sensors.list': (a, { engine }) =>
    page(engine, { pack_ref: a.pack_ref, trigger_ref: a.trigger_ref, enabled: a.enabled }, a),
  'sensors.listEnabled': (a, { engine }) => page(engine, { enabled: true }, a),
  'sensors.listByPack': (a, { engine }) => page(engine, { pack_ref: a.ref }, a),
  'sensors.listByTrigger': (a, { engine }) => page(engine, { trigger_ref: qualifyRef(a.ref, 'local') }, a),
  'sensors.get': (a, { engine }) => sensorView(engine, engine.sensorEntities.get(a.ref)),
  'sensors.create': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.create(createOf(a)));
  },
  'sensors.update': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.update(a.ref, editOf(a.patch)));
  },
  'sensors.delete': async (a, { engine }) => {
    const s = engine.sensorEntities.delete(a.ref);
    await engine.sensors.supervisor.settled();
    return { ref: s.ref, deleted: true as const };
  },
  'sensors.enable': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.setEnabled(a.ref, true));
  },
  'sensors.disable': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.setEnabled(a.ref, false));
  },
  'sensors.restart': async (a, { engine }) => {
    const s = engine.sensorEntities.get(a.ref);
    if (isBuiltinSensor(s)) {
      throw new AttuneError(
        'VALIDATION_ERROR',
        `ref: ${s.ref} is a built-in sensor and runs with the engine`,
        {
          field: 'ref',
        },
      );
    }
    await engine.sensors.supervisor.restart(s.ref);
    return sensorView(engine, s);
  },
  'sensors.logs': (a, { engine }) => {
    const s = engine.sensorEntities.get(a.ref);
    return { ref: s.ref, lines: engine.sensors.supervisor.logs(s.ref, a.limit) };
  },
  'events.create': async (a, { engine, caller }) => {
    const event = await engine.emitEvent(a, caller ?? null);
    if (caller) engine.sensors.supervisor.noteEvent(caller.sensorRef);
    return engine.explainOnRead(event);
  },
} satisfies Partial<Handlers>;
