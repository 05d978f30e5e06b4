/**
 * What explanations cost the pipeline (docs/performance.md, "Explanations"): the same events
 * through two engines, one recording explanations (the default) and one without, on a mix where
 * half of the evaluations are `condition_false` — explanations are made only for those, so the
 * firing half pays nothing. Runs alternate between the two engines so a machine's drift hits both.
 */
import { type Bench, nextTick } from './bench.ts';
import { executionStatusCounts, POOL_SIZE, startBenchEngine } from './engine-fixture.ts';
import { BENCH_TRIGGER, benchPayload, seedRules } from './seed-rules.ts';
import { median } from './stats.ts';

const RULES_PER_TRIGGER = 10;
const TOTAL_RULES = 1_000;
const PRODUCER_CHUNK = 100;
/** Holds for even `n`: every other event fires all its rules, the others fire none. */
const HALF_FALSE = 'event.payload.n % 2 == 0 and event.payload.kind == "order.shipped"';

type Engines = Awaited<ReturnType<typeof startBenchEngine>>;

async function oneRun(fx: Engines, from: number, events: number): Promise<number> {
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < events; i++) {
    pending.push(fx.engine.ingest({ trigger_ref: BENCH_TRIGGER, payload: benchPayload(from + i) }));
    if ((i + 1) % PRODUCER_CHUNK === 0) await nextTick();
  }
  await Promise.all(pending);
  await fx.engine.executor.idle();
  return (performance.now() - t0) / 1000;
}

export const pipelineExplainBench: Bench = {
  name: 'pipeline-explain',
  description: 'pipeline events/s with explanations on vs off, half of the evaluations condition_false',
  async run(o) {
    const runs = o.quick ? 3 : 7;
    const events = o.quick ? 1_000 : 4_000;
    const on = await startBenchEngine(o, 'explain-on');
    const off = await startBenchEngine(o, 'explain-off', { explanations: false });
    try {
      for (const fx of [on, off])
        seedRules(fx.engine.store, {
          perTrigger: RULES_PER_TRIGGER,
          total: TOTAL_RULES,
          actionRef: 'core.noop',
          condition: HALF_FALSE,
        });
      for (const fx of [on, off]) await oneRun(fx, 0, events / 10); // warm-up: JIT, caches
      const seconds = { on: [] as number[], off: [] as number[] };
      for (let r = 0; r < runs; r++) {
        const from = (r + 1) * events;
        // Alternating which goes first, so neither always runs on a warmer machine.
        const order = r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const);
        for (const k of order) seconds[k].push(await oneRun(k === 'on' ? on : off, from, events));
      }
      for (const fx of [on, off]) {
        const left = Object.keys(executionStatusCounts(fx.engine)).filter((s) => s !== 'completed');
        if (left.length > 0) throw new Error(`executions left unfinished: ${left.join(', ')}`);
      }
      const explained = on.engine.store.read
        .stmt(
          "SELECT COUNT(*) AS n FROM evaluations WHERE outcome = 'condition_false' AND explanation IS NOT NULL",
        )
        .get() as { n: number };
      if (explained.n === 0) throw new Error('the "on" engine recorded no explanation');
      const epsOn = median(seconds.on.map((s) => events / s));
      const epsOff = median(seconds.off.map((s) => events / s));
      return {
        tables: [
          {
            title: `Explanations on vs off (median of ${runs} runs, ${events} events each, ${RULES_PER_TRIGGER} rules on the trigger)`,
            columns: ['explanations', 'events/s', 'evaluations/s', 'executions/s', 'on / off'],
            rows: [
              ['off', epsOff, epsOff * RULES_PER_TRIGGER, (epsOff * RULES_PER_TRIGGER) / 2, ''],
              [
                'on',
                epsOn,
                epsOn * RULES_PER_TRIGGER,
                (epsOn * RULES_PER_TRIGGER) / 2,
                `${((100 * epsOn) / epsOff).toFixed(1)} %`,
              ],
            ],
            notes: [
              `condition: ${HALF_FALSE} — every other event fires its ${RULES_PER_TRIGGER} rules, the others fire none (50% condition_false).`,
              'events/s: from the first ingest to the last core.noop execution completed (all persisted).',
              `producer: ${PRODUCER_CHUNK} ingests per macrotask; executor pool ${POOL_SIZE}; runs alternate between the engines.`,
            ],
          },
        ],
        data: {
          runs,
          events,
          seconds_on: seconds.on,
          seconds_off: seconds.off,
          eps_on: epsOn,
          eps_off: epsOff,
        },
      };
    } finally {
      await on.dispose();
      await off.dispose();
    }
  },
};
