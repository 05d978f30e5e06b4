/**
 * Older and foreign spellings the importer accepts (docs/packs.md, "The format, by example") and normalises: runner names from
 * StackStorm and Attune, and `trigger.…` references in conditions and templates, which Attune
 * Desktop writes `event.payload.…`.
 */
import type { RunnerType } from '../model/entities.ts';

/** Runner names other tools use, mapped to ours. */
export const RUNNER_ALIASES: Readonly<Record<string, RunnerType>> = {
  nodejs: 'node',
  'node.js': 'node',
  'local-shell-script': 'shell',
  'local-shell-cmd': 'shell',
  'run-local-script': 'shell',
  'run-local': 'shell',
  bash: 'shell',
  sh: 'shell',
  'python-script': 'python',
  python3: 'python',
  'http-request': 'http',
  standalone: 'native',
};

/** A rewritten text and how to map a position in it back to the original. */
export interface Rewritten {
  text: string;
  changed: boolean;
  /** Offset in the original text of offset `pos` of the rewritten one. */
  toOriginal(pos: number): number;
}

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/**
 * How `trigger` is read. `attune`: older Attune packs wrote `trigger.payload.x` and `trigger.x`
 * for the payload's `x`. `stackstorm`: `trigger.x` is the payload's `x`, and a payload key named
 * `payload` is just a key. `stackstorm-webhook`: st2's webhook payload is `{headers, body}`, and
 * Attune's webhook payload is the body, so `trigger.body.x` is the payload's `x`.
 */
export type TriggerDialect = 'attune' | 'stackstorm' | 'stackstorm-webhook';

const SWALLOWED: Record<TriggerDialect, string | null> = {
  attune: 'payload',
  stackstorm: null,
  'stackstorm-webhook': 'body',
};

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z_]/.test(c);
}

function isNamePart(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

/** Replacements turning `trigger.` / `trigger[` into `event.payload` in one expression. */
function expressionReplacements(src: string, offset: number, dialect: TriggerDialect): Replacement[] {
  const out: Replacement[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (!isNameStart(c) || isNamePart(src[i - 1])) {
      i++;
      continue;
    }
    let end = i;
    while (isNamePart(src[end])) end++;
    const prev = src.slice(0, i).trimEnd().at(-1);
    const next = src.slice(end).trimStart()[0];
    if (src.slice(i, end) === 'trigger' && prev !== '.' && (next === '.' || next === '[')) {
      let replaceEnd = end;
      const swallowed = SWALLOWED[dialect];
      const seg =
        swallowed === null
          ? null
          : new RegExp(`^\\s*\\.\\s*${swallowed}(?![A-Za-z0-9_])`).exec(src.slice(end));
      if (seg !== null) replaceEnd = end + seg[0].length;
      out.push({ start: offset + i, end: offset + replaceEnd, text: 'event.payload' });
    }
    i = end;
  }
  return out;
}

/** `{{ … }}` spans of a template: [start, end) of each inner expression. */
export function templateSpans(template: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let i = template.indexOf('{{');
  while (i >= 0) {
    const start = i + 2;
    let j = start;
    let quote: string | null = null;
    while (j < template.length) {
      const c = template[j];
      if (quote !== null) {
        if (c === '\\') j++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '}' && template[j + 1] === '}') {
        break;
      }
      j++;
    }
    if (j >= template.length) break;
    spans.push([start, j]);
    i = template.indexOf('{{', j + 2);
  }
  return spans;
}

function apply(src: string, reps: Replacement[]): Rewritten {
  let text = '';
  let last = 0;
  const mapped: Array<{ newStart: number; newEnd: number; start: number; end: number }> = [];
  for (const r of reps) {
    text += src.slice(last, r.start);
    mapped.push({ newStart: text.length, newEnd: text.length + r.text.length, start: r.start, end: r.end });
    text += r.text;
    last = r.end;
  }
  text += src.slice(last);
  return {
    text,
    changed: reps.length > 0,
    toOriginal(pos) {
      let shift = 0;
      for (const m of mapped) {
        if (pos < m.newStart) break;
        if (pos < m.newEnd) return m.start;
        shift = m.end - m.newEnd;
      }
      return pos + shift;
    },
  };
}

/** `trigger.payload.x` / `trigger.x` → `event.payload.x` in an expression (strings untouched). */
export function rewriteTriggerRefs(expression: string, dialect: TriggerDialect = 'attune'): Rewritten {
  return apply(expression, expressionReplacements(expression, 0, dialect));
}

/** The same inside every `{{ … }}` of a template string. */
export function rewriteTemplateTriggerRefs(template: string, dialect: TriggerDialect = 'attune'): Rewritten {
  const reps = templateSpans(template).flatMap(([s, e]) =>
    expressionReplacements(template.slice(s, e), s, dialect),
  );
  return apply(template, reps);
}
