/** Errors are data (Signal's `{ok, value | error}`): nothing thrown crosses a process. */
import { z } from 'zod';
import { ERROR_CODES, type ErrorData } from '../model/errors.ts';

export const ErrorDataSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  location: z
    .object({ file: z.string(), line: z.number().optional(), column: z.number().optional() })
    .optional(),
  details: z.unknown().optional(),
}) satisfies z.ZodType<ErrorData>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorData };

/** Turns zod issues into one message that names every offending field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): { message: string; field?: string } {
  const parts = issues.map((i) => {
    const path = i.path.map(String).join('.');
    if (i.code === 'unrecognized_keys') {
      const keys = i.keys.map((k) => (path ? `${path}.${k}` : k));
      return `unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
    }
    return path ? `${path}: ${i.message}` : i.message;
  });
  const first = issues[0];
  const field =
    first && first.code === 'unrecognized_keys'
      ? [...first.path.map(String), first.keys[0]].join('.')
      : first?.path.map(String).join('.');
  return field ? { message: parts.join('; '), field } : { message: parts.join('; ') };
}
