/**
 * The value model of the expression language (docs/expressions.md, "The language"): JSON values only. Everything read from
 * the context passes through `toExprValue`, so a function, a class instance or an inherited
 * property never reaches an expression, and prototypes are never touched.
 */

/** Object whose prototype is Object.prototype or null: what JSON.parse and literals produce. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The language's type names, as `type_of` returns them: Attune's names, `bool` not `boolean`. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      return Array.isArray(value) ? 'array' : 'object';
    default:
      return typeof value;
  }
}

/**
 * A context value as the language sees it: `undefined`, functions, symbols and non-plain
 * objects become null; a valid Date becomes its ISO string and a bigint a number, since
 * store rows may carry them.
 */
export function toExprValue(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    case 'object':
      if (value === null || Array.isArray(value) || isPlainObject(value)) return value;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      return null;
    default:
      return null;
  }
}

/**
 * An own, enumerable data property of a plain object, or undefined. Reads the descriptor so an
 * accessor is never invoked; inherited names (`constructor`, `__proto__`, `toString`) are absent.
 */
export function ownValue(object: Record<string, unknown>, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !descriptor.enumerable || !('value' in descriptor)) return undefined;
  return descriptor.value;
}

/** Whether a plain object has `key` as an own enumerable property. */
export function hasOwnKey(object: Record<string, unknown>, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  return descriptor !== undefined && descriptor.enumerable === true;
}

/** `object.name`: a plain object's own property, else null (arrays have no members, not even `length`). */
export function readMember(object: unknown, name: string): unknown {
  if (!isPlainObject(object)) return null;
  return toExprValue(ownValue(object, name));
}

/**
 * `object[index]`: an array element by integer index (negative counts from the end), a string's
 * character by code point, or a plain object's own property by string key; anything else, an
 * out-of-range index included, is null.
 */
export function readIndex(object: unknown, index: unknown): unknown {
  if (typeof index === 'number') {
    if (!Number.isInteger(index)) return null;
    if (Array.isArray(object)) {
      const i = index < 0 ? object.length + index : index;
      return i >= 0 && i < object.length ? toExprValue(object[i]) : null;
    }
    if (typeof object === 'string') {
      const chars = Array.from(object);
      const i = index < 0 ? chars.length + index : index;
      return chars[i] ?? null;
    }
    return null;
  }
  if (typeof index === 'string') return readMember(object, index);
  return null;
}

/** Falsy: null, false, 0, "", [], {}; everything else is truthy. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0 && !Number.isNaN(value);
    case 'string':
      return value.length > 0;
    case 'object':
      if (Array.isArray(value)) return value.length > 0;
      if (isPlainObject(value)) {
        for (const key in value) if (Object.hasOwn(value, key)) return true;
        return false;
      }
      return true;
    default:
      return true;
  }
}

/** Number of Unicode code points (what `length("é😀")` counts: 2). */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** JSON text of a value; bigints (from store rows) become numbers instead of throwing. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? 'null';
}

/** `string(v)`: strings as they are, null as "null", numbers and booleans via String, others as JSON. */
export function toDisplayString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJson(value);
}

/** How a value reads inside mixed template text: strings raw, null as "", objects and arrays as JSON. */
export function toTemplateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return toJson(value);
}
