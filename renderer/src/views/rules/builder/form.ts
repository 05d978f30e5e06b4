/** The builder's one react-hook-form: its values are the draft (domain/rule-draft.ts). */
import { type FieldErrors, get, useFormContext } from 'react-hook-form';
import type { RuleDraft } from '../../../domain/rule-draft.ts';

export function useBuilderForm() {
  return useFormContext<RuleDraft>();
}

/** The message of the error on a (dotted) form field, if any. */
export function errorAt(errors: FieldErrors<RuleDraft>, name: string): string | undefined {
  const e = get(errors, name) as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : undefined;
}

/** Every field with an error, as dotted names (to mark graph nodes). */
export function errorFields(errors: FieldErrors<RuleDraft>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(errors as Record<string, unknown>)) {
    if (!v || typeof v !== 'object') continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (typeof (v as { message?: unknown }).message === 'string') out.push(name);
    else out.push(...errorFields(v as FieldErrors<RuleDraft>, name));
  }
  return out;
}
