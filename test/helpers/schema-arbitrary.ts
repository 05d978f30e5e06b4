/**
 * fast-check arbitraries derived from a zod schema, through zod 4's JSON Schema export (the input
 * side: what a caller sends). `shaped` gives JSON inputs the schema accepts — mostly — so a fuzz
 * run reaches the handler behind the validation; `hostile` takes such an input and breaks one
 * place in it (a wrong type, a prototype key, a dropped or an extra field, a deep nest), or sends
 * something else entirely. Only the JSON Schema subset zod emits for our contract is handled.
 */
import fc from 'fast-check';
import { z } from 'zod';
import {
  hostileJson,
  hostileKey,
  hostileString,
  hostileValue,
  ipcOnlyValue,
  objectFromEntries,
} from './hostile-values.ts';

/** The JSON Schema keywords zod emits for the contract's schemas. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  pattern?: string;
  format?: string;
}

/** How to steer a derived arbitrary toward what exists in the engine under test. */
export interface DeriveHints {
  /** Offered beside the derived arbitrary for a property of this name (known refs, real paths). */
  byName?: Record<string, fc.Arbitrary<unknown>>;
  /** Used instead of the derived arbitrary for a property of this name. */
  only?: Record<string, fc.Arbitrary<unknown>>;
  /** Levels of `$ref` recursion followed before a recursive object is left empty; default 2. */
  maxRefDepth?: number;
  /** Hostile inputs use what IPC can carry besides JSON (see hostileValue); default false. */
  structuredClone?: boolean;
  /** Values for free-form places (`{}`: payloads, parameters, defaults); default hostileJson. */
  freeForm?: fc.Arbitrary<unknown>;
}

/** The JSON Schema of what a caller sends to `schema`. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Longest string a derived arbitrary makes unless the schema needs longer (min lengths). */
const USUAL_MAX_LENGTH = 24;

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === 'date-time') {
    return fc
      .tuple(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2199-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('Z', '+00:00', '+05:30', '-11:00'),
      )
      .map(([d, zone]) => d.toISOString().replace('Z', zone));
  }
  if (s.pattern !== undefined)
    return fc.stringMatching(new RegExp(s.pattern), { maxLength: USUAL_MAX_LENGTH });
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 1_000_000;
  const usual = fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...'abcxyz_.-09') },
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    ),
    minLength,
    maxLength: Math.max(minLength, Math.min(maxLength, USUAL_MAX_LENGTH)),
  });
  // The longest accepted string and the shortest: where off-by-one and column limits live.
  const edges = fc.constantFrom(minLength, Math.min(maxLength, 70_000)).map((n) => 'é'.repeat(n));
  return fc.oneof({ weight: 6, arbitrary: usual }, { weight: 1, arbitrary: edges });
}

function numberArbitrary(s: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  let min =
    s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e9);
  let max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e9);
  if (integer) {
    min = Math.ceil(min);
    max = Math.floor(max);
    const near = fc.integer({ min, max: Math.min(max, min + 1000) });
    // fc.integer is 32-bit; the far end of a wide range comes from the edges.
    const edges = fc.constantFrom(min, max, Math.floor((min + max) / 2));
    return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: edges });
  }
  const inRange = fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
}

class Deriver {
  constructor(
    private readonly root: JsonSchema,
    private readonly hints: DeriveHints,
  ) {}

