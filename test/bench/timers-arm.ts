/**
 * How long the engine takes to load and arm N enabled timer rules at start, and what they cost in
 * memory (docs/timers.md, "Assumptions and limits"). Run by hand, not by `npm test`:
 *
 *   node --import tsx test/bench/timers-arm.ts [--rules 10000,100000] [--runs 5]
 *
 * For each rule count it measures, each run in a fresh child process (so memory figures are not
 * shared between runs), and prints the median:
 * - `cold`: the rules are in the store but the timer sensor has never seen them (an import, or the
 *   first start after migration 0020): every schedule is built and asked for its next fire.
 * - `warm`: a restart; the sensor arms each rule from its persisted next fire instant and builds
 *   schedules only when rules come due.
 * - `cold, distinct cron`: every cron rule has its own expression, so no schedule is shared.
 * A run with no rules gives the fixed cost of a start (core pack install, migrations) to subtract.
 *
 * The mix: 60 % interval (1–7 h), 30 % cron (a few common expressions in three zones), 10 %
 * one-shot (in the hour after the next). Nothing comes due during a run (unless it crosses a
 * half hour), so `warm` measures arming alone, not catching up.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, databaseFile } from '../../core/engine/create-engine.ts';
import type { JsonObject } from '../../core/model/entities.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { insertRule, openStore } from '../../core/store/index.ts';
import { median } from './stats.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ZONES = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
const COMMON_CRON = ['0 * * * *', '*/30 * * * *', '30 2 * * *', '0 9 * * MON-FRI', '@daily', '0 0 1 * *'];

interface Measure {
  start_ms: number;
  heap_mb: number;
  rss_mb: number;
  armed: number;
}

function ruleParams(
  i: number,
  distinctCron: boolean,
  now: number,
): { trigger_ref: string; params: JsonObject } {
  if (i % 10 < 6)
    return { trigger_ref: 'core.intervaltimer', params: { interval: (i % 7) + 1, unit: 'hours' } };
  if (i % 10 < 9) {
    const expression = distinctCron
      ? `${i % 60} ${Math.floor(i / 60) % 60} ${Math.floor(i / 3600) % 24} * * *`
      : (COMMON_CRON[i % COMMON_CRON.length] as string);
    return {
      trigger_ref: 'core.crontimer',
      params: { expression, timezone: ZONES[i % ZONES.length] as string },
    };
  }
  return {
    trigger_ref: 'core.datetimetimer',
    params: { fire_at: new Date(now + 3_600_000 + (i % 3_600) * 1000).toISOString() },
  };
}

/** A data folder with the core pack installed and `n` enabled timer rules, none armed yet. */
async function seed(dir: string, n: number, distinctCron: boolean): Promise<void> {
  const setup = createEngine({ dataDir: dir, logger: silentLogger });
  await setup.start();
  await setup.stop(100);
  const store = openStore({ file: databaseFile(dir) });
  const now = Date.now();
  store.transaction((w) => {
    for (let i = 0; i < n; i++) {
      const { trigger_ref, params } = ruleParams(i, distinctCron, now);
      insertRule(
        w,
        {
          ref: `local.t${i}`,
          pack_ref: 'local',
          label: `t${i}`,
          description: '',
          trigger_ref,
          trigger_params: params,
          conditions: null,
          action_ref: 'core.noop',
          action_params: {},
          enabled: true,
          overlap: 'parallel',
          retry: null,
          misfire: null,
        },
        now,
      );
    }
  });
  store.close();
}

/** In the child: start an engine on `dir`, report, stop (which persists the armed state). */
async function child(dir: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const engine = createEngine({ dataDir: dir, logger: silentLogger });
  await engine.start();
  const startMs = performance.now() - t0;
  gc?.();
  const mem = process.memoryUsage();
  const armed = (
    engine.store.read.stmt('SELECT COUNT(*) AS n FROM timer_state WHERE next_fire_at IS NOT NULL').get() as {
      n: number;
    }
  ).n;
  // Stop before any rule comes due: the next start is a pure restart.
  await engine.stop(100);
  const out: Measure = {
    start_ms: startMs,
    heap_mb: (mem.heapUsed - heap0) / 2 ** 20,
    rss_mb: mem.rss / 2 ** 20,
    armed,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(dir: string): Measure {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, '--child', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as Measure;
}

function row(label: string, ms: Measure[]): string {
  const m = (f: (x: Measure) => number) => median(ms.map(f));
  return `${label.padEnd(34)} ${m((x) => x.start_ms)
    .toFixed(0)
    .padStart(8)} ${m((x) => x.heap_mb)
    .toFixed(1)
    .padStart(9)} ${m((x) => x.rss_mb)
    .toFixed(0)
    .padStart(8)} ${String(m((x) => x.armed)).padStart(8)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1] as string);
  const opt = (name: string, fallback: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
  };
  const counts = opt('--rules', '10000').split(',').map(Number);
  const runs = Number(opt('--runs', '5'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'attune-bench-timers-arm-'));
  console.log(
    `# ${os.cpus()[0]?.model ?? 'cpu'} ×${os.cpus().length}, Node ${process.version}; median of ${runs} runs`,
  );
  console.log(
    `${'case'.padEnd(34)} ${'start ms'.padStart(8)} ${'heap MB'.padStart(9)} ${'rss MB'.padStart(8)} ${'armed'.padStart(8)}`,
  );
  try {
    const cases: Array<[string, number, boolean]> = [['no rules (fixed cost)', 0, false]];
    for (const n of counts) cases.push([`${n} rules`, n, false], [`${n} rules, distinct cron`, n, true]);
    for (const [label, n, distinct] of cases) {
      const cold: Measure[] = [];
      const warm: Measure[] = [];
      for (let r = 0; r < runs; r++) {
        const dir = path.join(root, `${n}-${distinct}-${r}`);
        await seed(dir, n, distinct);
        cold.push(runChild(dir));
        if (!distinct) warm.push(runChild(dir));
        fs.rmSync(dir, { recursive: true, force: true });
      }
      console.log(row(`${label}: cold`, cold));
      if (!distinct) console.log(row(`${label}: warm (restart)`, warm));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
