/**
 * The environment of a sensor process: Attune's managed-sensor protocol (docs/sensors.md,
 * "Environment") plus the short allow-list of host variables actions get. Nothing else of the
 * host's environment passes.
 */

import type { SensorEntity } from '../../model/entities.ts';
import { HOST_ENV_ALLOW_LIST } from '../../runners/child-env.ts';
import type { SensorRuleBinding } from '../../store/index.ts';

const FALLBACK_PATH = '/usr/local/bin:/usr/bin:/bin';

/** `ATTUNE_SENSOR_CONFIG_<KEY>` for one config key: upper case, anything else than A–Z 0–9 → `_`. */
export function configVarName(key: string): string {
  return `ATTUNE_SENSOR_CONFIG_${key.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export function buildSensorEnv(o: {
  hostEnv: Readonly<Record<string, string | undefined>>;
  sensor: SensorEntity;
  rules: readonly SensorRuleBinding[];
  apiUrl: string | null;
  token: string;
  logLevel: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of HOST_ENV_ALLOW_LIST) {
    const value = o.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  for (const [key, value] of Object.entries(o.sensor.config)) {
    env[configVarName(key)] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  env.ATTUNE_API_URL = o.apiUrl ?? '';
  env.ATTUNE_API_TOKEN = o.token;
  env.ATTUNE_SENSOR_REF = o.sensor.ref;
  env.ATTUNE_SENSOR_ID = String(o.sensor.id);
  env.ATTUNE_PACK_REF = o.sensor.pack_ref;
  env.ATTUNE_SENSOR_TRIGGERS = JSON.stringify(o.rules);
  env.ATTUNE_LOG_LEVEL = o.logLevel;
  // Rule changes reach a sensor by a restart with the new ATTUNE_SENSOR_TRIGGERS, not over a
  // WebSocket (docs/sensors.md, "Rule changes"); empty tells Attune's SDK not to connect.
  env.ATTUNE_NOTIFIER_WS_URL = '';
  return { ...env, ...o.extra };
}
