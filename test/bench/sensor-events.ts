/**
 * Pack sensor ingress (docs/performance.md, "Sensor events"): events/s the engine accepts from
 * one supervised sensor process, over `POST /api/v1/events` (keep-alive `fetch`, 8 requests in
 * flight, each answered after its event is committed) and as JSON lines on stdout. One rule on
 * the trigger whose condition is false, so each event is stored with its evaluation and nothing
 * runs. The rate is taken from the events' own commit times, first to last.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../../core/host/serve.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { type Bench, workDir } from './bench.ts';
import { median } from './stats.ts';
import { type Cell, fmt } from './table.ts';

const TRIGGER = 'local.bench_tick';
const IN_FLIGHT = 8;

/** The sensor: sends COUNT events one way, then idles until stopped. */
const SENSOR = `
const mode = process.env.ATTUNE_SENSOR_CONFIG_MODE;
const count = Number(process.env.ATTUNE_SENSOR_CONFIG_COUNT);
const trigger_ref = ${JSON.stringify(TRIGGER)};
const payload = (n) => ({ n, host: 'bench', value: n * 7, tags: ['a', 'b'] });
async function overApi() {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      const res = await fetch(process.env.ATTUNE_API_URL + '/api/v1/events', {
        method: 'POST',
        headers: { authorization: 'Bearer ' + process.env.ATTUNE_API_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify({ trigger_ref, payload: payload(n) }),
      });
      if (res.status !== 201) throw new Error('refused: ' + res.status + ' ' + (await res.text()));
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: ${IN_FLIGHT} }, worker));
}
async function overStdout() {
  for (let n = 0; n < count; n++) {
    if (!process.stdout.write(JSON.stringify({ trigger_ref, payload: payload(n) }) + '\\n'))
      await new Promise((r) => process.stdout.once('drain', r));
  }
}
(mode === 'api' ? overApi() : overStdout()).then(() => setInterval(() => {}, 1000), (e) => {
  console.error(String(e));
  process.exit(1);
});
`;

async function oneRun(
  workRoot: string,
  mode: 'api' | 'stdout',
  count: number,
): Promise<{ eps: number; seconds: number }> {
  const work = workDir({ quick: true, workRoot, fresh: false }, `sensor-${mode}`);
  const host = await serve({ dataDir: work.dir, port: 0, logger: silentLogger, uiDir: null });
  try {
    const script = path.join(work.dir, 'bench-sensor.mjs');
    fs.writeFileSync(script, SENSOR);
    const e = host.engine;
    e.triggers.create({ ref: TRIGGER });
    e.rules.create({
      ref: 'local.bench_never',
      trigger_ref: TRIGGER,
      action_ref: 'core.noop',
      conditions: { expression: 'event.payload.n < 0' },
    });
    e.sensorEntities.create({
      ref: 'local.bench_sensor',
      entrypoint: script,
      runner_type: 'node',
      trigger_types: [TRIGGER],
      config: { mode, count },
    });
    const db = e.store.read.raw;
    const deadline = Date.now() + 300_000;
    for (;;) {
      const n = (
        db.prepare('SELECT COUNT(*) AS n FROM events WHERE trigger_ref = ?').get(TRIGGER) as { n: number }
      ).n;
      if (n >= count) break;
      if (Date.now() > deadline) throw new Error(`only ${n} of ${count} events after 300 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const span = db
      .prepare('SELECT MIN(created) AS first, MAX(created) AS last FROM events WHERE trigger_ref = ?')
      .get(TRIGGER) as { first: number; last: number };
    const seconds = Math.max(0.001, (span.last - span.first) / 1000);
    return { eps: (count - 1) / seconds, seconds };
  } finally {
    await host.close(1000);
    work.dispose();
  }
}

export const sensorEventsBench: Bench = {
  name: 'sensor-events',
  description: 'events/s accepted from one pack sensor over POST /api/v1/events and over stdout',
  async run(o) {
    const runs = o.quick ? 1 : 3;
    const count = o.quick ? 2_000 : 20_000;
    const results: Record<'api' | 'stdout', Array<{ eps: number; seconds: number }>> = {
      api: [],
      stdout: [],
    };
    for (let r = 0; r < runs; r++) {
      for (const mode of ['api', 'stdout'] as const)
        results[mode].push(await oneRun(o.workRoot, mode, count));
    }
    const rows: Cell[][] = (['api', 'stdout'] as const).map((mode) => [
      mode === 'api' ? `POST /api/v1/events (${IN_FLIGHT} in flight)` : 'JSON lines on stdout',
      median(results[mode].map((x) => x.eps)),
      median(results[mode].map((x) => x.seconds)),
    ]);
    return {
      tables: [
        {
          title: `Events accepted from one sensor process (median of ${runs} runs of ${fmt(count)} events)`,
          columns: ['path', 'events/s', 'seconds'],
          rows,
          notes: [
            'each event is committed with its evaluation (one rule, condition false: nothing runs).',
            'events/s: (count − 1) / (last commit − first commit), from the events table.',
          ],
        },
      ],
      data: { runs, count, inFlight: IN_FLIGHT, results },
    };
  },
};
