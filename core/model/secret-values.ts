/** Redaction of secret values in records, logs and notifications (SPEC §8). */
import type { ParamSchema } from '../model/param-schema.ts';

export const REDACTED = '***';

/** Splits params into the redacted copy to store and the secret part to seal. */
export function splitSecrets(
  schema: ParamSchema,
  params: Record<string, unknown>,
): { redacted: Record<string, unknown>; secrets: Record<string, unknown> | null } {
  let secrets: Record<string, unknown> | null = null;
  const redacted: Record<string, unknown> = { ...params };
  for (const [name, spec] of Object.entries(schema)) {
    if (!spec.secret || params[name] === undefined) continue;
    secrets ??= {};
    secrets[name] = params[name];
    redacted[name] = REDACTED;
  }
  return { redacted, secrets };
}

/** Every secret string value (≥ 4 chars, so redaction cannot shred ordinary text). */
export function secretStrings(secrets: Record<string, unknown> | null): string[] {
  if (!secrets) return [];
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length >= 4) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    else if (typeof v === 'number' && String(v).length >= 4) out.push(String(v));
  };
  walk(secrets);
  return out;
}
