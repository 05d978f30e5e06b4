/** What every benchmark module exports, and the options `run.ts` hands it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Table } from './table.ts';

export interface BenchOptions {
  /** Shorter windows and fewer runs: a smoke run, not figures to publish. */
  quick: boolean;
  /** Folder for databases and data folders (`--dir`; default the OS temp folder). */
  workRoot: string;
  /** Rebuild cached fixtures (the store benchmark's database) instead of reusing them. */
  fresh: boolean;
}

export interface BenchReport {
  tables: Table[];
  /** Raw figures written to the JSON result (every run, not only medians). */
  data: Record<string, unknown>;
}

export interface Bench {
  /** The name `npm run bench -- <name>` selects. */
  name: string;
  description: string;
  run(o: BenchOptions): Promise<BenchReport>;
}

/** A fresh folder under the work root; removed by `dispose`. */
export function workDir(o: BenchOptions, prefix: string): { dir: string; dispose(): void } {
  fs.mkdirSync(o.workRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(o.workRoot, `attune-bench-${prefix}-`));
  return { dir, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export const DEFAULT_WORK_ROOT = os.tmpdir();

/** Resolves after the current macrotask, so ingests queued in one tick share a batch. */
export function nextTick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
