// The score of every module in the committed mutation baseline, as the table at the top of
// docs/testing.md's "Scores" (docs/testing.md, "Mutation testing"):
//   node scripts/mutation-scores.mjs
// "current" says whether the baseline's copy of the module is the file on disk; a module edited
// since its last run shows "stale" until `npm run mutate -- --mutate <file>` runs again.
import fs from 'node:fs';

const baseline = JSON.parse(fs.readFileSync('test/mutation/stryker-incremental.json', 'utf8'));
const rows = Object.entries(baseline.files).map(([file, entry]) => {
  const n = (status) => entry.mutants.filter((m) => m.status === status).length;
  const detected = n('Killed') + n('Timeout');
  const scored = detected + n('Survived') + n('NoCoverage');
  let current = false;
  try {
    current = fs.readFileSync(file, 'utf8') === entry.source;
  } catch {}
  return {
    file,
    cells: [
      entry.mutants.length,
      n('Ignored'),
      n('Killed'),
      n('Timeout'),
      n('Survived'),
      n('NoCoverage'),
      n('RuntimeError') + n('CompileError'),
      scored ? `${((100 * detected) / scored).toFixed(1)} %` : '—',
      current ? 'yes' : 'stale',
    ],
  };
});
rows.sort((a, b) => a.file.localeCompare(b.file));
const head = [
  'module',
  'mutants',
  'ignored',
  'killed',
  'timed out',
  'survived',
  'no coverage',
  'errors',
  'score',
  'current',
];
const table = [head, ...rows.map((r) => [`\`${r.file}\``, ...r.cells.map(String)])];
const widths = head.map((_, i) => Math.max(...table.map((row) => row[i].length)));
const line = (row) =>
  `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(line(head));
console.log(`| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
for (const row of table.slice(1)) console.log(line(row));
