/**
 * A catalogue of hostile values for fuzz tests (docs/security.md, "Channel inputs and runner
 * parameters"): strings that are code somewhere else (shell, SQL, templates, paths), prototype
 * keys, unicode that breaks naive code, numbers at and past every limit, values JSON cannot carry
 * but Electron's structured clone can, and nesting up to a sane depth.
 */
import fc from 'fast-check';

/** Keys that reach Object.prototype or shadow its methods when code indexes objects naively. */
export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const;

/** Strings that are code, paths or markup somewhere: none may ever be run or followed. */
export const CODE_STRINGS = [
  '$(touch /tmp/attune-fuzz-pwned)',
  '`touch /tmp/attune-fuzz-pwned`',
  '; rm -rf "$HOME/attune-fuzz-nothing"',
  "' OR '1'='1",
  '"; DROP TABLE rules; --',
  '{{ event }}',
  '{{',
  '}}{{',
  '{{ pack.config }}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, sent on purpose
  '${PATH}',
  '%s%s%s%n',
  '../../../../etc/passwd',
  '/etc/passwd',
  'C:\\Windows\\System32',
  'file:///etc/passwd',
  '<script>alert(1)</script>',
  '*',
  'a*',
  '"',
  "'",
  '\\',
] as const;

/** Unicode that trips naive handling: NUL, lone surrogates, BOM, bidi override, combining marks. */
export const UNICODE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFFx',
  '\uFEFFbom',
  '\u202Eevil',
  'e\u0301\u0301\u0301',
  '👍🏽🏳️‍🌈',
  '\r\n\t\v\f',
  'line\nbreak',
  'Ω≈ç√∫',
  '\u2028\u2029',
  '\u{10FFFF}',
] as const;

/** Numbers at and past the limits a schema or a database column might assume. */
export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1e-7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  2 ** 63,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1e21,
] as const;

/** Text that looks like a number to a coercing parser. */
export const NUMBER_LIKE_STRINGS = [
  '1e309',
  '-1',
  '0x10',
  ' 1 ',
  'NaN',
  'Infinity',
  '1.5',
  '007',
  '',
] as const;

/** Lengths around the contract's limits (255 refs, 4096 paths, 10 000 texts, 64 KiB secrets, 1 MB). */
const HUGE_LENGTHS = [256, 4097, 10_001, 65_537, 1_048_577] as const;

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<string>(...CODE_STRINGS, ...UNICODE_STRINGS, ...PROTOTYPE_KEYS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom<string>(...NUMBER_LIKE_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('x', 'é', '\u0000', '$('))
      .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length))),
  },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom<number>(...HOSTILE_NUMBERS),
  fc.double(),
  fc.integer({ min: -1000, max: 1000 }),
);

/** A key for a generated object: ordinary, a prototype key, or hostile text. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/) },
  { weight: 2, arbitrary: fc.constantFrom<string>(...PROTOTYPE_KEYS) },
  { weight: 1, arbitrary: fc.constantFrom<string>('', 'PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'a.b', 'a;b') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/**
 * An object built from entries as `JSON.parse` builds it: every key, `__proto__` included, is an
 * own property, and later keys win.
 */
export function objectFromEntries(
  entries: ReadonlyArray<readonly [string, unknown]>,
): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return o;
}

/** `{a: {a: … leaf}}` or `[[… leaf]]`, `depth` levels deep. */
export function nested(depth: number, leaf: unknown, asArray = false): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

/** The deepest nesting the fuzz tests send: deep enough to catch naive recursion, far from a stack. */
export const MAX_FUZZ_DEPTH = 200;

const nestedValue = fc
  .tuple(fc.integer({ min: 20, max: MAX_FUZZ_DEPTH }), fc.boolean())
  .map(([depth, asArray]) => nested(depth, 'deep', asArray));

/** What Electron's IPC (structured clone) delivers and JSON cannot, plus null-prototype objects. */
export const ipcOnlyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.bigInt(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.constantFrom(new Date(Number.NaN), new Date(0)),
  fc.constantFrom(new Map([['k', 1]]), new Set([1]), new Uint8Array([0, 1])),
  fc.constant(Object.create(null) as unknown),
);

/**
 * Scalars and containers that no schema asked for. `structuredClone: true` adds what Electron's
 * IPC can deliver but JSON cannot: undefined, BigInt, Date, Map, Set, typed arrays, null-prototype
 * objects.
 */
export function hostileValue(opts: { structuredClone?: boolean } = {}): fc.Arbitrary<unknown> {
  const scalars: Array<fc.Arbitrary<unknown>> = [
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
  ];
  if (opts.structuredClone) scalars.push(ipcOnlyValue);
  const scalar = fc.oneof(...scalars);
  const tree = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc
        .array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 })
        .map((entries) => objectFromEntries(entries)),
    ),
  })).value;
  return fc.oneof({ weight: 6, arbitrary: tree }, { weight: 1, arbitrary: nestedValue });
}

/** A JSON value (what REST and the WebSocket can carry) with hostile keys and strings inside. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    hostileString,
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 4 }).map((e) => objectFromEntries(e)),
  ),
})).value;
