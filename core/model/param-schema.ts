/**
 * Flat parameter schemas (docs/packs.md, "Actions"): `{name: {type, description, default, required, secret, enum,
 * minimum, maximum, items}}`, plus our `shell` (docs/expressions.md, "Shell commands"). Used for action parameters, trigger param/out schemas and pack
 * config. `normalizeParamSchema` also accepts standard JSON Schema (`{type: object, properties,
 * required: [...]}`) so packs written for either style load.
 */
import { z } from 'zod';
import { isRecord } from '../util/records.ts';
import { AttuneError } from './errors.ts';

export const PARAM_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'any'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** One parameter's description; `items` describes each element of an array. */
export const ParamSpecSchema = z.object({
  type: z.enum(PARAM_TYPES).optional(),
  description: z.string().optional(),
  default: z.unknown().optional(),
  required: z.boolean().optional(),
  secret: z.boolean().optional(),
  /**
   * The value is run by a shell: each `{{ }}` placeholder rendered into it is quoted for where it
   * sits, or refused where no quoting can keep it data (docs/expressions.md, "Shell commands").
   */
  shell: z.boolean().optional(),
  enum: z.array(z.unknown()).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  get items() {
    return ParamSpecSchema.optional();
  },
});
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

export const ParamSchemaSchema = z.record(z.string(), ParamSpecSchema);
export type ParamSchema = z.infer<typeof ParamSchemaSchema>;

export interface ParamError {
  field: string;
  message: string;
}

export type ParamResult = { ok: true; value: Record<string, unknown> } | { ok: false; errors: ParamError[] };

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(type: ParamType, v: unknown): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isRecord(v);
  }
}

function checkValue(spec: ParamSpec, field: string, v: unknown, errors: ParamError[]): void {
  const type = spec.type ?? 'any';
  if (!matchesType(type, v)) {
    errors.push({ field, message: `Parameter ${field} must be ${type}, got ${typeOf(v)}` });
    return;
  }
  if (spec.enum && !spec.enum.some((e) => JSON.stringify(e) === JSON.stringify(v))) {
    errors.push({
      field,
      message: `Parameter ${field} must be one of ${spec.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    });
  }
  if (typeof v === 'number') {
    if (spec.minimum !== undefined && v < spec.minimum) {
      errors.push({ field, message: `Parameter ${field} must be >= ${spec.minimum}` });
    }
    if (spec.maximum !== undefined && v > spec.maximum) {
      errors.push({ field, message: `Parameter ${field} must be <= ${spec.maximum}` });
    }
  }
  if (Array.isArray(v) && spec.items) {
    v.forEach((item, i) => {
      checkValue(spec.items as ParamSpec, `${field}[${i}]`, item, errors);
    });
  }
}

/**
 * Applies defaults and checks every parameter. Unknown parameters pass through untouched (Attune
 * and StackStorm both allow extra parameters); a missing required one reads exactly
 * "Missing required parameter: <name>".
 */
export function validateParams(
  schema: ParamSchema,
  input: Record<string, unknown> | null | undefined,
): ParamResult {
  const value: Record<string, unknown> = { ...(input ?? {}) };
  const errors: ParamError[] = [];
  for (const [name, spec] of Object.entries(schema)) {
    if (value[name] === undefined || value[name] === null) {
      if (spec.default !== undefined) {
        value[name] = JSON.parse(JSON.stringify(spec.default));
        continue;
      }
      if (spec.required) errors.push({ field: name, message: `Missing required parameter: ${name}` });
      if (value[name] === null && !spec.required) continue;
      delete value[name];
      continue;
    }
    checkValue(spec, name, value[name], errors);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

export function secretFields(schema: ParamSchema): string[] {
  return Object.entries(schema)
    .filter(([, spec]) => spec.secret === true)
    .map(([name]) => name);
}

function normalizeType(raw: unknown, field: string): ParamType | undefined {
  if (raw === undefined) return undefined;
  // JSON Schema allows ["string", "null"]: the non-null member is the type.
  const t = Array.isArray(raw) ? raw.find((x) => x !== 'null') : raw;
  if (typeof t !== 'string' || !(PARAM_TYPES as readonly string[]).includes(t)) {
    throw new AttuneError('VALIDATION_ERROR', `${field}.type must be one of ${PARAM_TYPES.join(', ')}`, {
      field: `${field}.type`,
    });
  }
  return t as ParamType;
}

function normalizeSpec(raw: unknown, field: string, requiredByParent: boolean): ParamSpec {
  if (!isRecord(raw)) {
    throw new AttuneError('VALIDATION_ERROR', `${field} must be an object describing the parameter`, {
      field,
    });
  }
  const spec: ParamSpec = {};
  const type = normalizeType(raw.type, field);
  if (type) spec.type = type;
  if (raw.description !== undefined) spec.description = String(raw.description);
  if (raw.default !== undefined) spec.default = raw.default;
  if (raw.required === true || requiredByParent) spec.required = true;
  if (raw.secret === true) spec.secret = true;
  if (raw.shell === true) spec.shell = true;
  if (Array.isArray(raw.enum)) spec.enum = raw.enum;
  for (const k of ['minimum', 'maximum'] as const) {
    if (raw[k] !== undefined) {
      if (typeof raw[k] !== 'number') {
        throw new AttuneError('VALIDATION_ERROR', `${field}.${k} must be a number`, {
          field: `${field}.${k}`,
        });
      }
      spec[k] = raw[k];
    }
  }
  if (raw.items !== undefined) spec.items = normalizeSpec(raw.items, `${field}.items`, false);
  // Other JSON Schema keywords (format, title, ...) are accepted and dropped.
  return spec;
}

/**
 * Turns a flat schema or a JSON Schema object into a flat schema. Throws with the field path on
 * anything it cannot read.
 */
export function normalizeParamSchema(raw: unknown, field = 'parameters'): ParamSchema {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw))
    throw new AttuneError('VALIDATION_ERROR', `${field} must be a map of parameters`, { field });
  const isJsonSchema = raw.type === 'object' && (isRecord(raw.properties) || raw.properties === undefined);
  if (isJsonSchema) {
    const required = new Set(Array.isArray(raw.required) ? raw.required.map(String) : []);
    const props = isRecord(raw.properties) ? raw.properties : {};
    const out: ParamSchema = {};
    for (const [name, spec] of Object.entries(props)) {
      out[name] = normalizeSpec(spec, `${field}.${name}`, required.has(name));
    }
    return out;
  }
  const out: ParamSchema = {};
  for (const [name, spec] of Object.entries(raw)) out[name] = normalizeSpec(spec, `${field}.${name}`, false);
  return out;
}
