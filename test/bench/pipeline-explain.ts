/**
 * What explanations cost the pipeline (docs/performance.md, "Explanations"): the same events
 * through two engines, one recording explanations (the default) and one without, on two mixes
 * of the same rules and payloads — one where half of the evaluations are `condition_false`
 * (explanations are made only for those) and one where every rule fires (the firing path must
 * pay nothing: the ratio stays at 1). Fair by construction: one process, the same events in the
 * same order for both engines, runs alternating which engine goes first, the heap collected
 * before each run so neither pays for the other's garbage, and the ratio taken per pair of runs
 * (the median of those), so a load that drifts over minutes hits both sides of each pair alike.
 * On a loaded machine those ratios still swing by more than the cost they measure, so a second
 * table adds it up from its parts, each measured apart (explain-cost.ts).
 */
import v8 from 'node:v8';
import vm from 'node:vm';
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

type Engines = Awaited<ReturnType<typeof startBenchEngine>>;

/** The collector, reachable without `--expose-gc` on the command line. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

interface RunTimes {
  wall: number;
  cpu: number;
}

async function oneRun(fx: Engines, from: number, events: number): Promise<RunTimes> {
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

function count(fx: Engines, where: string): number {
  return (
    fx.engine.store.read.stmt(`SELECT COUNT(*) AS n FROM evaluations WHERE ${where}`).get() as { n: number }
  ).n;
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
  const on = await startBenchEngine(o, 'explain-on');
  const off = await startBenchEngine(o, 'explain-off', { explanations: false });
  try {
    for (const fx of [on, off])
      seedRules(fx.engine.store, {
        perTrigger: RULES_PER_TRIGGER,
        total: TOTAL_RULES,
        actionRef: 'core.noop',
        condition: mix.condition,
      });
    for (const fx of [on, off]) await oneRun(fx, 0, events / 10); // warm-up: JIT, caches
    const times = { on: [] as RunTimes[], off: [] as RunTimes[] };
    for (let r = 0; r < runs; r++) {
      const from = (r + 1) * events;
      // Alternating which goes first, so neither always runs on a warmer machine.
      const order = r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
      for (const k of order) {
        gc();
        times[k].push(await oneRun(k === 'on' ? on : off, from, events));
      }
    }
    for (const fx of [on, off]) {
      const left = Object.keys(executionStatusCounts(fx.engine)).filter((s) => s !== 'completed');
      if (left.length > 0) throw new Error(`executions left unfinished: ${left.join(', ')}`);
    }
    const explained = count(on, "outcome = 'condition_false' AND explanation IS NOT NULL");
    const falseOnes = count(on, "outcome = 'condition_false'");
    if (explained !== falseOnes)
      throw new Error(`${falseOnes - explained} condition_false without explanation`);
    if (mix.falseShare > 0 && explained === 0) throw new Error('the "on" engine recorded no explanation');
    if (mix.falseShare === 0 && falseOnes > 0) throw new Error(`${falseOnes} evaluations did not fire`);
    if (count(off, 'explanation IS NOT NULL') > 0) throw new Error('the "off" engine recorded explanations');
    return { mix, ...times };
  } finally {
    await on.dispose();
    await off.dispose();
  }
}

const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;

export const pipelineExplainBench: Bench = {
  name: 'pipeline-explain',
  description: 'pipeline events/s with explanations on vs off: half condition_false, and all firing',
  async run(o) {
    const runs = o.quick ? 3 : 9;
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
    const addedUs = perEvent * (cost.explainUs + cost.storeUs);
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
            'events/s: from the first ingest to the last core.noop execution completed (all persisted).',
            'CPU µs/event: the process CPU time (user + system) of a run over its events.',
            'on / off: median over the pairs of runs (on and off back to back) of that pair’s ratio.',
            `producer: ${PRODUCER_CHUNK} ingests per macrotask; executor pool ${POOL_SIZE}; heap collected before each run.`,
          ],
        },
        {
          title: `What the explanations of one event add, part by part (${half.mix.name})`,
          columns: ['part', 'µs', 'per event', 'µs/event'],
          rows: [
            [
              'deciding a false condition (no explanation)',
              cost.decideUs,
              perEvent,
              perEvent * cost.decideUs,
            ],
            ['making its explanation', cost.explainUs, perEvent, perEvent * cost.explainUs],
            [
              `writing it with the evaluation (${cost.bytes} bytes)`,
              cost.storeUs,
              perEvent,
              perEvent * cost.storeUs,
            ],
            ['the pipeline without explanations (CPU, table above)', '', '', cpuOffUs],
            ['events/s on / off, from these parts', '', '', pct(cpuOffUs / (cpuOffUs + addedUs))],
          ],
          notes: [
            'µs: the fastest of many alternating rounds of a short loop (a loaded machine lengthens rounds, never shortens one).',
            'from these parts: the CPU per event without explanations, over that plus what they add.',
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
