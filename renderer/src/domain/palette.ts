/**
 * The command palette's matching, free of React: which entries a query finds and in what order,
 * plus the entries a bare number stands for (an event or execution id).
 */

/** One thing the palette can do: run a command, open a view, a rule, an event. */
export interface PaletteEntry {
  id: string;
  label: string;
  /** The section it is listed under ("Go to", "Rules", "Commands"). */
  group: string;
  /** More words it is found by (a rule's ref, a view's synonyms). */
  keywords?: readonly string[];
  /** Shown on the right, e.g. "Ctrl+K". */
  hint?: string;
}

/**
 * How well `query` matches `text`: 0 when it does not; higher is better. Every query character
 * must appear in order; a prefix beats a word start beats a scattered match.
 */
export function matchScore(query: string, text: string): number {
  const q = query.trim().toLowerCase();
  const t = text.toLowerCase();
  if (!q) return 1;
  if (t === q) return 1000;
  if (t.startsWith(q)) return 500 - t.length;
  const at = t.indexOf(q);
  if (at >= 0) return (/[\s._\-/]/.test(t[at - 1] ?? ' ') ? 400 : 300) - at;
  let score = 100;
  let from = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const i = t.indexOf(ch, from);
    if (i < 0) return 0;
    score -= i - from;
    from = i + 1;
  }
  return Math.max(score, 1);
}

/** Entries matching `query`, best first; ties keep their given order. */
export function rankEntries<T extends PaletteEntry>(query: string, entries: readonly T[], limit = 50): T[] {
  const scored: Array<{ e: T; s: number; i: number }> = [];
  entries.forEach((e, i) => {
    const s = Math.max(matchScore(query, e.label), ...(e.keywords ?? []).map((k) => matchScore(query, k)));
    if (s > 0) scored.push({ e, s, i });
  });
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored.slice(0, limit).map((x) => x.e);
}

/** A query naming a record id (`123`, `#123`): the id, else null. */
export function idInQuery(query: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(query.trim());
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
