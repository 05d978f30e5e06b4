/**
 * What explanations cost the pipeline (docs/performance.md, "Explanations"): the same pipeline
 * with explanations on (the default: a false condition's explanation is made when it is read,
 * docs/explain.md) and off, on two mixes of the same rules and payloads — one where half of the
 * evaluations are `condition_false` (explanations exist only for those) and one where every rule
 * fires (the firing path must pay nothing: the ratio stays at 1). Each "on" run is checked to
 * store no explanation and to have one for its events on read. Fair by
 * construction: one engine per mix, switching explanations on and off between its runs (two
 * engines side by side differ by several percent even when both run without explanations), the
 * runs alternating which setting goes first, the heap collected before each run, and the ratio
 * taken per pair of runs (the median of those), so a load that drifts over minutes hits both
 * sides of each pair alike. On a loaded machine those ratios still swing by more than the cost
 * they measure, so a second table adds it up from its parts, each measured apart
 * (explain-cost.ts).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { getEvent } from '../../core/store/index.ts';
import { type Bench, nextTick } from './bench.ts';
import { executionStatusCounts, POOL_SIZE, startBenchEngine } from './engine-fixture.ts';
import { measureExplainCost } from './explain-cost.ts';
import { BENCH_TRIGGER, benchPayload, seedRules } from './seed-rules.ts';
import { median } from './stats.ts';

const RULES_PER_TRIGGER = 10;
const TOTAL_RULES = 1_000;
const PRODUCER_CHUNK = 100;

interface Mix {
  name: string;
  condition: string;
  /** Share of the evaluations that come out `condition_false`. */
  falseShare: number;
}

const MIXES: readonly Mix[] = [
  {
    name: 'half condition_false',
    // Holds for even `n`: every other event fires all its rules, the others fire none.
    condition: 'event.payload.n % 2 == 0 and event.payload.kind == "order.shipped"',
    falseShare: 0.5,
  },
  {
    name: 'all firing',
    // The same shape and cost of evaluation, true for every event.
    condition: 'event.payload.n % 1 == 0 and event.payload.kind == "order.shipped"',
    falseShare: 0,
  },
];

type Engine = Awaited<ReturnType<typeof startBenchEngine>>;

/** The collector, reachable without `--expose-gc` on the command line. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

interface RunTimes {
  wall: number;
  cpu: number;
}

async function oneRun(fx: Engine, from: number, events: number): Promise<RunTimes> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < events; i++) {
    pending.push(fx.engine.ingest({ trigger_ref: BENCH_TRIGGER, payload: benchPayload(from + i) }));
    if ((i + 1) % PRODUCER_CHUNK === 0) await nextTick();
  }
  await Promise.all(pending);
  await fx.engine.executor.idle();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

function count(fx: Engine, where: string): number {
  return (
    fx.engine.store.read.stmt(`SELECT COUNT(*) AS n FROM evaluations WHERE ${where}`).get() as { n: number }
  ).n;
}

/** The last event that did not fire has, read through the engine, one explanation per rule. */
function checkOnRead(fx: Engine, mix: Mix): void {
  const row = fx.engine.store.read
    .stmt("SELECT MAX(event_id) AS id FROM evaluations WHERE outcome = 'condition_false'")
    .get() as { id: number };
  const event = getEvent(fx.engine.store.read, row.id);
  const read = event ? (fx.engine.explainOnRead(event).evaluations ?? []) : [];
  if (read.length !== RULES_PER_TRIGGER || read.some((e) => !e.explanation?.failures.length))
    throw new Error(`${mix.name}: event ${row.id} read without its explanations`);
}

interface MixResult {
  mix: Mix;
  on: RunTimes[];
  off: RunTimes[];
}

