/**
 * The `q` filter of the event log: what a person types becomes an FTS5 query over the payload
 * index of migration 0030 — never FTS5 syntax, so no input can raise a syntax error or reach
 * the index's column filters. Every word must occur (AND); a word ending in `*` matches as a
 * prefix (`ship*` finds "shipped"). Words are split the way the index splits them, so
 * `a@b.example` looks for the tokens a, b, example next to each other.
 */

/** Prefixes shorter than this would merge huge posting lists for little meaning. */
const MIN_PREFIX = 2;

/** The FTS5 MATCH expression for `q`, or null when `q` holds nothing searchable. */
export function searchQuery(q: string): string | null {
  const terms: string[] = [];
  // FTS5 ends a quoted string at a NUL byte ("unterminated string"); the index splits words at
  // one anyway, so it is a space here.
  for (const word of q.replaceAll('\0', ' ').trim().split(/\s+/)) {
    const prefix = word.endsWith('*');
    const body = (prefix ? word.replace(/\*+$/, '') : word).replaceAll('"', '""');
    // A word with no letter or digit would be an empty phrase, which FTS5 matches nowhere.
    if (!/[\p{L}\p{N}]/u.test(body)) continue;
    terms.push(prefix && body.length >= MIN_PREFIX ? `"${body}"*` : `"${body}"`);
  }
  return terms.length ? terms.join(' ') : null;
}
