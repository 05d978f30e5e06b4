/**
 * UI (docs/performance.md "UI"): the built renderer in Chromium (playwright-core, Debian's
 * /usr/bin/chromium) against a headless host holding a million events — time from navigation to
 * the first event rows, frame times while scrolling 10,000 rows, DOM size while scrolling, the
 * main thread's busy share while 100 events/s arrive live, and the JavaScript the first view
 * loads. Each against a baseline in the same run: the same navigation on a thousand events, the
 * same scroll on a plain table with every row in the DOM, the same page idle, the whole build.
 */
import os from 'node:os';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Bench, BenchOptions } from './bench.ts';
import { median, percentile, ratio } from './stats.ts';
import { type Cell, fmt } from './table.ts';
import {
  benchWebhook,
  builtRenderer,
  builtScriptBytes,
  hostOn,
  sendEvents,
  type UiHost,
} from './ui-fixture.ts';
import {
  countLongTasks,
  firstRowsProbe,
  newestRowId,
  type ScrollSample,
  scriptBytes,
  scrollRows,
  staticLogHtml,
} from './ui-page.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROW_HEIGHT = 40;
const TARGET = { firstRowsMs: 500, p95FrameMs: 16, liveBusy: 0.3 };
const LIVE_RATE = 100;

// tsx names functions with an `__name` helper; the page needs it to run them.
const NAME_SHIM = 'globalThis.__name = (f) => f;';

/** Chromium; `uncapped` makes frames as fast as they can be made (for the scroll's frame times). */
async function launch(uncapped: boolean): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      // Frames as fast as they can be made, so a frame's delta is its cost, not the 60 Hz vsync.
      ...(uncapped ? ['--disable-frame-rate-limit', '--disable-gpu-vsync'] : []),
    ],
  });
}

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(NAME_SHIM);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('close', () => {
    if (errors.length) console.log(`(page errors: ${errors.slice(0, 3).join(' | ')})`);
  });
  return { context, page };
}

/** Opens the log in a fresh context (cold cache) through the printed link; ms to the first rows. */
async function firstRows(
  browser: Browser,
  h: UiHost,
): Promise<{ ms: number; js: { bytes: number; files: number } }> {
  const { context, page } = await newPage(browser);
  await page.addInitScript(firstRowsProbe);
  await page.goto(`${h.host.url}/#token=${h.host.token}&route=${encodeURIComponent('/events')}`);
  await page.waitForFunction(
    () => (window as { __firstRowsMs?: number }).__firstRowsMs !== undefined,
    undefined,
    {
      timeout: 30_000,
    },
  );
  const ms = await page.evaluate(() => (window as unknown as { __firstRowsMs: number }).__firstRowsMs);
  const js = await page.evaluate(scriptBytes);
  await context.close();
  return { ms, js };
}

async function scrollSample(page: Page, rows: number): Promise<ScrollSample> {
  await page.waitForSelector('tr.ev-row');
  // Let the first view settle (its chunk, the first page, the live edge query).
  await page.waitForTimeout(1000);
  return page.evaluate(scrollRows, { rows, stepRows: 5, rowHeight: ROW_HEIGHT, timeoutMs: 180_000 });
}

/** Main-thread task time over wall time while `during` runs (Chromium's Performance metrics). */
async function busyShare(
  page: Page,
  during: () => Promise<unknown>,
): Promise<{ share: number; longTasks: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    return { task: m.TaskDuration ?? 0, at: m.Timestamp ?? 0 };
  };
  await page.evaluate(countLongTasks);
  const a = await read();
  await during();
  const b = await read();
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number }).__longTasks);
  return { share: (b.task - a.task) / (b.at - a.at), longTasks };
}

