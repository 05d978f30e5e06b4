/**
 * Timer scale and footprint (docs/performance.md, "Scale and footprint"): time from createEngine to every timer armed, and RSS
 * then, with 0, 1,000, 10,000 and 100,000 timer rules — on first start (every schedule built)
 * and on restart (armed from persisted next fires) — and idle CPU over 60 s (`--quick` 5 s)
 * with 10,000 armed timers. Each measurement is its own process. The rules are daily interval
 * rules, so none fires while measured.
 */
import { type Bench, workDir } from './bench.ts';
import { runChildProgram } from './child-program.ts';
import { seedTimerRules } from './seed-timer-rules.ts';
import { median } from './stats.ts';
import type { Cell } from './table.ts';

const COUNTS = [0, 1_000, 10_000, 100_000] as const;
const IDLE_RULES = 10_000;
const DAILY = { interval: 1, unit: 'days' } as const;

interface ArmResult {
  arm_ms: number;
  rss_mb: number;
  rss_after_mb: number;
  idle_cpu_percent: number | null;
}

export const timerFootprintBench: Bench = {
  name: 'footprint',
  description: 'start-up to all timers armed, RSS, and idle CPU with armed timers',
  async run(o) {
    const runs = o.quick ? 1 : 3;
    const idleSeconds = o.quick ? 5 : 60;
    const rows: Cell[][] = [];
    const data: Record<string, unknown> = { runs, idle_seconds: idleSeconds };
    for (const n of COUNTS) {
      const first: ArmResult[] = [];
      const restart: ArmResult[] = [];
      for (let r = 0; r < runs; r++) {
        const work = workDir(o, `footprint-${n}`);
        try {
          await seedTimerRules({ dataDir: work.dir, count: n, params: DAILY });
          first.push(
            await runChildProgram<ArmResult>('timer-engine-run.ts', {
              mode: 'arm',
              dataDir: work.dir,
              idleSeconds: 0,
            }),
          );
          restart.push(
            await runChildProgram<ArmResult>('timer-engine-run.ts', {
              mode: 'arm',
              dataDir: work.dir,
              idleSeconds: 0,
            }),
          );
        } finally {
          work.dispose();
        }
      }
      const m = (xs: ArmResult[], f: (x: ArmResult) => number) => median(xs.map(f));
      rows.push([
        n,
        m(first, (x) => x.arm_ms),
        m(first, (x) => x.rss_mb),
        m(restart, (x) => x.arm_ms),
        m(restart, (x) => x.rss_mb),
      ]);
      data[`rules_${n}`] = { first, restart };
    }
    const work = workDir(o, 'idle');
    let idle: ArmResult;
    try {
      await seedTimerRules({ dataDir: work.dir, count: IDLE_RULES, params: DAILY });
      idle = await runChildProgram<ArmResult>('timer-engine-run.ts', {
        mode: 'arm',
        dataDir: work.dir,
        idleSeconds,
      });
    } finally {
      work.dispose();
    }
    data.idle = idle;
    return {
      tables: [
        {
          title: `Timers armed: start-up and RSS (median of ${runs}; each start its own process)`,
          columns: ['timer rules', 'first start ms', 'RSS MB', 'restart ms', 'RSS MB (restart)'],
          rows,
          notes: [
            'ms: createEngine → start() resolved (store opened, core pack checked, every timer armed).',
            'first start builds every schedule and writes its state; restart arms from the persisted next fire.',
            'RSS: of the whole Node process (tsx loader included) right after start.',
          ],
        },
        {
          title: `Idle CPU with ${IDLE_RULES.toLocaleString('en-US')} armed timers over ${idleSeconds} s`,
          columns: ['CPU % of one core', 'RSS MB'],
          rows: [[idle.idle_cpu_percent ?? Number.NaN, idle.rss_after_mb]],
        },
      ],
      data,
    };
  },
};
