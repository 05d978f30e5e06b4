/**
 * The store benchmark's database: generated once per seed and schema version into the work
 * root and reused by later runs (generation takes minutes at a million events); `--fresh`
 * rebuilds it. It sits in its own folder as `attune.db`, so a host can be served on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseFile } from '../../core/engine/create-engine.ts';
import type { BenchOptions } from './bench.ts';
import { generateStore, type SeedShape, seedFileName } from './store-seed.ts';

export interface StoreFixture {
  dataDir: string;
  file: string;
  /** Seconds spent generating, or null when a cached database was reused. */
  generatedSeconds: number | null;
  counts: Record<string, number> | null;
}

export function storeFixture(o: BenchOptions, shape: SeedShape): StoreFixture {
  const dataDir = path.join(o.workRoot, seedFileName(shape).replace(/\.db$/, ''));
  const file = databaseFile(dataDir);
  const done = path.join(dataDir, 'generated.json');
  if (o.fresh) fs.rmSync(dataDir, { recursive: true, force: true });
  if (fs.existsSync(done)) {
    const meta = JSON.parse(fs.readFileSync(done, 'utf8')) as { counts: Record<string, number> };
    return { dataDir, file, generatedSeconds: null, counts: meta.counts };
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const t0 = performance.now();
  const counts = generateStore(file, shape);
  const generatedSeconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(done, `${JSON.stringify({ shape, counts, seconds: generatedSeconds })}\n`);
  return { dataDir, file, generatedSeconds, counts };
}
