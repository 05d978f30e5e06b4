/**
 * A pack-sensor supervisor over a real store in a temp folder, a SimClock for its restart delays,
 * the real change feed and token registry, and a node program in a real pack folder (the unit
 * tests of docs/sensors.md, "Lifecycle" and "Supervision"). The program's behaviour is its
 * sensor's config: `mode` `run` (stays up), `crash` (three stderr lines, exit 3), `ignore-term`,
 * `clean-up-on-term` (exits 100 ms after a SIGTERM), and `lines`, printed to stdout first (to stderr when they start with `ERR:`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { SensorLiveState, SensorLogLine } from '../../core/contract/sensors.ts';
import { createNotifier, type Notifier } from '../../core/engine/notifier.ts';
import type { JsonObject } from '../../core/model/entities.ts';
import type { Logger } from '../../core/model/logger.ts';
import { SimClock } from '../../core/schedule/sim-clock.ts';
import type { SensorScope } from '../../core/sensors/supervisor/sensor-tokens.ts';
import { SensorTokens } from '../../core/sensors/supervisor/sensor-tokens.ts';
import { SensorSupervisor, type SupervisorDeps } from '../../core/sensors/supervisor/supervisor.ts';
import {
  DEFAULT_WEBHOOK_CONFIG,
  deleteRule,
  getRule,
  insertRule,
  openStore,
  type SensorInput,
  type Store,
  updateRule,
  upsertAction,
  upsertPack,
  upsertSensor,
  upsertTrigger,
} from '../../core/store/index.ts';
import { waitFor } from './processes.ts';
import { tempDir } from './temp-dir.ts';

export const T0 = Date.parse('2026-12-07T12:00:00.000Z');

const PROGRAM = `
const mode = process.env.ATTUNE_SENSOR_CONFIG_MODE ?? 'run';
for (const l of JSON.parse(process.env.ATTUNE_SENSOR_CONFIG_LINES ?? '[]')) {
  if (l.startsWith('ERR:')) process.stderr.write(l.slice(4) + '\\n');
  else process.stdout.write(l + '\\n');
}
if (mode === 'crash') {
  process.stderr.write('oops 1\\noops 2\\noops 3\\n');
  process.exit(3);
}
if (mode === 'ignore-term') process.on('SIGTERM', () => process.stdout.write('term ignored\\n'));
if (mode === 'clean-up-on-term')
  process.on('SIGTERM', () => {
    process.stdout.write('cleaning up\\n');
    setTimeout(() => process.exit(0), 100);
  });
process.stdout.write('env ' + process.pid + ' ' + JSON.stringify({
  triggers: JSON.parse(process.env.ATTUNE_SENSOR_TRIGGERS).map((r) => r.ref),
  url: process.env.ATTUNE_API_URL,
  token: process.env.ATTUNE_API_TOKEN,
  level: process.env.ATTUNE_LOG_LEVEL,
  tz: process.env.TZ,
  cwd: process.cwd(),
}) + '\\n');
setInterval(() => {}, 1000);
`;

export interface SupFixture {
  sup: SensorSupervisor;
  store: Store;
  clock: SimClock;
  notifier: Notifier;
  tokens: SensorTokens;
  packDir: string;
  emitted: Array<{ scope: SensorScope; body: Record<string, unknown> }>;
  /** What the next emit rejects with instead of taking the event. */
  refuseNext(reason: unknown): void;
  warnings: Array<[string, unknown]>;
  announced: Array<{ ref: string; status: unknown }>;
  /** Saves the sensor `acme.watch` (config and other fields over the defaults); `updated` moves on. */
  saveSensor(o?: Partial<SensorInput>): void;
  /** Adds or changes the rule `acme.<name>` on `acme.tick`. */
  setRule(name: string, enabled: boolean, params?: JsonObject): void;
  removeRule(name: string): void;
  state(ref?: string): SensorLiveState;
  lines(ref?: string): SensorLogLine[];
  texts(stream: SensorLogLine['stream'], ref?: string): string[];
  waitFor(pred: (s: SensorLiveState) => boolean, what: string, ref?: string): Promise<SensorLiveState>;
}

