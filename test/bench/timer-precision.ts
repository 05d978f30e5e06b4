/**
 * Timer precision (docs/performance.md, "Timers"): how late 1, 100, 1,000 and 10,000 one-second timer rules fire
 * over a window (60 s; `--quick` 5 s), each rule running core.noop, against the same number of
 * bare croner jobs on `* * * * * *` in a separate process in the same run (one after the other,
 * never at once). Drift: the lateness of the 600th fire of one one-second rule — the interval
 * timer's shortest interval is one second, so a 100 ms rule cannot be written.
 */
import { type Bench, type BenchOptions, workDir } from './bench.ts';
import { runChildProgram } from './child-program.ts';
import { seedTimerRules } from './seed-timer-rules.ts';
import { median, ratio, type Spread } from './stats.ts';
import type { Cell } from './table.ts';
import { fmt } from './table.ts';

const COUNTS = [1, 100, 1_000, 10_000] as const;
const ONE_SECOND = { interval: 1, unit: 'seconds' } as const;

interface FireResult {
  fires: number;
  missed: number;
  seconds: number;
  stored_ms: Spread;
  wake_ms: Spread;
  by_index_ms: number[];
}

interface CronerResult {
  fires: number;
  expected: number;
  lateness_ms: Spread;
}

async function attuneFires(o: BenchOptions, rules: number, seconds: number): Promise<FireResult> {
  const work = workDir(o, `timers-${rules}`);
  try {
    await seedTimerRules({ dataDir: work.dir, count: rules, params: ONE_SECOND });
    return await runChildProgram<FireResult>('timer-engine-run.ts', {
      mode: 'fire',
      dataDir: work.dir,
      seconds,
    });
  } finally {
    work.dispose();
  }
}

/**
 * Theil–Sen slope of lateness over fire index (the median of all pairwise slopes: one slow
 * first fire cannot tilt it), in ms per hour of one-second fires.
 */
function slopePerHour(ys: number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < ys.length; i++) {
    for (let j = i + 1; j < ys.length; j++) slopes.push(((ys[j] as number) - (ys[i] as number)) / (j - i));
  }
  return median(slopes) * 3600;
}

export const timerPrecisionBench: Bench = {
  name: 'timers',
  description: 'one-second timer rules: fire lateness vs bare croner jobs, and drift',
  async run(o) {
    const window = o.quick ? 5 : 60;
    const driftFires = o.quick ? 20 : 600;
    const rows: Cell[][] = [];
    const data: Record<string, unknown> = { window_seconds: window, drift_fires: driftFires };
    for (const n of COUNTS) {
      const a = await attuneFires(o, n, window);
      const c = await runChildProgram<CronerResult>('croner-jobs.ts', { jobs: n, seconds: window });
      rows.push(
        [
          `${fmt(n)} Attune rules`,
          a.fires,
          a.missed,
          a.wake_ms.p50,
          a.wake_ms.p99,
          a.wake_ms.max,
          a.stored_ms.p50,
          a.stored_ms.p99,
          a.stored_ms.max,
          ratio(a.wake_ms.p99, c.lateness_ms.p99),
        ],
        [
          `${fmt(n)} croner jobs`,
          c.fires,
          '—',
          c.lateness_ms.p50,
          c.lateness_ms.p99,
          c.lateness_ms.max,
          '—',
          '—',
          '—',
          '1.00×',
        ],
      );
      data[`timers_${n}`] = { attune: { ...a, by_index_ms: undefined }, croner: c };
    }
    const d = await attuneFires(o, 1, driftFires + 1);
    const at = (i: number) => d.by_index_ms[i - 1] ?? Number.NaN;
    const mid = Math.floor(driftFires / 2);
    data.drift = { by_index_ms: d.by_index_ms, slope_ms_per_hour: slopePerHour(d.by_index_ms) };
    return {
      tables: [
        {
          title: `Timer lateness, one-second rules over ${window} s (ms; percentiles over every fire)`,
          columns: [
            'timers',
            'fires',
            'missed',
            'wake p50',
            'wake p99',
            'wake max',
            'stored p50',
            'stored p99',
            'stored max',
            'wake p99 vs croner',
          ],
          rows,
          notes: [
            'wake: the sensor woke (fired_at) − the slot; croner: its callback ran − the whole second. Both whole ms (Date.now()).',
            'stored: the fire event was written (events.created) − the slot; every fire also runs core.noop.',
            'missed: slots recorded as missed (misfire policy) instead of fired, i.e. the engine fell behind.',
            'Attune and croner run one after the other, each in its own process.',
          ],
        },
        {
          title: `Timer drift: one one-second rule, ${driftFires} fires (stored lateness, ms)`,
          columns: ['fire #1', `fire #${mid}`, `fire #${driftFires}`, 'slope (ms per hour)'],
          rows: [[at(1), at(mid), at(driftFires), slopePerHour(d.by_index_ms)]],
          notes: [
            'Slots are computed from the anchor, never from the previous fire; a slope near 0 is no drift.',
          ],
        },
      ],
      data,
    };
  },
};
