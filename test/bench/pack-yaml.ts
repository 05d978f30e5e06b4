/**
 * `npm run bench -- pack-yaml`: what reading a pack.yaml with many keys costs through
 * `parseYamlFile` (duplicate keys found in one pass), against the YAML library with its own
 * `uniqueKeys` check (each key compared with every earlier one), on the same text in the same run.
 */
import { parseDocument } from 'yaml';
import { ProblemSink } from '../../core/packs/problems.ts';
import { parseYamlFile } from '../../core/packs/yaml-source.ts';
import type { Bench, BenchOptions, BenchReport } from './bench.ts';
import { fmt, type Table } from './table.ts';

function packYaml(keys: number): string {
  const lines = Array.from({ length: keys }, (_, i) => `  k${i}: ${i}\n`);
  return `ref: big\nversion: "1.0.0"\nmeta:\n${lines.join('')}`;
}

function ms(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function run(o: BenchOptions): Promise<BenchReport> {
  const sizes = o.quick ? [2_500, 5_000, 10_000] : [5_000, 10_000, 20_000, 40_000];
  const rows: (string | number)[][] = [];
  const data: Record<string, unknown> = {};
  for (const keys of sizes) {
    const text = packYaml(keys);
    const ours = ms(() => {
      const sink = new ProblemSink();
      if (parseYamlFile('pack.yaml', text, sink) === null) throw new Error('the file must parse');
    });
    const library = ms(() => parseDocument(text, { uniqueKeys: true, prettyErrors: false }).toJS());
    rows.push([fmt(keys, 0), fmt(text.length / 1024, 0), fmt(ours, 0), fmt(library, 0)]);
    data[String(keys)] = { bytes: text.length, ours_ms: ours, library_unique_keys_ms: library };
  }
  const table: Table = {
    title: 'Reading a pack.yaml of N keys, ms (one run each)',
    columns: ['keys', 'KiB', 'parseYamlFile', 'yaml with uniqueKeys'],
    rows,
    notes: ['parseYamlFile also checks anchors and aliases and builds the plain value.'],
  };
  return { tables: [table], data };
}

export const packYamlBench: Bench = {
  name: 'pack-yaml',
  description: "pack files with many keys: one-pass duplicate check vs the YAML library's own",
  run,
};
