/** Plain-text tables for the terminal, and the same table as Markdown for docs/performance.md. */

export type Cell = string | number;

/** One printed table: what a benchmark reports. */
export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Lines printed under the table (baseline, concurrency, what a column means). */
  notes?: string[];
}

/** Numbers get thousands separators and at most `digits` decimals. */
export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '—';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function text(c: Cell): string {
  return typeof c === 'number' ? fmt(c) : c;
}

export function renderTable(t: Table): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(text))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [t.title, line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of cells.slice(1)) out.push(line(r));
  for (const n of t.notes ?? []) out.push(`  ${n}`);
  return out.join('\n');
}

export function markdownTable(t: Table): string {
  const row = (r: string[]) => `| ${r.join(' | ')} |`;
  const out = [
    `**${t.title}**`,
    '',
    row(t.columns),
    row(t.columns.map((_, i) => (i === 0 ? '---' : '---:'))),
  ];
  for (const r of t.rows) out.push(row(r.map(text)));
  if (t.notes?.length) out.push('', ...t.notes.map((n) => `- ${n}`));
  return out.join('\n');
}
