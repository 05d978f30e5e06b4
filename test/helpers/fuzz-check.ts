/**
 * fc.assert for fuzz inputs that can be megabytes long: on failure it reports the seed, the
 * path to replay, the assertion's own message (FUZZ_STACK=1: its stack) and the shrunk
 * counterexample with every long string cut to a readable size.
 */
import fc from 'fast-check';

const KEEP = 120;

/** A printable sketch of a fuzz value: long strings cut, non-JSON values named. */
export function sketch(v: unknown, depth = 0): string {
  if (typeof v === 'string') {
    const s = v.length > KEEP ? `${v.slice(0, KEEP)}…(${v.length} chars)` : v;
    return JSON.stringify(s);
  }
  if (typeof v === 'bigint') return `${v}n`;
  if (v === undefined) return 'undefined';
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (depth > 12) return '…';
  if (Array.isArray(v)) return `[${v.map((x) => sketch(x, depth + 1)).join(',')}]`;
  if (Object.getPrototypeOf(v) !== Object.prototype) return Object.prototype.toString.call(v);
  const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${sketch(x, depth + 1)}`);
  return `{${entries.join(',')}}`;
}

/** Runs `property` like fc.assert and throws a short, replayable report when it fails. */
export async function checkProperty<Ts extends unknown[]>(
  property: fc.IAsyncProperty<Ts>,
  params: { seed: number; numRuns: number },
): Promise<void> {
  const details = await fc.check(property, params);
  if (!details.failed) return;
  const cause =
    details.errorInstance instanceof Error
      ? process.env.FUZZ_STACK
        ? details.errorInstance.stack
        : details.errorInstance.message
      : String(details.errorInstance);
  throw new Error(
    [
      `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"; replay with FUZZ_SEED=${details.seed})`,
      `counterexample: ${(details.counterexample ?? []).map((x) => sketch(x)).join(', ')}`,
      `error: ${cause}`,
    ].join('\n'),
  );
}
