/** Shared by the sensor integration tests: a host with the sensor kit, and reads of its state. */
import type { TestContext } from 'node:test';
import type { Sensor, SensorLogLine } from '../../../core/contract/sensors.ts';
import type { AttuneEvent } from '../../../core/model/entities.ts';
import { startTestHost, type TestHost } from '../../helpers/host.ts';
import { waitFor } from '../../helpers/processes.ts';

/** Short restart delays, so a crash loop takes a second rather than a minute. */
export const QUICK_BACKOFF = { baseMs: 50, factor: 2, maxMs: 400, quickExitMs: 10_000, crashLoopExits: 5 };

export function sensorHost(t: Pick<TestContext, 'after'>): Promise<TestHost> {
  return startTestHost(t, { packs: ['sensorkit'], sensorBackoff: QUICK_BACKOFF });
}

export async function sensor(h: TestHost, ref: string): Promise<Sensor> {
  const r = await h.api<{ data: Sensor }>('GET', `/api/v1/sensors/${ref}`);
  return r.body.data;
}

export async function logs(h: TestHost, ref: string): Promise<SensorLogLine[]> {
  const r = await h.api<{ data: { lines: SensorLogLine[] } }>('GET', `/api/v1/sensors/${ref}/logs?limit=500`);
  return r.body.data.lines;
}

export async function tickEvents(h: TestHost): Promise<AttuneEvent[]> {
  const r = await h.api<{ items: AttuneEvent[] }>(
    'GET',
    '/api/v1/events?trigger_ref=sensorkit.tick&page_size=100',
  );
  return r.body.items;
}

/** Waits for a tick event that passes `pick`. */
export function tickEvent(
  h: TestHost,
  what: string,
  pick: (e: AttuneEvent) => boolean,
): Promise<AttuneEvent> {
  return waitFor(async () => (await tickEvents(h)).find(pick), what, 60_000);
}

/** Waits until the sensor's state passes `pick`. */
export function sensorState(
  h: TestHost,
  ref: string,
  what: string,
  pick: (s: Sensor) => boolean,
): Promise<Sensor> {
  return waitFor(
    async () => {
      const s = await sensor(h, ref);
      return pick(s) ? s : null;
    },
    what,
    60_000,
  );
}
