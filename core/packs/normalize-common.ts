/**
 * Reads shared by every entity file: the ref (qualified with the pack, `name` accepted when
 * `ref` is missing), the label, the header every definition starts with, and retry policies.
 */
import type { RetryPolicy } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { qualifyRef } from '../model/refs.ts';
import { FieldReader, isObject } from './field-reader.ts';
import { type EntitySource, labelFromName, refName } from './pack-model.ts';
import type { ProblemSink } from './problems.ts';
import type { PackSourceMap } from './source-map.ts';
import type { FieldPath, YamlFile } from './yaml-source.ts';

/** What every normaliser needs to know about the pack being read. */
export interface NormalizeContext {
  /** The ref from pack.yaml. */
  packRef: string;
  sink: ProblemSink;
  sources: PackSourceMap;
  /** Every regular file of the pack, relative path with forward slashes. */
  files: ReadonlySet<string>;
}

/** Where an entity's file starts. */
export function entitySource(yaml: YamlFile): EntitySource {
  return { file: yaml.file, ...yaml.locate([]) };
}

/** A ref read from `ref` (or `name`, or another fallback key), qualified with the pack. */
export interface EntityRef {
  ref: string;
  label: string;
}

/** The fields every entity a pack file defines starts with. */
export interface EntityHeader {
  ref: string;
  pack_ref: string;
  label: string;
  description: string;
}

/**
 * An entity's ref, pack, label and `description` (empty when the file gives none), in the order
 * its definition lists them; `id` is what `readEntityRef` read.
 */
export function entityHeader(r: FieldReader, ctx: NormalizeContext, id: EntityRef): EntityHeader {
  return { ref: id.ref, pack_ref: ctx.packRef, label: id.label, description: r.string(['description'], '') };
}

/**
 * Reads `ref`/`name`/`label`, plus StackStorm's `pack`. A ref that names another pack is an
 * error: a pack can only define its own entities.
 */
export function readEntityRef(
  r: FieldReader,
  ctx: NormalizeContext,
  kind: string,
  fallbackNameKeys: readonly string[] = [],
): EntityRef | null {
  const explicit = r.string(['ref'], null);
  let name: string | null = null;
  let nameKey = 'name';
  for (const key of ['name', ...fallbackNameKeys]) {
    const v = r.obj[key];
    if (typeof v === 'string' && v !== '') {
      name = v;
      nameKey = key;
      break;
    }
  }
  const declaredPack = r.string(['pack', 'pack_ref'], null);
  if (declaredPack !== null && declaredPack !== ctx.packRef) {
    r.error('pack', `is "${declaredPack}" but this is pack "${ctx.packRef}"`, 'pack');
  }
  let raw: string;
  let field: string;
  if (explicit !== null) {
    raw = explicit;
    field = 'ref';
  } else if (name !== null) {
    r.consume(nameKey);
    raw = name.startsWith(`${ctx.packRef}.`) ? name : `${ctx.packRef}.${name}`;
    field = nameKey;
  } else {
    r.error('ref', `is required: the ${kind}'s ref, e.g. "${ctx.packRef}.my_${kind}"`, []);
    return null;
  }
  if (raw.includes('.') && !raw.startsWith(`${ctx.packRef}.`)) {
    r.error('ref', `"${raw}" belongs to pack "${raw.split('.')[0]}", not to "${ctx.packRef}"`, field);
    return null;
  }
  const ref = qualifyOrReport(r, raw, ctx.packRef, 'ref', { key: field });
  if (ref === null) return null;
  const label =
    r.string(['label'], null) ??
    (explicit !== null ? r.string(['name'], null) : name) ??
    labelFromName(refName(ref));
  return { ref, label };
}

/**
 * `entry_point`, or StackStorm's `entrypoint` (recorded as an alias of `entry_point`): the value
 * ('' when absent) and the key problems about it should point at.
 */
export function readEntryPoint(r: FieldReader, ctx: NormalizeContext): { entry: string; key: string } {
  const key = Object.hasOwn(r.obj, 'entry_point') ? 'entry_point' : 'entrypoint';
  if (key !== 'entry_point') ctx.sources.alias(r.yaml.file, 'entry_point', [key]);
  return { entry: r.string(['entry_point', 'entrypoint'], ''), key };
}

/**
 * `qualifyRef(raw, pack, field)`, or null after reporting why `raw` is not a valid ref. The
 * error goes on `at.field` (default `field`) at `at.key` (default: that field's path), its
 * message without the leading field name.
 */
export function qualifyOrReport(
  r: FieldReader,
  raw: string,
  pack: string,
  field: string,
  at: { field?: string; key?: string | FieldPath } = {},
): string | null {
  try {
    return qualifyRef(raw, pack, field);
  } catch (err) {
    if (!(err instanceof AttuneError)) throw err;
    const prefix = `${field} `;
    const message = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
    r.error(at.field ?? field, message, at.key);
    return null;
  }
}

const BACKOFFS = ['constant', 'exponential'] as const;

/**
 * `retry: {count, delay, backoff, max_delay}` (docs/engine.md, "Retry"). `count` is required; `delay`
 * defaults to 0 seconds and `backoff` to constant.
 */
export function readRetry(r: FieldReader, key = 'retry'): RetryPolicy | null {
  const found = r.pick([key]);
  if (found === null || found.value === null) return null;
  if (!isObject(found.value)) {
    r.error(key, 'must be a mapping {count, delay, backoff, max_delay}');
    return null;
  }
  const sub = r.child(found.key, found.value, key);
  const count = sub.number(['count'], null, { integer: true, min: 0 });
  if (count === null) {
    if (!Object.hasOwn(found.value, 'count')) sub.error('count', 'is required', []);
    return null;
  }
  const delay = sub.number(['delay'], 0, { min: 0 }) ?? 0;
  const backoff = sub.oneOf(['backoff'], BACKOFFS, 'constant');
  const maxDelay = sub.number(['max_delay'], null, { min: 0 });
  sub.reportUnknownKeys('retry');
  const policy: RetryPolicy = { count, delay, backoff };
  if (maxDelay !== null) policy.max_delay = maxDelay;
  return policy;
}

/** Reports a file whose top level is not a mapping. */
export function requireMapping(yaml: YamlFile, sink: ProblemSink, kind: string): FieldReader | null {
  if (!isObject(yaml.value)) {
    sink.error({
      file: yaml.file,
      line: 1,
      column: 1,
      field: '',
      message: `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} file must be a mapping`,
    });
    return null;
  }
  return new FieldReader(yaml, yaml.value, sink);
}
