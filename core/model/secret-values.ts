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

const NO_FORMS: readonly string[] = [];
const formsOf = new WeakMap<readonly string[], readonly string[]>();

/**
 * What to look for to hide `secrets`: each one as written and as it reads inside a JSON string
 * (error messages and printed values quote what they name, so a secret holding a quote, a
 * backslash or a newline appears there escaped), longest first so a secret that contains another
 * is replaced whole. Worked out once per list: a pack keeps its list until its secrets change.
 */
export function secretForms(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0) return NO_FORMS;
  let forms = formsOf.get(secrets);
  if (forms === undefined) {
    const all = secrets.filter((s) => s.length > 0).flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]);
    forms = [...new Set(all)].sort((a, b) => b.length - a.length);
    formsOf.set(secrets, forms);
  }
  return forms;
}

/** `text` with every form in `forms` (as `secretForms` returns them) replaced by REDACTED. */
export function redactForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** `text` with every secret replaced by REDACTED, as written and as JSON-escaped (`secretForms`). */
export function redactText(text: string, secrets: readonly string[]): string {
  return redactForms(text, secretForms(secrets));
}
