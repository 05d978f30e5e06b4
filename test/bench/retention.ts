/**
 * `npm run bench -- retention`: one retention pass over a store of 1,000,000 one-second timer
 * events (test/helpers/history-seed.ts: an evaluation, enforcement and execution for most,
 * failures, non-fires and missed slots for a few, text-search index included), trimmed to the
 * newest 100,000 — while a client POSTs a webhook every 20 ms. Reports the pass's time, webhook
 * latency during the pass against the same load without it, and the file before and after.
 *
 * The seeded database is generated once into the work root and reused (`--fresh` rebuilds it);
 * each run trims a copy. The client runs in the host's process, so a pause of the event loop
 * shows in its latencies exactly as it would for any request.
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseFile } from '../../core/engine/create-engine.ts';
import { serve } from '../../core/host/serve.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { openStore } from '../../core/store/index.ts';
import { LATEST_VERSION } from '../../core/store/migrations/index.ts';
import { seedHistory } from '../helpers/history-seed.ts';
import { type Bench, type BenchOptions, workDir } from './bench.ts';
import { spread } from './stats.ts';
import { fmt } from './table.ts';
import { benchWebhook } from './ui-fixture.ts';

const RULES = 8;
const KEEP = 100_000;
const PACE_MS = 20;

function seededFile(
  o: BenchOptions,
  events: number,
): { file: string; seconds: number | null; migratedFrom?: string } {
  const dir = path.join(o.workRoot, `attune-bench-retention-v${LATEST_VERSION}-${events}`);
  const file = databaseFile(dir);
  const done = path.join(dir, 'generated.json');
  if (o.fresh) fs.rmSync(dir, { recursive: true, force: true });
  if (fs.existsSync(done)) return { file, seconds: null };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const t0 = performance.now();
  const older = o.fresh ? null : olderSeed(o, events);
  if (older) {
    // Seeding takes a quarter of an hour; an older schema's seed holds the same rows, and
    // opening it runs the migrations since, as a user's store would on upgrade.
    fs.copyFileSync(older, file);
    const migrated = openStore({ file });
    migrated.read.raw.pragma('wal_checkpoint(TRUNCATE)');
    migrated.close();
    const seconds = (performance.now() - t0) / 1000;
    fs.writeFileSync(done, `${JSON.stringify({ events, seconds, migratedFrom: older })}\n`);
    return { file, seconds: null, migratedFrom: path.basename(path.dirname(older)) };
  }
  const store = openStore({ file });
  // Ten days of history ending now, so the 30-day age limit keeps all of it: the row limit trims.
  seedHistory(store.read.raw, { events, rules: RULES, start: Date.now() - events * 1000, stepMs: 1000 });
  store.read.raw.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const seconds = (performance.now() - t0) / 1000;
  fs.writeFileSync(done, `${JSON.stringify({ events, seconds })}\n`);
  return { file, seconds };
}

/** The newest seed of the same size generated under an earlier schema version, if one is complete. */
function olderSeed(o: BenchOptions, events: number): string | null {
  for (let v = LATEST_VERSION - 1; v > 0; v--) {
    const dir = path.join(o.workRoot, `attune-bench-retention-v${v}-${events}`);
    if (fs.existsSync(path.join(dir, 'generated.json'))) return databaseFile(dir);
  }
  return null;
}

/** POSTs to `url` every PACE_MS until `stop()` is true: each answered request's latency in ms, and the failures. */
async function paced(url: string, stop: () => boolean): Promise<{ ms: number[]; failed: string[] }> {
  const ms: number[] = [];
  const failed: string[] = [];
  let n = 0;
  while (!stop()) {
    const t0 = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ n: n++ }) });
      await res.arrayBuffer();
      if (res.status !== 200) failed.push(`HTTP ${res.status}`);
      else ms.push(performance.now() - t0);
    } catch (err) {
      // A refused or reset connection is a finding, not the end of the run.
      failed.push(String((err as { cause?: unknown }).cause ?? err));
    }
    const took = performance.now() - t0;
    if (took < PACE_MS) await new Promise((r) => setTimeout(r, PACE_MS - took));
  }
  return { ms, failed };
}

const fileSize = (file: string) =>
  fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

export const retentionBench: Bench = {
  name: 'retention',
  description: 'a retention pass over 1,000,000 events: time, ingest latency during it, file size',
  async run(o) {
    const events = o.quick ? 50_000 : 1_000_000;
    const keep = o.quick ? 5_000 : KEEP;
    const seed = seededFile(o, events);
    const work = workDir(o, 'retention');
    try {
      fs.copyFileSync(seed.file, databaseFile(work.dir));
      const host = await serve({
        dataDir: work.dir,
        port: 0,
        logger: silentLogger,
        uiDir: null,
        killGraceMs: 500,
      });
      try {
        const url = await benchWebhook(host, 'retention_bench');
        const file = databaseFile(work.dir);
        const before = fileSize(file);
        const baselineUntil = performance.now() + (o.quick ? 3_000 : 15_000);
        const baseline = await paced(url, () => performance.now() > baselineUntil);
        // In-process, not over REST: a pass over a million events outlasts an HTTP request's idle limit.
        host.engine.retention.setConfig({
          targets: { events: { max_rows: keep }, executions: { max_rows: keep } },
        });
        let done = false;
        const t0 = performance.now();
        const pass = host.engine.retention.runPass().finally(() => {
          done = true;
        });
        const during = await paced(url, () => done);
        const result = await pass;
        const passSeconds = (performance.now() - t0) / 1000;
        const after = fileSize(file);
        const b = spread(baseline.ms);
        const d = spread(during.ms);
        return {
          tables: [
            {
              title: `Retention pass: ${fmt(events, 0)} events trimmed to the newest ${fmt(keep, 0)}`,
              columns: ['measure', 'value'],
              rows: [
                ['pass time (s)', fmt(passSeconds, 1)],
                ['events deleted', fmt(result.deleted.events ?? 0, 0)],
                ['executions deleted', fmt(result.deleted.executions ?? 0, 0)],
                ['batches (transactions)', fmt(result.batches, 0)],
                ['longest step (ms)', fmt(result.longest_step_ms, 1)],
                ['file before (MB)', fmt(before / 1_048_576, 1)],
                ['file after (MB)', fmt(after / 1_048_576, 1)],
              ],
              notes: seed.migratedFrom
                ? [`seed migrated from ${seed.migratedFrom}`]
                : seed.seconds === null
                  ? ['seeded database reused']
                  : [`seeded in ${fmt(seed.seconds, 0)} s`],
            },
            {
              title: `Webhook latency, one POST every ${PACE_MS} ms (ms)`,
              columns: ['', 'requests', 'failed', 'p50', 'p99', 'max'],
              rows: [
                ['without a pass', b.n, baseline.failed.length, fmt(b.p50, 2), fmt(b.p99, 2), fmt(b.max, 2)],
                ['during the pass', d.n, during.failed.length, fmt(d.p50, 2), fmt(d.p99, 2), fmt(d.max, 2)],
              ],
              notes: [...new Set([...baseline.failed, ...during.failed])].map((f) => `failed: ${f}`),
            },
          ],
          data: {
            events,
            keep,
            passSeconds,
            result,
            before,
            after,
            baseline: b,
            during: d,
            failed: during.failed,
          },
        };
      } finally {
        await host.close(2000);
      }
    } finally {
      work.dispose();
    }
  },
};
