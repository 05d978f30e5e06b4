/**
 * sensors/<name>.yaml → SensorDef (docs/concepts.md, "Sensors"), plus the triggers a StackStorm sensor file
 * defines inline in `trigger_types`.
 */
import { RUNNER_TYPES, type RunnerType } from '../model/entities.ts';
import { RUNNER_ALIASES } from './aliases.ts';
import { classifyEntryPoint } from './entry-point.ts';
import { isObject } from './field-reader.ts';
import {
  entityHeader,
  entitySource,
  type NormalizeContext,
  qualifyOrReport,
  readEntityRef,
  readEntryPoint,
  requireMapping,
} from './normalize-common.ts';
import { readTrigger } from './normalize-trigger.ts';
import type { SensorDef, TriggerDef } from './pack-model.ts';
import type { YamlFile } from './yaml-source.ts';

const FOREIGN_KEYS = [
  'tags',
  'meta',
  'log_retention_policy',
  'log_retention_limit',
  'artifact_retention_policy',
  'artifact_retention_limit',
  'runtime_version',
  'worker_selector',
  'worker_tolerations',
  'worker_affinity',
];

/** The runner a script's extension implies, for sensor files that name none (StackStorm's). */
function runnerFromExtension(entry: string): RunnerType {
  if (/\.py$/.test(entry)) return 'python';
  if (/\.(m|c)?js$/.test(entry)) return 'node';
  if (/\.(sh|bash)$/.test(entry)) return 'shell';
  return 'native';
}

export interface NormalizedSensor {
  def: SensorDef;
  scriptPath: string | null;
  /** Triggers defined inline (StackStorm), already qualified. */
  triggers: TriggerDef[];
}

/** Reads one sensor file. */
export function normalizeSensor(yaml: YamlFile, ctx: NormalizeContext): NormalizedSensor | null {
  const r = requireMapping(yaml, ctx.sink, 'sensor');
  if (r === null) return null;
  const id = readEntityRef(r, ctx, 'sensor', ['class_name']);
  if (id === null) return null;
  const { entry, key: entryKey } = readEntryPoint(r, ctx);
  const runner = Object.hasOwn(r.obj, 'runner_type')
    ? r.oneOf(['runner_type'], RUNNER_TYPES, 'native', RUNNER_ALIASES)
    : runnerFromExtension(entry);
  if (runner === 'http' || runner === 'builtin') {
    r.error('runner_type', `a sensor is a process; "${runner}" cannot run one`);
  }
  let scriptPath: string | null = null;
  const kind = classifyEntryPoint(
    entry,
    'sensors',
    runner === 'http' || runner === 'builtin' ? 'native' : runner,
    (p) => ctx.files.has(p),
  );
  if (kind.kind === 'error') r.error('entry_point', kind.message, entryKey);
  if (kind.kind === 'file') scriptPath = kind.path;

  const triggers: TriggerDef[] = [];
  const triggerTypes: string[] = [];
  const found = r.pick(['trigger_types', 'trigger_type']);
  const list = found === null ? [] : Array.isArray(found.value) ? found.value : [found.value];
  list.forEach((item, i) => {
    const path = Array.isArray(found?.value) ? [found!.key, i] : [found!.key];
    if (typeof item === 'string') {
      const ref = qualifyOrReport(r, item, ctx.packRef, 'trigger_types', {
        field: `trigger_types[${i}]`,
        key: path,
      });
      if (ref !== null) triggerTypes.push(ref);
    } else if (isObject(item)) {
      const inner = r.child(path, item, `trigger_types[${i}]`);
      const trigger = readTrigger(inner, ctx, yaml);
      inner.consume('type', 'tags', 'examples');
      inner.reportUnknownKeys('trigger type');
      if (trigger !== null) {
        triggers.push(trigger);
        triggerTypes.push(trigger.ref);
      }
    } else {
      r.error(`trigger_types[${i}]`, 'must be a trigger ref or a trigger definition', path);
    }
  });
  if (triggerTypes.length === 0) r.error('trigger_types', 'is required: the triggers this sensor emits', []);

  const def: SensorDef = {
    ...entityHeader(r, ctx, id),
    runner_type: runner,
    entry_point: entry,
    trigger_types: triggerTypes,
    poll_interval: r.number(['poll_interval'], null, { min: 0 }),
    parameters: r.paramSchema(['parameters']),
    config: r.object(['config']),
    enabled: r.bool(['enabled'], true),
    script: null,
    source: entitySource(yaml),
  };
  r.consume(...FOREIGN_KEYS);
  r.reportUnknownKeys('sensor');
  return { def, scriptPath, triggers };
}
