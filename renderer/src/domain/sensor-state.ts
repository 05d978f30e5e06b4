/**
 * What the Sensors view shows of a sensor's live state (docs/sensors.md), without React: its
 * tone, its uptime, the first line of its error, whether the user may toggle it.
 */
import type { Sensor } from '../../../core/contract/sensors.ts';
import { formatDuration } from './execution.ts';

export type SensorTone = 'ok' | 'bad' | 'busy' | 'idle';

const TONE: Record<Sensor['status'], SensorTone> = {
  running: 'ok',
  starting: 'busy',
  backoff: 'busy',
  failed: 'bad',
  stopped: 'idle',
};

export function sensorTone(status: Sensor['status']): SensorTone {
  return TONE[status];
}

/** Built-in sensors run with the engine; the user cannot toggle or restart them. */
export function isBuiltinSensor(s: Pick<Sensor, 'entrypoint'>): boolean {
  return s.entrypoint.startsWith('internal://');
}

/** How long the current run has lasted ("—" when it is not running). */
export function sensorUptime(s: Pick<Sensor, 'started_at' | 'status'>, now: number): string {
  if (s.started_at === null || (s.status !== 'running' && s.status !== 'starting')) return '—';
  return formatDuration(now - Date.parse(s.started_at));
}

/** The first line of the last error (the rest, stderr lines, belongs in the detail). */
export function errorHeadline(error: string | null): string {
  return error === null ? '' : (error.split('\n')[0] ?? '');
}

/** Why a sensor that is enabled does not run, in words, or null when it runs or is meant to. */
export function idleReason(s: Pick<Sensor, 'enabled' | 'status' | 'entrypoint'>): string | null {
  if (isBuiltinSensor(s) || s.status !== 'stopped') return null;
  return s.enabled ? 'No enabled rule uses its triggers' : 'Disabled';
}
