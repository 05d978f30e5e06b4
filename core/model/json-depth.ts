/**
 * JSON with a nesting bound (docs/security.md, "Webhooks"). `JSON.parse` itself does not
 * recurse, but everything after it does (`JSON.stringify` when the value is stored, schema
 * checks, template rendering), so a body nested a few thousand levels deep would exhaust the
 * stack somewhere later. The depth is counted on the raw text first, in one loop without
 * recursion, so the check itself cannot overflow.
 */

/** Deepest nesting of arrays and objects accepted in any JSON the host reads. */
export const MAX_JSON_DEPTH = 256;

/**
 * Offset of the first `[` or `{` that opens level `limit + 1`, or -1 when the text stays within
 * `limit` levels. Brackets inside strings do not count. Exact for valid JSON; for invalid JSON the
 * count may be off, which does not matter because `JSON.parse` refuses that text anyway.
 */
export function findTooDeep(text: string, limit: number = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, `\"` included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** The message for JSON nested past the bound, the same on every channel. */
export function tooDeepMessage(offset: number, limit: number = MAX_JSON_DEPTH): string {
  return `JSON is nested deeper than ${limit} levels (at position ${offset})`;
}

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; tooDeep: boolean; message: string };

/** `JSON.parse` behind the depth bound; errors are data, never thrown. */
export function parseJsonBounded(text: string, limit: number = MAX_JSON_DEPTH): JsonParseResult {
  const offset = findTooDeep(text, limit);
  if (offset >= 0) return { ok: false, tooDeep: true, message: tooDeepMessage(offset, limit) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, tooDeep: false, message: `not valid JSON: ${(err as Error).message}` };
  }
}

/**
 * The first key of parsed JSON that a request body may not carry — `__proto__`, or
 * `constructor` holding `prototype` — as fastify refuses them in every REST body; null when
 * there is none. For JSON that reaches the engine another way (a sensor's stdout), so it is held
 * to the same rule. Iterative: parse through `parseJsonBounded` first, but it cannot overflow anyway.
 */
export function findPrototypeKey(value: unknown): string | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      stack.push(...v);
      continue;
    }
    for (const key of Object.keys(v)) {
      const child = (v as Record<string, unknown>)[key];
      if (key === '__proto__') return key;
      if (
        key === 'constructor' &&
        child !== null &&
        typeof child === 'object' &&
        Object.hasOwn(child, 'prototype')
      )
        return key;
      stack.push(child);
    }
  }
  return null;
}
