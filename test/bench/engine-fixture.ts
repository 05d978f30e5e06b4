/** A started engine on a fresh data folder, as the benchmarks use it (real store, real runners). */
import { createEngine, type Engine, type EngineOptions } from '../../core/engine/create-engine.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { type BenchOptions, workDir } from './bench.ts';

/** The executor pool the benchmarks run with: the engine's default. */
export const POOL_SIZE = 16;

export async function startBenchEngine(
  o: BenchOptions,
  prefix: string,
  extra: Partial<EngineOptions> = {},
): Promise<{ engine: Engine; dir: string; dispose(): Promise<void> }> {
  const work = workDir(o, prefix);
  const engine = createEngine({
    dataDir: work.dir,
    logger: silentLogger,
    maxConcurrentExecutions: POOL_SIZE,
    ...extra,
  });
  await engine.start();
  return {
    engine,
    dir: work.dir,
    async dispose() {
      await engine.stop(1000);
      work.dispose();
    },
  };
}

/** Counts executions per status (the benchmarks check every run left only `completed` ones). */
export function executionStatusCounts(engine: Engine): Record<string, number> {
  const rows = engine.store.read
    .stmt('SELECT status, COUNT(*) AS n FROM executions GROUP BY status')
    .all() as Array<{ status: string; n: number }>;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
