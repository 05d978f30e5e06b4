/**
 * Typed reads from one YAML mapping, each problem reported with the file, line and field.
 * A reader remembers which keys it consumed, so whatever is left over can be reported as an
 * unknown key (a warning: an Attune server ignores unknown keys, and so do we).
 */
import type { JsonObject } from '../model/entities.ts';
import { AttuneError } from '../model/errors.ts';
import { normalizeParamSchema, type ParamSchema } from '../model/param-schema.ts';
import { isRecord } from '../util/records.ts';
import type { ProblemSink } from './problems.ts';
import type { FieldPath, Position, YamlFile } from './yaml-source.ts';

/** A key found under one of its accepted spellings. */
export interface Found {
  /** The spelling the file used. */
  key: string;
  value: unknown;
}

/** Whether `v` is a YAML mapping (a plain object). */
export function isObject(v: unknown): v is JsonObject {
  return isRecord(v);
}

/** Reads one mapping of a parsed file. */
export class FieldReader {
  readonly #used = new Set<string>();

  constructor(
    readonly yaml: YamlFile,
    readonly obj: JsonObject,
    readonly sink: ProblemSink,
    /** Where `obj` sits in the document (empty for the top level). */
    readonly base: FieldPath = [],
    /** Canonical name of `obj` in problems (`retry`, `trigger_params`); '' at the top level. */
    readonly fieldPrefix: string = base.join('.'),
  ) {}

  /** `field` as problems name it: under this reader's prefix. */
  fieldName(field: string): string {
    return this.fieldPrefix === '' ? field : field === '' ? this.fieldPrefix : `${this.fieldPrefix}.${field}`;
  }

  /** A reader for the mapping at `key` (or a deeper path), named `field` in problems. */
  child(key: string | FieldPath, obj: JsonObject, field: string = String(key)): FieldReader {
    const rest = typeof key === 'string' ? [key] : key;
    return new FieldReader(this.yaml, obj, this.sink, [...this.base, ...rest], this.fieldName(field));
  }

  /** Position of `key` in this mapping (of its value unless `at` is 'key'). */
  where(key: string | FieldPath, at: 'key' | 'value' = 'value'): Position {
    const rest = typeof key === 'string' ? [key] : key;
    return this.yaml.locate([...this.base, ...rest], at);
  }

  error(field: string, message: string, key: string | FieldPath = field.split('.')): void {
    this.sink.error({ file: this.yaml.file, ...this.where(key), field: this.fieldName(field), message });
  }

  warn(field: string, message: string, key: string | FieldPath = field.split('.')): void {
    this.sink.warn({
      file: this.yaml.file,
      ...this.where(key, 'key'),
      field: this.fieldName(field),
      message,
    });
  }

  /** Marks keys as consumed without reading them (keys accepted and deliberately ignored). */
  consume(...keys: string[]): void {
    for (const k of keys) this.#used.add(k);
  }

  /**
   * The first present spelling among `keys` (canonical name first). When a file gives two
   * spellings with different values, the first wins and the other is reported.
   */
  pick(keys: readonly string[]): Found | null {
    let found: Found | null = null;
    for (const key of keys) {
      if (!Object.hasOwn(this.obj, key)) continue;
      this.#used.add(key);
      const value = this.obj[key];
      if (found === null) {
        found = { key, value };
      } else if (JSON.stringify(found.value) !== JSON.stringify(value)) {
        this.warn(keys[0]!, `"${key}" differs from "${found.key}"; "${found.key}" is used`, key);
      }
    }
    return found;
  }

  string(keys: readonly string[], fallback: string): string;
  string(keys: readonly string[], fallback: null): string | null;
  string(keys: readonly string[], fallback: string | null): string | null {
    const f = this.pick(keys);
    if (f === null || f.value === null) return fallback;
    if (typeof f.value === 'string') return f.value;
    if (typeof f.value === 'number' || typeof f.value === 'boolean') {
      this.error(keys[0]!, `must be a string, got ${typeof f.value} ${String(f.value)}`, f.key);
      return fallback;
    }
    this.error(keys[0]!, `must be a string`, f.key);
    return fallback;
  }

  bool(keys: readonly string[], fallback: boolean): boolean {
    const f = this.pick(keys);
    if (f === null || f.value === null) return fallback;
    if (typeof f.value === 'boolean') return f.value;
    this.error(keys[0]!, `must be true or false, got ${JSON.stringify(f.value)}`, f.key);
    return fallback;
  }

  /** A number, optionally an integer and at least `min`. */
  number(
    keys: readonly string[],
    fallback: number | null,
    opts: { integer?: boolean; min?: number } = {},
  ): number | null {
    const f = this.pick(keys);
    if (f === null || f.value === null) return fallback;
    const v = f.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
      this.error(
        keys[0]!,
        `must be ${opts.integer ? 'an integer' : 'a number'}, got ${JSON.stringify(v)}`,
        f.key,
      );
      return fallback;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.error(keys[0]!, `must be at least ${opts.min}, got ${v}`, f.key);
      return fallback;
    }
    return v;
  }

  /** One of `values`; `aliases` maps other accepted spellings of a value to it. */
  oneOf<T extends string>(
    keys: readonly string[],
    values: readonly T[],
    fallback: T,
    aliases: Readonly<Record<string, T>> = {},
  ): T {
    const f = this.pick(keys);
    if (f === null || f.value === null) return fallback;
    if (typeof f.value === 'string') {
      const v = f.value.trim().toLowerCase();
      if ((values as readonly string[]).includes(v)) return v as T;
      const alias = aliases[v];
      if (alias !== undefined) return alias;
    }
    this.error(keys[0]!, `must be one of ${values.join(', ')}, got ${JSON.stringify(f.value)}`, f.key);
    return fallback;
  }

  object(keys: readonly string[]): JsonObject {
    const f = this.pick(keys);
    if (f === null || f.value === null) return {};
    if (isObject(f.value)) return f.value;
    this.error(keys[0]!, 'must be a mapping', f.key);
    return {};
  }

  stringArray(keys: readonly string[]): string[] {
    const f = this.pick(keys);
    if (f === null || f.value === null) return [];
    if (typeof f.value === 'string') return [f.value];
    if (!Array.isArray(f.value)) {
      this.error(keys[0]!, 'must be a list of strings', f.key);
      return [];
    }
    const out: string[] = [];
    f.value.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.error(`${keys[0]}[${i}]`, 'must be a string', [f.key, i]);
    });
    return out;
  }

  /**
   * A parameter schema, flat or JSON Schema, normalised; a problem names the schema path
   * (`parameters.url.type`) under the canonical key.
   */
  paramSchema(keys: readonly string[]): ParamSchema {
    const f = this.pick(keys);
    if (f === null || f.value === null) return {};
    const canonical = keys[0]!;
    try {
      return normalizeParamSchema(f.value, canonical);
    } catch (err) {
      if (!(err instanceof AttuneError)) throw err;
      const field = err.field ?? canonical;
      const rest = field.split('.').slice(1);
      this.error(
        field,
        err.message.startsWith(field) ? err.message.slice(field.length).trim() : err.message,
        [f.key, ...rest],
      );
      return {};
    }
  }

  /** Warns about every key neither read nor consumed. */
  reportUnknownKeys(kind: string): void {
    for (const key of Object.keys(this.obj)) {
      if (this.#used.has(key)) continue;
      this.sink.warn({
        file: this.yaml.file,
        ...this.where(key, 'key'),
        field: this.fieldName(key),
        message: `unknown ${kind} key "${key}" is ignored`,
      });
    }
  }
}
