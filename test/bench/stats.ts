/**
 * Order statistics for benchmark samples. Percentiles use the nearest-rank method, so p99 of
 * 100 samples is the 99th value and p99 of 10 samples is the maximum: never interpolated.
 */

/** The median (mean of the two middle values for an even count); NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Nearest-rank percentile, `p` in 0..100. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] as number;
}

/** The spread a latency table shows. */
export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function spread(xs: readonly number[]): Spread {
  // One sort, and no Math.max(...xs): a spread of 600,000 samples would overflow the stack.
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) =>
    s.length
      ? (s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1] as number)
      : Number.NaN;
  return { n: s.length, p50: at(50), p99: at(99), max: s.length ? (s[s.length - 1] as number) : Number.NaN };
}

/** Runs `fn` `runs` times after `warmup` discarded runs; returns every measured value. */
export async function repeat(
  runs: number,
  fn: (i: number) => Promise<number> | number,
  warmup = 0,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn(i));
  return out;
}

/** `a / b` rounded for a table, or '—' when undefined. */
export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}
