/**
 * The environment a pack sensor process starts with (docs/sensors.md, "Environment"): the short
 * allow-list of host variables actions get, Attune's managed-sensor variables, one variable per
 * config key, and what the interpreter needs on top. Nothing else of the host's environment
 * passes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SensorEntity } from '../../../core/model/entities.ts';
import { buildSensorEnv, configVarName } from '../../../core/sensors/supervisor/sensor-env.ts';
import type { SensorRuleBinding } from '../../../core/store/index.ts';

const sensor = (config: SensorEntity['config'] = {}): SensorEntity => ({
  id: 7,
  ref: 'acme.watch',
  label: 'Watch',
  description: '',
  pack_ref: 'acme',
  entrypoint: 'watch.py',
  runner_type: 'python',
  trigger_types: ['acme.tick'],
  enabled: true,
  config,
  param_schema: {},
  created: '2026-01-01T00:00:00.000Z',
  updated: '2026-01-01T00:00:00.000Z',
});

const rules: SensorRuleBinding[] = [
  { id: 3, ref: 'acme.on_tick', trigger_ref: 'acme.tick', config: { every: 5 } },
];

const base = {
  hostEnv: {} as Record<string, string | undefined>,
  sensor: sensor(),
  rules,
  apiUrl: 'http://127.0.0.1:8787',
  token: 'sensor.abc',
  logLevel: 'info',
};

test('a sensor gets the allow-listed host variables and the managed-sensor variables, nothing else', () => {
  const env = buildSensorEnv({
    ...base,
    hostEnv: {
      PATH: '/opt/bin:/usr/bin',
      HOME: '/home/u',
      LANG: 'en_GB.UTF-8',
      TZ: 'Europe/Berlin',
      USER: undefined,
      AWS_SECRET_ACCESS_KEY: 'leak',
      ATTUNE_API_TOKEN: 'the user token',
      NODE_OPTIONS: '--require evil.js',
    },
  });
  assert.deepEqual(env, {
    PATH: '/opt/bin:/usr/bin',
    HOME: '/home/u',
    LANG: 'en_GB.UTF-8',
    TZ: 'Europe/Berlin',
    ATTUNE_API_URL: 'http://127.0.0.1:8787',
    ATTUNE_API_TOKEN: 'sensor.abc',
    ATTUNE_SENSOR_REF: 'acme.watch',
    ATTUNE_SENSOR_ID: '7',
    ATTUNE_PACK_REF: 'acme',
    ATTUNE_SENSOR_TRIGGERS: '[{"id":3,"ref":"acme.on_tick","trigger_ref":"acme.tick","config":{"every":5}}]',
    ATTUNE_LOG_LEVEL: 'info',
    ATTUNE_NOTIFIER_WS_URL: '',
  });
});

test('without a host PATH the sensor gets /usr/local/bin:/usr/bin:/bin', () => {
  assert.equal(buildSensorEnv(base).PATH, '/usr/local/bin:/usr/bin:/bin');
  assert.equal(buildSensorEnv({ ...base, hostEnv: { PATH: '/x' } }).PATH, '/x');
});

test('without an HTTP listener ATTUNE_API_URL is empty, and the log level is passed as given', () => {
  const env = buildSensorEnv({ ...base, apiUrl: null, logLevel: 'debug' });
  assert.equal(env.ATTUNE_API_URL, '');
  assert.equal(env.ATTUNE_LOG_LEVEL, 'debug');
});

test('no rules on its triggers is an empty JSON list', () => {
  assert.equal(buildSensorEnv({ ...base, rules: [] }).ATTUNE_SENSOR_TRIGGERS, '[]');
});

test('each config key becomes ATTUNE_SENSOR_CONFIG_<KEY>: strings as they are, other values as JSON', () => {
  const env = buildSensorEnv({
    ...base,
    sensor: sensor({ folder: '/tmp/in', 'poll-seconds': 5, recursive: true, globs: ['*.csv'], tag: null }),
  });
  const config = Object.fromEntries(
    Object.entries(env).filter(([k]) => k.startsWith('ATTUNE_SENSOR_CONFIG_')),
  );
  assert.deepEqual(config, {
    ATTUNE_SENSOR_CONFIG_FOLDER: '/tmp/in',
    ATTUNE_SENSOR_CONFIG_POLL_SECONDS: '5',
    ATTUNE_SENSOR_CONFIG_RECURSIVE: 'true',
    ATTUNE_SENSOR_CONFIG_GLOBS: '["*.csv"]',
    ATTUNE_SENSOR_CONFIG_TAG: 'null',
  });
});

test('a config key is upper-cased and every character other than A–Z and 0–9 becomes _', () => {
  assert.equal(configVarName('api_key2'), 'ATTUNE_SENSOR_CONFIG_API_KEY2');
  assert.equal(configVarName('a.b-c d/9'), 'ATTUNE_SENSOR_CONFIG_A_B_C_D_9');
  assert.equal(configVarName('Zoë'), 'ATTUNE_SENSOR_CONFIG_ZO_');
  assert.equal(configVarName('0az'), 'ATTUNE_SENSOR_CONFIG_0AZ');
});

test('the managed-sensor variables are set by the runtime, not by the sensor config', () => {
  // A config key named `api_token` lands in its own prefixed variable; the token stays the run's.
  const env = buildSensorEnv({ ...base, sensor: sensor({ api_token: 'mine' }) });
  assert.equal(env.ATTUNE_API_TOKEN, 'sensor.abc');
  assert.equal(env.ATTUNE_SENSOR_CONFIG_API_TOKEN, 'mine');
});

test('what the interpreter needs is added last', () => {
  const env = buildSensorEnv({
    ...base,
    hostEnv: { PATH: '/usr/bin' },
    extra: { PYTHONDONTWRITEBYTECODE: '1', PATH: '/venv/bin:/usr/bin' },
  });
  assert.equal(env.PYTHONDONTWRITEBYTECODE, '1');
  assert.equal(env.PATH, '/venv/bin:/usr/bin');
  assert.equal(env.ATTUNE_SENSOR_REF, 'acme.watch');
});