export function supervisorFixture(t: TestContext, deps: Partial<SupervisorDeps> = {}): SupFixture {
  const root = tempDir(t);
  const packDir = path.join(root, 'acme');
  fs.mkdirSync(path.join(packDir, 'sensors'), { recursive: true });
  fs.writeFileSync(path.join(packDir, 'sensors', 'watch.js'), PROGRAM);
  const store = openStore({ file: path.join(root, 'attune.db') });
  const clock = new SimClock(T0);
  const notifier = createNotifier(() => clock.now());
  const tokens = new SensorTokens();
  const emitted: SupFixture['emitted'] = [];
  const warnings: SupFixture['warnings'] = [];
  const announced: SupFixture['announced'] = [];
  notifier.subscribe(['notification_type:sensor_changed'], (n) => {
    if (n.payload.change === 'state') announced.push({ ref: String(n.entity_id), status: n.payload.status });
  });
  let refusal: { reason: unknown } | null = null;
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (msg, data) => warnings.push([msg, data]),
    error: (msg, data) => warnings.push([msg, data]),
  };
  let now = T0;
  store.transaction((w) => {
    upsertPack(
      w,
      {
        ref: 'acme',
        label: 'Acme',
        description: '',
        version: '1.0.0',
        author: null,
        conf_schema: {},
        config: {},
        dependencies: [],
        tags: [],
        path: packDir,
        system: false,
      },
      now,
    );
    upsertTrigger(
      w,
      {
        ref: 'acme.tick',
        pack_ref: 'acme',
        label: 'Tick',
        description: '',
        param_schema: {},
        out_schema: {},
        enabled: true,
        webhook_enabled: false,
        webhook_key: null,
        webhook_config: DEFAULT_WEBHOOK_CONFIG,
      },
      now,
    );
    upsertAction(
      w,
      {
        ref: 'acme.noop',
        pack_ref: 'acme',
        label: 'Noop',
        description: '',
        runner_type: 'builtin',
        entry_point: 'noop',
        parameters: {},
        output: {},
        parameter_delivery: 'stdin',
        parameter_format: 'json',
        output_format: 'text',
        timeout_seconds: 5,
        retry: null,
        enabled: true,
      },
      now,
    );
  });
  const sup = new SensorSupervisor({
    store,
    clock,
    logger,
    notifier,
    tokens,
    hostEnv: { PATH: process.env.PATH, TZ: 'Pacific/Chatham' },
    emit: (scope, body) => {
      if (refusal !== null) {
        const r = refusal.reason;
        refusal = null;
        return Promise.reject(r);
      }
      emitted.push({ scope, body });
      return Promise.resolve({});
    },
    ...deps,
  });
  t.after(async () => {
    await sup.stop();
    store.close();
  });
  const state = (ref = 'acme.watch') => sup.state(ref);
  const lines = (ref = 'acme.watch') => sup.logs(ref);
  return {
    sup,
    store,
    clock,
    notifier,
    tokens,
    packDir,
    emitted,
    refuseNext(reason) {
      refusal = { reason };
    },
    warnings,
    announced,
    saveSensor(o = {}) {
      now += 1000;
      store.transaction((w) =>
        upsertSensor(
          w,
          {
            ref: 'acme.watch',
            pack_ref: 'acme',
            label: 'Watch',
            description: '',
            entrypoint: 'watch.js',
            runner_type: 'node',
            trigger_types: ['acme.tick'],
            enabled: true,
            config: {},
            param_schema: {},
            ...o,
          },
          now,
        ),
      );
    },
    setRule(name, enabled, params = {}) {
      now += 1000;
      const input = {
        ref: `acme.${name}`,
        pack_ref: 'acme',
        label: name,
        description: '',
        trigger_ref: 'acme.tick',
        trigger_params: params,
        conditions: { expression: '' },
        action_ref: 'acme.noop',
        action_params: {},
        enabled,
        overlap: 'parallel' as const,
        retry: null,
        misfire: null,
      };
      store.transaction((w) =>
        getRule(w, input.ref) ? updateRule(w, input, now) : insertRule(w, input, now),
      );
    },
    removeRule(name) {
      store.transaction((w) => deleteRule(w, `acme.${name}`));
    },
    state,
    lines,
    texts: (stream, ref) =>
      lines(ref)
        .filter((l) => l.stream === stream)
        .map((l) => l.text),
    waitFor: (pred, what, ref) => waitFor(() => (pred(state(ref)) ? state(ref) : null), what),
  };
}
