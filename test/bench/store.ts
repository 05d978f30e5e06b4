/**
 * Store (docs/performance.md, "Store"): with a million events (and their evaluation rows) and a million
 * executions, the latency of the list queries the UI issues — first page of every filter —
 * through the repositories and over REST, against the pre-issue-5 query shapes (store-naive.ts)
 * on the same database; and the database size per million events. Every fast page is checked
 * against the baseline's page and total, so a speed-up cannot hide a wrong answer.
 */
import fs from 'node:fs';
import { serve } from '../../core/host/serve.ts';
import { silentLogger } from '../../core/model/logger.ts';
import { COUNT_WINDOW } from '../../core/store/bounded-count.ts';
import { listEvents, listExecutions, openStore, type ReadHandle } from '../../core/store/index.ts';
import type { Bench } from './bench.ts';
import { median, ratio } from './stats.ts';
import { restQuery, type StoreCase, storeCases } from './store-cases.ts';
import { storeFixture } from './store-fixture.ts';
import { naiveEvents, naiveExecutions } from './store-naive.ts';
import type { SeedShape } from './store-seed.ts';
import { sizeByGroup } from './store-size.ts';
import { type Cell, fmt } from './table.ts';

const TARGET_MS = 20;
const PAGE = { page: 1, page_size: 50 };

interface CaseResult {
  name: string;
  cold_ms: number;
  store_ms: number[];
  rest_ms: number[];
  baseline_ms: number[];
  total: number;
  total_exact: boolean;
  baseline_total: number;
}

