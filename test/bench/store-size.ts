/** Where the bytes of the store go, per table with its indexes (SQLite's dbstat). */
import type { ReadHandle } from '../../core/store/index.ts';

/** Each object (table or index) → the group it is reported under. */
const GROUPS: Array<[RegExp, string]> = [
  [/^events_search/, 'text search index (0030)'],
  [/^events/, 'events + indexes'],
  [/^evaluations/, 'evaluations + indexes'],
  [/^(enforcements|sqlite_autoindex_enforcements)/, 'enforcements + indexes'],
  [/^executions/, 'executions + indexes'],
];

export function sizeByGroup(h: ReadHandle): Array<{ group: string; bytes: number }> {
  const rows = h.stmt('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{
    name: string;
    bytes: number;
  }>;
  const sums = new Map<string, number>();
  for (const r of rows) {
    const group = GROUPS.find(([re]) => re.test(r.name))?.[1] ?? 'everything else';
    sums.set(group, (sums.get(group) ?? 0) + r.bytes);
  }
  return [...sums].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}
