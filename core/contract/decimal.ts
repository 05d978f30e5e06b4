/**
 * Whole numbers as they arrive in paths and query strings (and as JSON numbers over channels).
 * `z.coerce.number()` would read `0x10` as 16, `1e1` as 10 and ` 16` or `+16` as 16; here a
 * string must be decimal digits and nothing else, or the error names the field.
 */
import { z } from 'zod';

const DIGITS = /^[0-9]+$/;

/** A whole number in [min, max]: a JSON number, or a string of decimal digits (0-9) only. */
export function decimalInt(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return z
    .custom<number | string>((v) => typeof v === 'number' || typeof v === 'string', {
      message: 'must be a whole number',
    })
    .transform((v, ctx) => {
      if (typeof v === 'number') return v;
      if (DIGITS.test(v)) return Number(v);
      ctx.addIssue({ code: 'custom', message: 'must be a whole number written in decimal digits (0-9)' });
      return z.NEVER;
    })
    .pipe(z.number().int().min(min).max(max));
}
