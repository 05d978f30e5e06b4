/**
 * An action's (or trigger's) parameter form, generated from its flat schema: each field is
 * edited as text and read back by its type. Any text with a `{{ }}` template is kept as text
 * for the engine to render (a value that is exactly one template keeps the result's type).
 */
import type { Action } from '../../../core/contract/entities.ts';

export type ParamSchema = Action['parameters'];
export type ParamSpec = ParamSchema[string];

export interface ParamField {
  name: string;
  type: NonNullable<ParamSpec['type']> | 'string';
  required: boolean;
  secret: boolean;
  description: string;
  default: unknown;
  choices: readonly unknown[] | null;
  minimum: number | undefined;
  maximum: number | undefined;
  /** The value is run by a shell: placeholders are shell-quoted (docs/expressions.md). */
  shell: boolean;
}

/** The fields of a schema, required ones first, each in the schema's order. */
export function paramFields(schema: ParamSchema): ParamField[] {
  const fields = Object.entries(schema).map(
    ([name, s]): ParamField => ({
      name,
      type: s.type ?? 'string',
      required: s.required === true,
      secret: s.secret === true,
      description: s.description ?? '',
      default: s.default,
      choices: Array.isArray(s.enum) ? s.enum : null,
      minimum: s.minimum,
      maximum: s.maximum,
      shell: s.shell === true,
    }),
  );
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)];
}

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

/** A stored value as the form's text: strings as they are, anything else as JSON. */
export function paramText(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The form's texts from stored params (fields not in the schema are kept too). */
export function paramTexts(params: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramText(v)]));
}

/** A field's default as a hint ("default: GET"). */
export function defaultHint(f: ParamField): string | null {
  if (f.default === undefined) return null;
  const text = paramText(f.default);
  return text === '' ? 'default: empty' : `default: ${text}`;
}

type Read = { ok: true; value: unknown } | { ok: false; message: string };

/** One field's text as the value to store, or why it cannot be. Empty text means "not set". */
export function readParam(f: ParamField, text: string): Read | null {
  if (text.trim() === '') return null;
  if (hasTemplate(text)) return { ok: true, value: text };
  switch (f.type) {
    case 'integer':
    case 'number': {
      const n = Number(text.trim());
      if (!Number.isFinite(n)) return { ok: false, message: `must be a number, or a {{ }} template` };
      if (f.type === 'integer' && !Number.isInteger(n))
        return { ok: false, message: 'must be a whole number' };
      if (f.minimum !== undefined && n < f.minimum)
        return { ok: false, message: `must be at least ${f.minimum}` };
      if (f.maximum !== undefined && n > f.maximum)
        return { ok: false, message: `must be at most ${f.maximum}` };
      return { ok: true, value: n };
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return { ok: true, value: text === 'true' };
      return { ok: false, message: 'must be true or false' };
    case 'object':
    case 'array':
    case 'any': {
      try {
        const v: unknown = JSON.parse(text);
        if (f.type === 'object' && (typeof v !== 'object' || v === null || Array.isArray(v)))
          return { ok: false, message: 'must be a JSON object, e.g. {"key": "value"}' };
        if (f.type === 'array' && !Array.isArray(v))
          return { ok: false, message: 'must be a JSON array, e.g. [1, 2]' };
        return { ok: true, value: v };
      } catch {
        // `any` takes plain text as a string; objects and arrays must be JSON.
        if (f.type === 'any') return { ok: true, value: text };
        return { ok: false, message: `must be JSON (${f.type === 'object' ? '{…}' : '[…]'})` };
      }
    }
    default:
      return { ok: true, value: text };
  }
}

/**
 * The params to store from the form's texts, or the problems by field name. A required field
 * with a default may stay empty (the default applies when the action runs).
 */
export function readParams(
  schema: ParamSchema,
  texts: Record<string, string>,
): { ok: true; params: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const params: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const fields = new Map(paramFields(schema).map((f) => [f.name, f]));
  for (const f of fields.values()) {
    const r = readParam(f, texts[f.name] ?? '');
    if (r === null) {
      if (f.required && f.default === undefined) errors[f.name] = 'is required';
    } else if (r.ok) params[f.name] = r.value;
    else errors[f.name] = r.message;
  }
  // Params the schema does not declare (an action that changed) are kept as text.
  for (const [name, text] of Object.entries(texts)) {
    if (!fields.has(name) && text !== '') params[name] = text;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

const SAMPLE_BY_TYPE: Record<string, unknown> = {
  string: '',
  integer: 0,
  number: 0,
  boolean: false,
  object: {},
  array: [],
  any: null,
};

/** A payload with every key of an out schema, each an empty value of its type (a starting sample). */
export function schemaSample(schema: ParamSchema): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema).map(([k, s]) => [k, s.default ?? SAMPLE_BY_TYPE[s.type ?? 'string']]),
  );
}

/** `curl` that calls a webhook with `payload` (single quotes escaped for a POSIX shell). */
export function curlExample(url: string, payload: Record<string, unknown>): string {
  const body = JSON.stringify({ payload }).replaceAll("'", "'\\''");
  return `curl -X POST '${url}' \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}
