/**
 * File watching (docs/performance.md, "File watching"): latency from a file write to its stored
 * event (p50/p99, one write at a time, the debounce included), and the memory a watch of a tree
 * of 100,000 files costs (RSS and heap delta after a forced GC, once with every file tracked and
 * once with a glob that matches none of them).
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createEngine, type Engine } from '../../core/engine/create-engine.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { type Bench, workDir } from './bench.ts';
import { percentile } from './stats.ts';
import { type Cell, fmt } from './table.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

async function waitRunning(engine: Engine, rule: string): Promise<void> {
  for (;;) {
    if (engine.filewatch.watches().some((w) => w.rule === rule && w.status === 'running')) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function memory(): { rss: number; heap: number } {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

/** ms from each write to its `event_created`, `samples` writes one after another. */
async function latencies(
  engine: Engine,
  dir: string,
  debounceMs: number,
  samples: number,
): Promise<number[]> {
  const ref = `lat_${debounceMs}`;
  engine.rules.create({
    ref,
    trigger_ref: 'core.filewatch',
    trigger_params: { path: dir, debounce_ms: debounceMs, events: ['add'] },
    action_ref: 'core.noop',
  });
  await waitRunning(engine, `local.${ref}`);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const stored = new Promise<number>((resolve) => {
      const off = engine.notifier.subscribe(['notification_type:event_created'], (n) => {
        if ((n.payload as { rule_ref?: string }).rule_ref !== `local.${ref}`) return;
        off();
        resolve(performance.now());
      });
    });
    const t0 = performance.now();
    fs.writeFileSync(path.join(dir, `${ref}-${i}.txt`), 'x');
    out.push((await stored) - t0);
  }
  engine.rules.delete(`local.${ref}`);
  return out;
}

function makeTree(root: string, files: number): number {
  const perDir = 1000;
  let dirs = 0;
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `d${Math.floor(i / perDir)}`);
    if (i % perDir === 0) {
      fs.mkdirSync(dir);
      dirs++;
    }
    fs.writeFileSync(path.join(dir, `file-${i}.txt`), '');
  }
  return dirs;
}

/** RSS and heap growth, MB, from creating the rule until its watch is ready. */
async function watchCost(engine: Engine, ref: string, root: string, glob: string) {
  const before = memory();
  const t0 = performance.now();
  engine.rules.create({
    ref,
    trigger_ref: 'core.filewatch',
    trigger_params: { path: root, glob, recursive: true },
    action_ref: 'core.noop',
  });
  await waitRunning(engine, `local.${ref}`);
  const readySeconds = (performance.now() - t0) / 1000;
  const after = memory();
  const result = {
    rssMb: (after.rss - before.rss) / 1e6,
    heapMb: (after.heap - before.heap) / 1e6,
    readySeconds,
    error: engine.filewatch.watches().find((w) => w.rule === `local.${ref}`)?.error ?? null,
  };
  engine.rules.delete(`local.${ref}`);
  // Let the closed watcher's handles go before the next measurement.
  await new Promise((r) => setTimeout(r, 500));
  return result;
}

export const filewatchBench: Bench = {
  name: 'filewatch',
  description: 'file watch: write → stored event latency, and memory watching a tree of 100,000 files',
  async run(o) {
    const samples = o.quick ? 50 : 300;
    const files = o.quick ? 10_000 : 100_000;
    const work = workDir(o, 'filewatch');
    const engine = createEngine({ dataDir: path.join(work.dir, 'data'), logger: silentLogger });
    const watched = path.join(work.dir, 'watched');
    const tree = path.join(work.dir, 'tree');
    fs.mkdirSync(watched);
    fs.mkdirSync(tree);
    try {
      await engine.start();
      const lat10 = await latencies(engine, watched, 10, samples);
      const lat100 = await latencies(engine, watched, 100, samples);
      const dirs = makeTree(tree, files);
      const none = await watchCost(engine, 'tree_none', tree, '*.nothing');
      const all = await watchCost(engine, 'tree_all', tree, '*');
      const latRow = (label: string, xs: number[]): Cell[] => [
        label,
        xs.length,
        percentile(xs, 50),
        percentile(xs, 99),
      ];
      return {
        tables: [
          {
            title: `Write → stored event (${samples} writes, one at a time)`,
            columns: ['debounce_ms', 'samples', 'p50 ms', 'p99 ms'],
            rows: [latRow('10', lat10), latRow('100', lat100)],
            notes: [
              'From writeFileSync returning to the event_created notification (the event and its enforcement committed).',
              'The debounce is part of the latency: the quiet period is waited for before a change is reported.',
            ],
          },
          {
            title: `Watching ${fmt(files, 0)} files in ${dirs} folders (recursive)`,
            columns: ['glob', 'RSS Δ MB', 'heap Δ MB', 'ready s', 'error'],
            rows: [
              ['* (every file tracked)', all.rssMb, all.heapMb, all.readySeconds, all.error ?? '—'],
              ['*.nothing (no file tracked)', none.rssMb, none.heapMb, none.readySeconds, none.error ?? '—'],
            ],
            notes: [
              'Δ: after a forced GC, from before the rule was saved until its watch was ready.',
              '@parcel/watcher keeps one inotify watch per folder on Linux and the file tree in native memory.',
            ],
          },
        ],
        data: { samples, files, dirs, lat10, lat100, all, none },
      };
    } finally {
      await engine.stop(1000);
      work.dispose();
    }
  },
};