async function measureMix(
  o: Parameters<Bench['run']>[0],
  mix: Mix,
  runs: number,
  events: number,
): Promise<MixResult> {
  const gc = collector();
  let explaining = true;
  const fx = await startBenchEngine(o, 'explain', { explanations: () => explaining });
  try {
    seedRules(fx.engine.store, {
      perTrigger: RULES_PER_TRIGGER,
      total: TOTAL_RULES,
      actionRef: 'core.noop',
      condition: mix.condition,
    });
    const explained = () => count(fx, 'explanation IS NOT NULL');
    const times = { on: [] as RunTimes[], off: [] as RunTimes[] };
    let from = 0;
    for (const k of ['on', 'off'] as const) {
      explaining = k === 'on';
      await oneRun(fx, from, events / 10); // warm-up: JIT, caches
      from += events / 10;
    }
    for (let r = 0; r < runs; r++) {
      // Alternating which goes first, so neither always runs on a warmer machine.
      const order = r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
      for (const k of order) {
        explaining = k === 'on';
        gc();
        // Each run starts on an empty write-ahead log, so no run inherits the checkpoint due from the last.
        fx.engine.store.read.raw.pragma('wal_checkpoint(TRUNCATE)');
        const before = explained();
        times[k].push(await oneRun(fx, from, events));
        from += events;
        const added = explained() - before;
        if (added !== 0) throw new Error(`${mix.name}, ${k}: ${added} explanations stored, expected none`);
        if (k === 'on' && mix.falseShare > 0) checkOnRead(fx, mix);
      }
    }
    const falseOnes = count(fx, "outcome = 'condition_false'");
    if (falseOnes !== from * RULES_PER_TRIGGER * mix.falseShare)
      throw new Error(`${mix.name}: ${falseOnes} evaluations condition_false`);
    const left = Object.keys(executionStatusCounts(fx.engine)).filter((s) => s !== 'completed');
    if (left.length > 0) throw new Error(`executions left unfinished: ${left.join(', ')}`);
    return { mix, ...times };
  } finally {
    await fx.dispose();
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export const pipelineExplainBench: Bench = {
  name: 'pipeline-explain',
  description: 'pipeline events/s with explanations on vs off: half condition_false, and all firing',
  async run(o) {
    const runs = o.quick ? 3 : 15;
    const events = o.quick ? 1_000 : 3_000;
    const results: MixResult[] = [];
    for (const mix of MIXES) results.push(await measureMix(o, mix, runs, events));
    const rows = results.flatMap(({ mix, on, off }) => {
      const eps = (t: RunTimes[]) => median(t.map((x) => events / x.wall));
      const cpuUs = (t: RunTimes[]) => median(t.map((x) => (x.cpu / events) * 1e6));
      const wallRatio = median(on.map((x, i) => (off[i] as RunTimes).wall / x.wall));
      const cpuRatio = median(on.map((x, i) => x.cpu / (off[i] as RunTimes).cpu));
      return [
        [mix.name, 'off', eps(off), cpuUs(off), '', ''],
        [mix.name, 'on', eps(on), cpuUs(on), pct(wallRatio), pct(cpuRatio)],
      ];
    });
    const half = results[0] as MixResult;
    const cost = measureExplainCost(o, half.mix.condition);
    const cpuOffUs = median(half.off.map((x) => (x.cpu / events) * 1e6));
    const perEvent = RULES_PER_TRIGGER * half.mix.falseShare;
    const addedUs = perEvent * cost.onUs;
    const eagerUs = perEvent * (cost.explainUs + cost.storeUs);
    return {
      tables: [
        {
          title: `Explanations on vs off (median of ${runs} runs, ${events} events each, ${RULES_PER_TRIGGER} rules on the trigger)`,
          columns: ['mix', 'explanations', 'events/s', 'CPU µs/event', 'events/s on / off', 'CPU on / off'],
          rows,
          notes: [
            ...MIXES.map(
              (m) => `${m.name}: ${m.condition} (${pct(m.falseShare)} of the evaluations condition_false)`,
            ),
            'on: each false condition is stored without its explanation, made when the event is read (checked after each run).',
            'events/s: from the first ingest to the last core.noop execution completed (all persisted).',
            'CPU µs/event: the process CPU time (user + system) of a run over its events.',
            'on / off: median over the pairs of runs (on and off back to back) of that pair’s ratio.',
            `producer: ${PRODUCER_CHUNK} ingests per macrotask; executor pool ${POOL_SIZE}; one engine per mix, explanations switched between runs; heap collected and the write-ahead log checkpointed before each run.`,
          ],
        },
        {
          title: `What the explanations of one event add, part by part (${half.mix.name})`,
          columns: ['part', 'µs', 'per event', 'µs/event'],
          rows: [
            [
              'deciding a false condition, explanations off',
              cost.decideUs,
              perEvent,
              perEvent * cost.decideUs,
            ],
            ['added with explanations on (left to the reader)', cost.onUs, perEvent, addedUs],
            ['the pipeline without explanations (CPU, table above)', '', '', cpuOffUs],
            ['events/s on / off, from these parts', '', '', pct(cpuOffUs / (cpuOffUs + addedUs))],
            ['making one explanation on read (events.get)', cost.readUs, '', ''],
            [
              'made when deciding instead (a condition naming more than the event)',
              cost.explainUs,
              perEvent,
              perEvent * cost.explainUs,
            ],
            [
              `  + serialising and writing it (${cost.bytes} bytes of JSON)`,
              cost.storeUs,
              perEvent,
              perEvent * cost.storeUs,
            ],
            [
              'events/s if made when deciding, from these parts',
              '',
              '',
              pct(cpuOffUs / (cpuOffUs + eagerUs)),
            ],
          ],
          notes: [
            'µs: the fastest of many alternating rounds of a short loop (a loaded machine lengthens rounds, never shortens one).',
            'from these parts: the CPU per event without explanations, over that plus what they add.',
            'on read: explainOnRead on a stored event with one evaluation to explain (parse cached by condition text, pack secrets given).',
          ],
        },
      ],
      data: {
        runs,
        events,
        cost,
        mixes: results.map(({ mix, on, off }) => ({ ...mix, on, off })),
      },
    };
  },
};
