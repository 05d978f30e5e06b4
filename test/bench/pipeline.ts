/**
 * Pipeline throughput (docs/performance.md, "Pipeline"): events/s from `engine.ingest` to the completed execution of
 * the in-process `core.noop`, everything persisted, with 1, 10 and 100 rules on the measured
 * trigger and 10,000 rules in total. Baseline: the raw insert rate of the same rows
 * (raw-insert.ts), measured in the same run in the same folder.
 */
import { type Bench, type BenchOptions, nextTick } from './bench.ts';
import { executionStatusCounts, POOL_SIZE, startBenchEngine } from './engine-fixture.ts';
import { rawInsertSeconds } from './raw-insert.ts';
import { BENCH_TRIGGER, benchPayload, seedRules } from './seed-rules.ts';
import { median, ratio } from './stats.ts';
import { fmt } from './table.ts';

const TOTAL_RULES = 10_000;
const RULES_PER_TRIGGER = [1, 10, 100] as const;
/** Events handed to `ingest` per macrotask: what many producers in one tick look like. */
const PRODUCER_CHUNK = 100;

interface Shape {
  perTrigger: number;
  events: number;
}

interface PipelineRun {
  seconds: number;
  /** Until every ingest promise resolved (all events and enforcements committed). */
  ingest_seconds: number;
}

function shapes(quick: boolean): Shape[] {
  // About 20,000 executions per run (4,000 quick), so each run lasts seconds, not milliseconds.
  const executions = quick ? 4_000 : 20_000;
  return RULES_PER_TRIGGER.map((k) => ({ perTrigger: k, events: Math.max(20, executions / k) }));
}

async function pipelineRun(
  ingest: (i: number) => Promise<unknown>,
  idle: () => Promise<void>,
  from: number,
  events: number,
): Promise<PipelineRun> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < events; i++) {
    pending.push(ingest(from + i));
    if ((i + 1) % PRODUCER_CHUNK === 0) await nextTick();
  }
  await Promise.all(pending);
  const t1 = performance.now();
  await idle();
  const t2 = performance.now();
  return { seconds: (t2 - t0) / 1000, ingest_seconds: (t1 - t0) / 1000 };
}

async function measureShape(o: BenchOptions, s: Shape, runs: number) {
  const fx = await startBenchEngine(o, `pipeline-${s.perTrigger}`);
  try {
    const { engine } = fx;
    seedRules(engine.store, { perTrigger: s.perTrigger, total: TOTAL_RULES, actionRef: 'core.noop' });
    const ingest = (n: number) => engine.ingest({ trigger_ref: BENCH_TRIGGER, payload: benchPayload(n) });
    const idle = () => engine.executor.idle();
    await pipelineRun(ingest, idle, 0, Math.max(20, s.events / 10)); // warm-up: JIT, caches
    const pipeline: PipelineRun[] = [];
    for (let r = 0; r < runs; r++)
      pipeline.push(await pipelineRun(ingest, idle, (r + 1) * s.events, s.events));
    const counts = executionStatusCounts(engine);
    const notCompleted = Object.entries(counts).filter(([st]) => st !== 'completed');
    if (notCompleted.length > 0)
      throw new Error(`pipeline left executions unfinished: ${JSON.stringify(counts)}`);
    const raw: number[] = [];
    const rawNoSearch: number[] = [];
    for (let r = 0; r < runs; r++) {
      const run = { events: s.events, rulesPerEvent: s.perTrigger, batch: PRODUCER_CHUNK };
      raw.push(rawInsertSeconds(fx.dir, `raw-${r}`, run));
      rawNoSearch.push(rawInsertSeconds(fx.dir, `raw-nosearch-${r}`, { ...run, withoutSearch: true }));
    }
    return { pipeline, raw, rawNoSearch };
  } finally {
    await fx.dispose();
  }
}

export const pipelineBench: Bench = {
  name: 'pipeline',
  description: 'events/s from ingest to completed core.noop executions vs raw batched inserts',
  async run(o) {
    const runs = o.quick ? 2 : 5;
    const rows: Array<Array<string | number>> = [];
    const data: Record<string, unknown> = { runs, producer_chunk: PRODUCER_CHUNK, pool: POOL_SIZE };
    for (const s of shapes(o.quick)) {
      const m = await measureShape(o, s, runs);
      const eps = median(m.pipeline.map((r) => s.events / r.seconds));
      const ingestEps = median(m.pipeline.map((r) => s.events / r.ingest_seconds));
      const rawEps = median(m.raw.map((sec) => s.events / sec));
      const rawNoSearchEps = median(m.rawNoSearch.map((sec) => s.events / sec));
      rows.push([
        String(s.perTrigger),
        s.events,
        eps,
        eps * s.perTrigger,
        ingestEps,
        rawEps,
        rawNoSearchEps,
        ratio(eps, rawEps),
      ]);
      data[`rules_${s.perTrigger}`] = {
        events_per_run: s.events,
        pipeline_seconds: m.pipeline.map((r) => r.seconds),
        ingest_seconds: m.pipeline.map((r) => r.ingest_seconds),
        raw_seconds: m.raw,
        raw_without_search_seconds: m.rawNoSearch,
        events_per_second: eps,
        executions_per_second: eps * s.perTrigger,
        ingest_events_per_second: ingestEps,
        raw_events_per_second: rawEps,
        raw_without_search_events_per_second: rawNoSearchEps,
      };
    }
    return {
      tables: [
        {
          title: `Pipeline throughput (median of ${runs} runs; ${fmt(TOTAL_RULES)} rules in total)`,
          columns: [
            'rules/trigger',
            'events/run',
            'events/s',
            'executions/s',
            'ingest-only events/s',
            'raw-insert events/s',
            'raw, no text index',
            'vs raw',
          ],
          rows,
          notes: [
            'events/s: from the first ingest to the last core.noop execution completed (all persisted).',
            'ingest-only: until every event, evaluation, enforcement and execution row was committed.',
            `raw-insert: the same final rows with prepared statements, ${PRODUCER_CHUNK} events per transaction, same folder.`,
            "raw, no text index: the same without migration 0030's payload index trigger (what text search costs).",
            `producer: ${PRODUCER_CHUNK} ingests per macrotask; executor pool ${POOL_SIZE}.`,
          ],
        },
      ],
      data,
    };
  },
};
