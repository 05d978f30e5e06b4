/**
 * Channel inputs are JSON data, at every door. REST and the WebSocket can only carry JSON, but
 * Electron's IPC uses the structured clone algorithm, which also delivers BigInt, NaN, Infinity,
 * Date, Map, Set and typed arrays; free-form fields (`action_params`, `payload`, a parameter's
 * `default`) would take them in and fail later, deep inside a handler or a JSON column. So the
 * door refuses them first and names the place (docs/security.md, "Channel inputs and runner
 * parameters"). The walk uses its own stack: no input can overflow the call stack here. It also
 * holds IPC inputs to the nesting bound that the JSON doors check on the raw text
 * (MAX_JSON_DEPTH), since everything after the door recurses.
 */
import { MAX_JSON_DEPTH } from '../model/json-depth.ts';

/** Where a value that JSON cannot carry sits, and what it is; null when the input is JSON. */
export interface NonJson {
  path: string;
  what: string;
}

function describe(v: unknown): string | null {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(v) ? null : `${v} is not a JSON number`;
    case 'bigint':
      return 'a BigInt is not a JSON value';
    case 'undefined':
      return 'undefined is not a JSON value';
    case 'object': {
      if (v === null || Array.isArray(v)) return null;
      // Plain objects of any prototype pass (a query string parser's objects have their own);
      // Date, Map, Set, typed arrays, RegExp and the like name their kind here.
      const kind = Object.prototype.toString.call(v).slice(8, -1);
      return kind === 'Object' ? null : `${kind} is not a JSON value`;
    }
    default:
      return `a ${typeof v} is not a JSON value`;
  }
}

/**
 * The first value in `input` that JSON cannot carry. An object property that is `undefined`
 * counts as absent, as `JSON.stringify` leaves it out; anywhere else `undefined` is refused.
 */
export function findNonJson(input: unknown): NonJson | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: input, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    const what = describe(value);
    if (what !== null) return { path, what };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH)
      return { path, what: `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects` };
    const at = (key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: at(i), depth: depth + 1 });
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i] as [string, unknown];
        if (v !== undefined) stack.push({ value: v, path: at(key), depth: depth + 1 });
      }
    }
  }
  return null;
}
