/**
 * Autocomplete inside `{{ }}` templates (and condition fields): which names fit where the
 * caret is. Known names come from the trigger's out schema and the sample payload
 * (`event.payload.*`), plus the fixed context of docs/expressions.md.
 */

/** The names every template can use besides the payload. */
export const CONTEXT_PATHS: readonly string[] = [
  'event.payload',
  'event.id',
  'event.trigger',
  'event.created',
  'system.timestamp',
  'system.rule.ref',
];

/** `event.payload.<key>` paths of an object (nested objects too, up to `depth`). */
export function payloadPaths(payload: unknown, depth = 3, prefix = 'event.payload'): string[] {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload) || depth === 0) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(payload as Record<string, unknown>)) {
    const path = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${prefix}.${k}` : `${prefix}[${JSON.stringify(k)}]`;
    out.push(path, ...payloadPaths(v, depth - 1, path));
  }
  return out;
}

/** Every path to offer: the schema's keys, the sample's keys, the context; no duplicates. */
export function knownPaths(
  outSchemaKeys: readonly string[],
  sample: unknown,
  pack: readonly string[] = [],
): string[] {
  const fromSchema = outSchemaKeys.flatMap((k) =>
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? [`event.payload.${k}`] : [`event.payload[${JSON.stringify(k)}]`],
  );
  return [
    ...new Set([
      ...fromSchema,
      ...payloadPaths(sample),
      ...CONTEXT_PATHS,
      ...pack.map((k) => `pack.config.${k}`),
    ]),
  ];
}

export interface Completion {
  /** Where the partial name starts and ends in the text. */
  from: number;
  to: number;
  /** The partial name typed so far. */
  partial: string;
  options: string[];
}

/**
 * What to offer at `caret` in `text`: only inside an open `{{ … }}` and where a name is being
 * typed. Null when nothing fits.
 */
export function completeTemplate(text: string, caret: number, paths: readonly string[]): Completion | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return null;
  const m = /[A-Za-z_][A-Za-z0-9_.]*$|$/.exec(before);
  const partial = m?.[0] ?? '';
  const from = caret - partial.length;
  if (from < open + 2) return null;
  // After a name's end (space, operator) a partial of "" offers everything only right after {{.
  if (partial === '' && before.slice(open + 2).trim() !== '') return null;
  return completeName(text, from, caret, partial, paths);
}

/** What to offer for a whole-field name (a condition row's field). */
export function completeField(text: string, paths: readonly string[]): Completion | null {
  return completeName(text, 0, text.length, text, paths);
}

function completeName(
  text: string,
  from: number,
  caret: number,
  partial: string,
  paths: readonly string[],
): Completion | null {
  const tail = /^[A-Za-z0-9_.]*/.exec(text.slice(caret))?.[0] ?? '';
  const lower = partial.toLowerCase();
  const options = paths.filter((p) => p.toLowerCase().startsWith(lower) && p !== partial);
  const contained = partial
    ? paths.filter((p) => !p.toLowerCase().startsWith(lower) && p.toLowerCase().includes(lower))
    : [];
  const all = [...options, ...contained].slice(0, 12);
  return all.length ? { from, to: caret + tail.length, partial, options: all } : null;
}

/** The text with a completion applied, and where the caret goes. */
export function applyCompletion(
  text: string,
  c: Pick<Completion, 'from' | 'to'>,
  option: string,
): { text: string; caret: number } {
  const before = text.slice(0, c.from);
  const after = text.slice(c.to);
  // Right after `{{` a space reads better: `{{ event.payload.x }}`.
  const lead = before.endsWith('{{') ? ' ' : '';
  const close = /^\s*}}/.test(after) ? '' : ' }}';
  const needsClose = before.lastIndexOf('{{') > before.lastIndexOf('}}') && close !== '';
  const inserted = `${lead}${option}${needsClose ? close : ''}`;
  return { text: before + inserted + after, caret: before.length + lead.length + option.length };
}

/**
 * A starting sample for a trigger nobody has fired yet: every top-level `event.payload.<key>`
 * the conditions and templates mention, each empty.
 */
export function sampleFromMentions(texts: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of texts) {
    for (const m of t.matchAll(/event\.payload\.([A-Za-z_][A-Za-z0-9_]*)/g)) out[m[1] as string] = '';
  }
  return out;
}
