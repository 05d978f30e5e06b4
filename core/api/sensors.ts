/** sensors.* and events.create channels (docs/sensors.md). */
import type { Sensor } from '../contract/sensors.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { SensorEntity } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { qualifyRef } from '../model/refs.ts';
import { isBuiltinSensor } from '../services/sensor-service.ts';
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

export const sensorsHandlers = {
  'sensors.list': (a, { engine }) =>
    page(engine, { pack_ref: a.pack_ref, trigger_ref: a.trigger_ref, enabled: a.enabled }, a),
  'sensors.listEnabled': (a, { engine }) => page(engine, { enabled: true }, a),
  'sensors.listByPack': (a, { engine }) => page(engine, { pack_ref: a.ref }, a),
  'sensors.listByTrigger': (a, { engine }) => page(engine, { trigger_ref: qualifyRef(a.ref, 'local') }, a),
  'sensors.get': (a, { engine }) => sensorView(engine, engine.sensorEntities.get(a.ref)),
  'sensors.create': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.create(a));
  },
  'sensors.update': async (a, { engine }) => {
    return afterChange(engine, engine.sensorEntities.update(a.ref, a.patch));
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
    return event;
  },
} satisfies Partial<Handlers>;
