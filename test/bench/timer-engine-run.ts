/**
 * The engine side of the timer benchmarks, run as its own process on a data folder that
 * seed-timer-rules.ts prepared. Modes:
 * - `fire`: start, let the timers fire for `seconds`, stop; then read every timer event back
 *   and report lateness (`created` − `scheduled_at`: the fire as stored) and wake lateness
 *   (`fired_at` − `scheduled_at`: when the sensor woke), overall and per fire index.
 * - `arm`: time from createEngine to `start()` resolved (every timer armed), RSS then, and the
 *   CPU used over `idleSeconds` afterwards.
 */
import { createEngine, databaseFile } from '../../core/engine/create-engine.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { openStore } from '../../core/store/index.ts';
import { programArg } from './child-program.ts';
import { spread } from './stats.ts';

export type TimerRunArg =
  | { mode: 'fire'; dataDir: string; seconds: number }
  | { mode: 'arm'; dataDir: string; idleSeconds: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fire(dataDir: string, seconds: number) {
  const engine = createEngine({ dataDir, logger: silentLogger });
  await engine.start();
  const started = Date.now();
  await sleep(seconds * 1000 + 200);
  await engine.stop(5000);
  const store = openStore({ file: databaseFile(dataDir) });
  const rows = store.read
    .stmt(
      `SELECT kind, created, rule_ref, json_extract(payload, '$.scheduled_at') AS scheduled,
         json_extract(payload, '$.fired_at') AS fired
       FROM events WHERE trigger_ref = 'core.intervaltimer' ORDER BY id`,
    )
    .all() as Array<{ kind: string; created: number; rule_ref: string; scheduled: string; fired: string }>;
  store.close();
  const stored: number[] = [];
  const wake: number[] = [];
  /** Stored lateness by fire index (1-based) of the first rule, for drift. */
  const byIndex: number[] = [];
  let missed = 0;
  const first = rows.find((r) => r.kind === 'event')?.rule_ref;
  for (const r of rows) {
    if (r.kind !== 'event') {
      missed++;
      continue;
    }
    const slot = Date.parse(r.scheduled);
    stored.push(r.created - slot);
    wake.push(Date.parse(r.fired) - slot);
    if (r.rule_ref === first) byIndex.push(r.created - slot);
  }
  return {
    fires: stored.length,
    missed,
    seconds: (Date.now() - started) / 1000,
    stored_ms: spread(stored),
    wake_ms: spread(wake),
    by_index_ms: byIndex,
  };
}

async function arm(dataDir: string, idleSeconds: number) {
  const t0 = performance.now();
  const engine = createEngine({ dataDir, logger: silentLogger });
  await engine.start();
  const armMs = performance.now() - t0;
  const rss = process.memoryUsage().rss;
  let cpuPercent: number | null = null;
  if (idleSeconds > 0) {
    await sleep(2000); // let start-up work (state writes, JIT) settle before measuring idle
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await sleep(idleSeconds * 1000);
    const c = process.cpuUsage(c0);
    cpuPercent = ((c.user + c.system) / 1000 / (performance.now() - w0)) * 100;
  }
  const rssAfter = process.memoryUsage().rss;
  await engine.stop(1000);
  return {
    arm_ms: armMs,
    rss_mb: rss / 2 ** 20,
    rss_after_mb: rssAfter / 2 ** 20,
    idle_cpu_percent: cpuPercent,
  };
}

const a = programArg<TimerRunArg>();
const result = a.mode === 'fire' ? await fire(a.dataDir, a.seconds) : await arm(a.dataDir, a.idleSeconds);
process.stdout.write(`${JSON.stringify(result)}\n`);
