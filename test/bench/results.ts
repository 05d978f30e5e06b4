/** Writes one JSON file per benchmark run under test/bench/results/ (git-ignored). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './bench.ts';
import type { Machine } from './machine.ts';

export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

export interface ResultFile {
  bench: string;
  started_at: string;
  seconds: number;
  command: string;
  quick: boolean;
  machine: Machine;
  report: BenchReport;
}

export function writeResult(r: ResultFile): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = r.started_at.replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${r.bench}-${stamp}.json`);
  fs.writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  return file;
}
