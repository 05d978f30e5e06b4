/**
 * The vocabulary of secret redaction (docs/runners.md, "Secrets in output"), shared by the runners (run output), the engine
 * (stored params, notifications) and packs: what a secret becomes, which values count.
 */

/** What a secret is replaced with. */
export const REDACTED = '***';

/**
 * Secrets shorter than this are left alone: redacting "a" or "on" would shred ordinary output
 * and tell a reader more about the secret than it hides.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * The string and number leaves of `value` (a secret object's fields are secrets too), pushed to
 * `out`. Booleans are left out: redacting every "true" would hide nothing.
 */
export function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) collectStrings(v, out);
  }
}

/** Every secret string value long enough to redact (MIN_SECRET_LENGTH). */
export function secretStrings(secrets: Record<string, unknown> | null): string[] {
  if (!secrets) return [];
  const out: string[] = [];
  collectStrings(secrets, out);
  return out.filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/**
 * `text` with every secret replaced by REDACTED, both as written and as it reads inside a JSON
 * string: error messages quote the values they name (`int() cannot convert the string "…"`), so
 * a secret holding a quote, a backslash or a newline appears there escaped.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length === 0) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}