function time(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function fast(h: ReadHandle, c: StoreCase, page = PAGE): { ids: number[]; total: number; exact: boolean } {
  const r = c.list === 'events' ? listEvents(h, c.filter, page) : listExecutions(h, c.filter, page);
  return { ids: r.items.map((i) => i.id), total: r.total, exact: r.total_exact !== false };
}

function naive(h: ReadHandle, c: StoreCase, page = PAGE, search: 'like' | 'fts' = 'like') {
  return c.list === 'events' ? naiveEvents(h, c.filter, page, search) : naiveExecutions(h, c.filter, page);
}

/**
 * The fast path must return the baseline's page, and its total: exact, or flagged as a lower
 * bound that covers the page and one past it when there is a next page.
 */
function check(h: ReadHandle, c: StoreCase): number {
  let baselineTotal = 0;
  for (const page of [PAGE, { page: 3, page_size: 50 }]) {
    const a = fast(h, c, page);
    const b = naive(h, c, page, 'fts');
    const covered = Math.min(b.total, page.page * page.page_size + 1);
    const totalOk = a.exact ? a.total === b.total : a.total <= b.total && a.total >= covered;
    if (a.ids.join() !== b.ids.join() || !totalOk) {
      throw new Error(
        `${c.name}, page ${page.page}: got ${a.ids.slice(0, 5)}… total ${a.total}${a.exact ? '' : '+'}; ` +
          `expected ${b.ids.slice(0, 5)}… total ${b.total}`,
      );
    }
    if (page === PAGE) baselineTotal = b.total;
  }
  return baselineTotal;
}

async function measure(
  dataDir: string,
  file: string,
  cases: StoreCase[],
  runs: number,
  baselineRuns: number,
) {
  const results: CaseResult[] = [];
  const cold = openStore({ file });
  const coldMs = cases.map((c) => time(() => fast(cold.read, c)));
  cold.close();
  const store = openStore({ file });
  try {
    cases.forEach((c, i) => {
      const baseline_total = check(store.read, c);
      const store_ms = Array.from({ length: runs }, () => time(() => fast(store.read, c)));
      const baseline_ms = Array.from({ length: baselineRuns }, () => time(() => naive(store.read, c)));
      results.push({
        name: c.name,
        cold_ms: coldMs[i] as number,
        store_ms,
        rest_ms: [],
        baseline_ms,
        total: fast(store.read, c).total,
        total_exact: fast(store.read, c).exact,
        baseline_total,
      });
    });
  } finally {
    store.close();
  }
  const host = await serve({ dataDir, port: 0, logger: silentLogger, uiDir: null });
  try {
    for (const [i, c] of cases.entries()) {
      const url = `${host.url}${restQuery(c, PAGE)}`;
      const get = async () => {
        const t0 = performance.now();
        const res = await fetch(url, { headers: { authorization: `Bearer ${host.token}` } });
        await res.json();
        if (res.status !== 200) throw new Error(`${c.name}: REST ${res.status}`);
        return performance.now() - t0;
      };
      await get();
      for (let r = 0; r < runs; r++) (results[i] as CaseResult).rest_ms.push(await get());
    }
    const sizes = sizeByGroup(host.engine.store.read);
    return { results, sizes };
  } finally {
    await host.close(1000);
  }
}

export const storeBench: Bench = {
  name: 'store',
  description: 'event-log and executions list latency with a million events and executions, database size',
  async run(o) {
    const shape: SeedShape = o.quick
      ? { events: 100_000, executions: 100_000, triggers: 300, days: 30 }
      : { events: 1_000_000, executions: 1_000_000, triggers: 300, days: 30 };
    const runs = o.quick ? 5 : 20;
    const fx = storeFixture(o, shape);
    const probe = openStore({ file: fx.file });
    const range = probe.read.stmt('SELECT MIN(created) AS a, MAX(created) AS b FROM events').get() as {
      a: number;
      b: number;
    };
    probe.close();
    const cases = storeCases(Math.round((range.a + range.b) / 2));
    const { results, sizes } = await measure(fx.dataDir, fx.file, cases, runs, o.quick ? 2 : 3);
    const fileBytes = fs.statSync(fx.file).size;
    const perMillion = (b: number) => b / (shape.events / 1_000_000) / 2 ** 20;
    const rows: Cell[][] = results.map((r) => {
      const s = median(r.store_ms);
      const rest = median(r.rest_ms);
      const base = median(r.baseline_ms);
      return [
        r.name,
        r.total_exact ? r.total : `${fmt(r.total)}+`,
        s,
        rest,
        r.cold_ms,
        base,
        ratio(base, s),
        Math.max(s, rest) < TARGET_MS ? 'yes' : 'NO',
      ];
    });
    return {
      tables: [
        {
          title: `Store: first page (50) of each list, ${fmt(shape.events)} events / ${fmt(shape.executions)} executions (ms, median of ${runs})`,
          columns: [
            'query',
            'total_items',
            'store',
            'REST',
            'store, cold',
            'before',
            'speed-up',
            `< ${TARGET_MS} ms`,
          ],
          rows,
          notes: [
            'store: the repository call (ids, bounded count, rows, JSON decode); REST: GET /api/v1/… on loopback with the envelope.',
            'store, cold: the first call on a newly opened connection (statements unprepared, SQLite cache empty; OS cache warm).',
            `before: the pre-issue-5 query shapes (exact COUNT(*), IN-subqueries; text search as payload LIKE), median of ${o.quick ? 2 : 3}.`,
            `total_items "N+": a lower bound (total_is_lower_bound) — one filter counts at most offset + ${fmt(COUNT_WINDOW)} matches, combined filters stop after ~5,000 index seeks (core/store/event-query.ts, indexed-filter.ts).`,
          ],
        },
        {
          title: `Store: database size (${fmt(shape.events)} events)`,
          columns: ['part', 'MB', 'MB per 1,000,000 events'],
          rows: [
            ...sizes.map((s) => [s.group, s.bytes / 2 ** 20, perMillion(s.bytes)]),
            ['whole file', fileBytes / 2 ** 20, perMillion(fileBytes)],
          ],
          notes: [
            `rows: ${Object.entries(fx.counts ?? {})
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join(
                ', ',
              )}; generated in ${fx.generatedSeconds === null ? '(cached)' : `${fmt(fx.generatedSeconds)} s`}.`,
          ],
        },
      ],
      data: {
        shape,
        counts: fx.counts,
        generated_seconds: fx.generatedSeconds,
        file_bytes: fileBytes,
        sizes,
        results,
      },
    };
  },
};
