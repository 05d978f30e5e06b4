// Merges Stryker incremental baselines from two branches (docs/testing.md, "Mutation testing"):
//   node scripts/merge-mutation-baseline.mjs out.json ours.json theirs.json
// For the same file, the entry whose source is the file on disk wins, else the later input's.
// Test ids are renumbered: each baseline numbers its
// tests from 0, so killedBy/coveredBy would otherwise point at another baseline's tests.
import fs from 'node:fs';

const [out, ...ins] = process.argv.slice(2);
const merged = { files: {}, testFiles: {} };
let nextId = 0;
const nameToId = new Map();
const current = (path, entry) => {
  try {
    return entry.source === fs.readFileSync(path, 'utf8');
  } catch {
    return false;
  }
};
// An entry already merged from an earlier input that is the file as it is now stays.
const keeps = (table, path, entry) => table[path] && current(path, table[path]) && !current(path, entry);
for (const file of ins) {
  const j = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const k of Object.keys(j)) if (!['files', 'testFiles'].includes(k)) merged[k] = j[k];
  const remap = new Map();
  for (const [tf, entry] of Object.entries(j.testFiles ?? {})) {
    const tests = [];
    for (const t of entry.tests) {
      const key = `${tf}\u0000${t.name}`;
      if (!nameToId.has(key)) nameToId.set(key, String(nextId++));
      remap.set(t.id, nameToId.get(key));
      tests.push({ ...t, id: nameToId.get(key) });
    }
    if (!keeps(merged.testFiles, tf, entry)) merged.testFiles[tf] = { ...entry, tests };
  }
  const map = (ids) =>
    ids?.map(
      (id) =>
        remap.get(id) ??
        (() => {
          throw new Error(`${file}: unknown test id ${id}`);
        })(),
    );
  for (const [mf, entry] of Object.entries(j.files ?? {})) {
    if (keeps(merged.files, mf, entry)) continue;
    merged.files[mf] = {
      ...entry,
      mutants: entry.mutants.map((m) => ({
        ...m,
        ...(m.killedBy ? { killedBy: map(m.killedBy) } : {}),
        ...(m.coveredBy ? { coveredBy: map(m.coveredBy) } : {}),
      })),
    };
  }
}
fs.writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
console.log(
  `merged ${Object.keys(merged.files).length} files, ${Object.keys(merged.testFiles).length} test files`,
);