  of(s: JsonSchema, refDepth = 0): fc.Arbitrary<unknown> {
    if (s.$ref !== undefined) {
      const name = s.$ref.replace('#/$defs/', '');
      const target = this.root.$defs?.[name];
      if (target === undefined) throw new Error(`unresolved $ref ${s.$ref}`);
      if (refDepth >= (this.hints.maxRefDepth ?? 2)) return fc.constant({});
      return this.of(target, refDepth + 1);
    }
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) return fc.oneof(...alternatives.map((a) => this.of(a, refDepth)));
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    switch (s.type) {
      case 'object':
        return this.object(s, refDepth);
      case 'array':
        return fc.array(this.of(s.items ?? {}, refDepth), {
          minLength: s.minItems ?? 0,
          maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
        });
      case 'string':
        return stringArbitrary(s);
      case 'integer':
        return numberArbitrary(s, true);
      case 'number':
        return numberArbitrary(s, false);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      default:
        // `{}`: any value (free-form payloads, parameters, defaults).
        return this.hints.freeForm ?? hostileJson;
    }
  }

  private property(name: string, s: JsonSchema, refDepth: number): fc.Arbitrary<unknown> {
    const only = this.hints.only?.[name];
    if (only) return only;
    const derived = this.of(s, refDepth);
    const offered = this.hints.byName?.[name];
    return offered ? fc.oneof({ weight: 3, arbitrary: offered }, { weight: 1, arbitrary: derived }) : derived;
  }

  private object(s: JsonSchema, refDepth: number): fc.Arbitrary<unknown> {
    const props = Object.entries(s.properties ?? {});
    const required = new Set(s.required ?? []);
    const fixed = fc.tuple(
      ...props.map(([name, p]) => {
        const value = this.property(name, p, refDepth);
        return required.has(name)
          ? value.map((v) => [name, v] as const)
          : fc.option(
              value.map((v) => [name, v] as const),
              { nil: null },
            );
      }),
    );
    const extra = s.additionalProperties;
    const open =
      typeof extra === 'object'
        ? fc.array(
            fc.tuple(
              s.propertyNames ? fc.oneof(this.of(s.propertyNames).map(String), hostileKey) : hostileKey,
              this.of(extra, refDepth),
            ),
            { maxLength: 4 },
          )
        : fc.constant([] as Array<readonly [string, unknown]>);
    return fc
      .tuple(fixed, open)
      .map(([given, more]) =>
        objectFromEntries([...more, ...given.filter((e): e is readonly [string, unknown] => e !== null)]),
      );
  }
}

/** Inputs shaped like `schema` wants them (with hints for names the engine knows). */
export function shaped(schema: z.ZodType, hints: DeriveHints = {}): fc.Arbitrary<unknown> {
  const js = inputJsonSchema(schema);
  return new Deriver(js, hints).of(js);
}

type Path = Array<string | number>;

/** Every place in a value: the root, each object property and each array element, depth first. */
function placesIn(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) placesIn(x, [...at, i], out);
  } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    for (const k of Object.keys(v)) placesIn((v as Record<string, unknown>)[k], [...at, k], out);
  }
  return out;
}

function containerAt(root: unknown, p: Path): Record<string | number, unknown> | null {
  let cur: unknown = root;
  for (const k of p) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  const plain =
    Array.isArray(cur) ||
    (cur !== null && typeof cur === 'object' && Object.getPrototypeOf(cur) === Object.prototype);
  return plain ? (cur as Record<string | number, unknown>) : null;
}

/** A deep copy of a JSON-shaped value (own `__proto__` keys stay own keys). */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return objectFromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  }
  return v;
}

type Mutation =
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'add'; pick: number; key: string; value: unknown }
  | { kind: 'drop'; pick: number };

function mutate(input: unknown, m: Mutation): unknown {
  const out = copy(input);
  const places = placesIn(out);
  const place = places[m.pick % places.length] ?? [];
  if (m.kind === 'replace') {
    if (place.length === 0) return m.value;
    const parent = containerAt(out, place.slice(0, -1));
    if (parent)
      Object.defineProperty(parent, place.at(-1) as string, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  const target = containerAt(out, place);
  if (target === null || Array.isArray(target)) return out;
  if (m.kind === 'add') {
    Object.defineProperty(target, m.key, {
      value: m.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    const keys = Object.keys(target);
    const victim = keys[m.pick % Math.max(1, keys.length)];
    if (victim !== undefined) delete target[victim];
  }
  return out;
}

/**
 * `base` broken in one place (a value replaced by a wrong one, a key added, a key dropped), or
 * any value at all. `structuredClone` adds the values Electron's IPC can deliver but JSON cannot.
 */
export function broken(
  base: fc.Arbitrary<unknown>,
  opts: { structuredClone?: boolean } = {},
): fc.Arbitrary<unknown> {
  const anyValue = opts.structuredClone ? hostileValue({ structuredClone: true }) : hostileJson;
  const wrongValue = opts.structuredClone
    ? fc.oneof(anyValue, hostileString, ipcOnlyValue)
    : fc.oneof(anyValue, hostileString);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: wrongValue }),
    fc.record({ kind: fc.constant('add' as const), pick: fc.nat(), key: hostileKey, value: anyValue }),
    fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(base, mutation).map(([input, m]) => mutate(input, m)) },
    { weight: 1, arbitrary: anyValue },
  );
}

/** Inputs a careful caller would not send: a shaped input broken in one place, or anything. */
export function hostile(schema: z.ZodType, hints: DeriveHints = {}): fc.Arbitrary<unknown> {
  return broken(shaped(schema, hints), hints);
}