async function measure(o: BenchOptions) {
  const uiDir = builtRenderer();
  const runs = o.quick ? 3 : 7;
  const scrollRowsCount = o.quick ? 2_000 : 10_000;
  const liveSeconds = o.quick ? 10 : 30;
  const big = {
    events: o.quick ? 100_000 : 1_000_000,
    executions: o.quick ? 10_000 : 100_000,
    triggers: 300,
    days: 30,
  };
  const small = { events: 1_000, executions: 100, triggers: 30, days: 1 };
  const load = [os.loadavg()[0] as number];
  // First rows and the live phase at the display's usual 60 Hz; the scroll uncapped.
  const browser = await launch(false);
  const fast = await launch(true);
  try {
    const step = (what: string) => console.log(`(${new Date().toISOString().slice(11, 19)} ${what})`);
    step('first rows on the small host');
    const baseHost = await hostOn(o, small, uiDir);
    const baseFirst: number[] = [];
    try {
      for (let i = 0; i < runs; i++) baseFirst.push((await firstRows(browser, baseHost)).ms);
    } finally {
      await baseHost.close();
    }
    step(`the ${fmt(big.events)}-event host`);
    const h = await hostOn(o, big, uiDir);
    step('first rows');
    try {
      const first: number[] = [];
      let js = { bytes: 0, files: 0 };
      for (let i = 0; i < runs; i++) {
        const r = await firstRows(browser, h);
        first.push(r.ms);
        js = r.js;
      }

      step('scrolling');
      const { context, page } = await newPage(fast);
      await page.goto(`${h.host.url}/#token=${h.host.token}&route=${encodeURIComponent('/events')}`);
      const scroll = await scrollSample(page, scrollRowsCount);

      await context.close();

      // Live: a fresh tab at the top of the log (the live edge), idle, then 100 events/s.
      const { context: liveContext, page: livePage } = await newPage(browser);
      await livePage.goto(`${h.host.url}/#token=${h.host.token}&route=${encodeURIComponent('/events')}`);
      await livePage.waitForSelector('tr.ev-row');
      await livePage.waitForTimeout(1000);
      const url = await benchWebhook(h.host, 'bench_ui');
      step('idle, then live');
      const idle = await busyShare(livePage, () => livePage.waitForTimeout(liveSeconds * 1000));
      let sent = 0;
      const live = await busyShare(livePage, async () => {
        sent = await sendEvents(url, LIVE_RATE, liveSeconds);
      });
      await livePage.waitForTimeout(1000);
      const newest = await livePage.evaluate(newestRowId);
      await liveContext.close();

      step('the plain-table baseline');
      const base = await newPage(fast);
      await base.page.setContent(staticLogHtml(scrollRowsCount, ROW_HEIGHT));
      await base.page.evaluate(NAME_SHIM);
      const baseScroll = await base.page.evaluate(scrollRows, {
        rows: scrollRowsCount - 20,
        stepRows: 5,
        rowHeight: ROW_HEIGHT,
        timeoutMs: 180_000,
      });
      await base.context.close();
      load.push(os.loadavg()[0] as number);
      return {
        runs,
        events: h.events,
        seededSeconds: h.seededSeconds,
        first,
        baseFirst,
        js,
        wholeBuild: builtScriptBytes(uiDir),
        scroll,
        baseScroll,
        idle,
        live,
        sent,
        newest,
        liveSeconds,
        load,
      };
    } finally {
      await h.close();
    }
  } finally {
    await fast.close();
    await browser.close();
  }
}

export const uiBench: Bench = {
  name: 'ui',
  description:
    'the built renderer in Chromium on a million events: first rows, scrolling, live updates, JS shipped',
  async run(o) {
    const m = await measure(o);
    const p95 = percentile(m.scroll.frames, 95);
    const baseP95 = percentile(m.baseScroll.frames, 95);
    const maxNodes = Math.max(...m.scroll.nodes);
    const baseNodes = Math.max(...m.baseScroll.nodes);
    const yes = (ok: boolean) => (ok ? 'yes' : 'no');
    const rows: Cell[][] = [
      [
        `navigation → first event rows (ms, median of ${m.runs}, cold cache)`,
        fmt(median(m.first)),
        fmt(median(m.baseFirst)),
        ratio(median(m.first), median(m.baseFirst)),
        `< ${TARGET.firstRowsMs}`,
        yes(median(m.first) < TARGET.firstRowsMs),
      ],
      [
        `frame time while scrolling ${fmt(m.scroll.rowsPassed)} rows, p95 (ms; median ${fmt(median(m.scroll.frames), 2)})`,
        fmt(p95, 2),
        fmt(baseP95, 2),
        ratio(p95, baseP95),
        `< ${TARGET.p95FrameMs}`,
        yes(p95 < TARGET.p95FrameMs),
      ],
      [
        'DOM elements while scrolling, most',
        fmt(maxNodes, 0),
        fmt(baseNodes, 0),
        ratio(maxNodes, baseNodes),
        'bounded',
        yes(maxNodes < 2 * (m.scroll.nodes[0] ?? maxNodes)),
      ],
      [
        `main thread busy, ${LIVE_RATE} events/s live for ${m.liveSeconds} s (long tasks: ${m.live.longTasks})`,
        `${fmt(m.live.share * 100)}%`,
        `${fmt(m.idle.share * 100)}%`,
        ratio(m.live.share, m.idle.share),
        `< ${TARGET.liveBusy * 100}%`,
        yes(m.live.share < TARGET.liveBusy),
      ],
      [
        `JS loaded for the first view (KiB, ${m.js.files} files)`,
        fmt(m.js.bytes / 1024),
        fmt(m.wholeBuild / 1024),
        ratio(m.js.bytes, m.wholeBuild),
        '—',
        '—',
      ],
    ];
    return {
      tables: [
        {
          title: `UI: the event log on ${fmt(m.events)} events (Chromium, headless)`,
          columns: ['measure', 'value', 'baseline', 'vs baseline', 'target', 'met'],
          rows,
          notes: [
            'baselines, same run: first rows on a 1,000-event host; scrolling and DOM size on a plain table with every',
            'row in the DOM and no script; busy share of the same page idle for as long; JS of the whole build.',
            `scrolling with frames uncapped (--disable-frame-rate-limit), so a delta is a frame's cost; ${m.scroll.frames.length} frames in ${fmt(m.scroll.ms / 1000)} s; the rest at 60 Hz.`,
            `live: ${m.sent} events accepted; the log's top row at the end #${m.newest} (the newest event: #${m.events + m.sent}).`,
            `load average ${m.load.map((x) => x.toFixed(1)).join(' → ')} (a shared machine).`,
            m.seededSeconds === null
              ? 'seeded database reused from the cache.'
              : `seeded database generated in ${fmt(m.seededSeconds)} s (cached for later runs).`,
          ],
        },
      ],
      data: m as unknown as Record<string, unknown>,
    };
  },
};
