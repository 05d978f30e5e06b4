/**
 * pack.yaml → PackMeta. Accepts Attune's and StackStorm's spellings (`name` for the label, or
 * for the ref when `ref` is missing; `config_schema`, `metadata`, `keywords`) and moves values
 * given for secret config fields out of `config`, so a secret never reaches the store's pack
 * row or an export.
 */
import type { JsonObject } from '../model/entities.ts';
import type { ParamSchema } from '../model/param-schema.ts';
import { PACK_REF_RE } from '../model/refs.ts';
import { FieldReader, isObject } from './field-reader.ts';
import { labelFromName, type PackMeta } from './pack-model.ts';
import type { ProblemSink } from './problems.ts';
import type { YamlFile } from './yaml-source.ts';

/** Semantic Versioning 2.0.0, exactly (semver.org's reference expression). */
export const SEMVER_RE =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** pack.yaml keys an Attune server reads that mean nothing here; accepted without a warning. */
const ATTUNE_ONLY_KEYS = [
  'email',
  'system',
  'enabled',
  'runtime_deps',
  'testing',
  'worker_selector',
  'worker_tolerations',
  'worker_affinity',
  'python_versions',
  'contributors',
  'stackstorm_version',
];

export interface NormalizedPackYaml {
  meta: PackMeta;
  secretConfig: JsonObject;
}

/**
 * Reads pack.yaml. `configSchema` is StackStorm's separate `config.schema.yaml`, used when
 * pack.yaml has no schema of its own.
 */
export function normalizePackYaml(
  yaml: YamlFile,
  sink: ProblemSink,
  configSchema: YamlFile | null = null,
): NormalizedPackYaml | null {
  if (!isObject(yaml.value)) {
    sink.error({ file: yaml.file, line: 1, column: 1, field: '', message: 'pack.yaml must be a mapping' });
    return null;
  }
  const r = new FieldReader(yaml, yaml.value, sink);
  const nameRaw = r.obj['name'];
  let ref = r.string(['ref'], null);
  if (ref === null && typeof nameRaw === 'string' && PACK_REF_RE.test(nameRaw)) ref = nameRaw;
  if (ref === null) {
    r.error('ref', 'is required: the pack ref, e.g. "my_pack"');
    ref = '';
  } else if (!PACK_REF_RE.test(ref)) {
    r.error('ref', `"${ref}" is not a valid pack ref: it must match ${PACK_REF_RE.source}`, 'ref');
  }
  const label = r.string(['label', 'name'], null) ?? labelFromName(ref);
  const description = r.string(['description'], '');
  const version = readVersion(r);
  const author = r.string(['author'], null);

  let confSchema: ParamSchema = r.paramSchema(['conf_schema', 'config_schema']);
  if (!Object.hasOwn(r.obj, 'conf_schema') && !Object.hasOwn(r.obj, 'config_schema') && configSchema) {
    if (isObject(configSchema.value)) {
      confSchema = new FieldReader(configSchema, { conf_schema: configSchema.value }, sink).paramSchema([
        'conf_schema',
      ]);
    }
  }
  const rawConfig = r.object(['config']);
  const config: JsonObject = {};
  const secretConfig: JsonObject = {};
  for (const [key, value] of Object.entries(rawConfig)) {
    if (confSchema[key]?.secret === true) {
      secretConfig[key] = value;
      r.warn(
        `config.${key}`,
        'is a secret: its value goes to the key store on install and is never exported',
        ['config', key],
      );
    } else {
      config[key] = value;
    }
  }
  const dependencies = r.stringArray(['dependencies']);
  const tags = r.stringArray(['tags', 'keywords']);
  const meta = r.object(['meta', 'metadata']);
  r.consume(...ATTUNE_ONLY_KEYS);
  r.reportUnknownKeys('pack.yaml');

  return {
    meta: {
      ref,
      label,
      description,
      version,
      author,
      conf_schema: confSchema,
      config,
      dependencies,
      tags,
      meta,
      source: { file: yaml.file, line: 1, column: 1 },
    },
    secretConfig,
  };
}

function readVersion(r: FieldReader): string {
  const found = r.pick(['version']);
  if (found === null || found.value === null) {
    r.error('version', 'is required: a semantic version such as "1.0.0"');
    return '0.0.0';
  }
  if (typeof found.value !== 'string') {
    r.error(
      'version',
      `must be a quoted semantic version string such as "1.0.0", got ${JSON.stringify(found.value)}`,
    );
    return String(found.value);
  }
  if (!SEMVER_RE.test(found.value)) {
    r.error('version', `"${found.value}" is not a semantic version (MAJOR.MINOR.PATCH, e.g. "1.0.0")`);
  }
  return found.value;
}
