/**
 * What the UI benchmark measures inside the page: scripts handed to Chromium (playwright-core's
 * `evaluate`/`addInitScript`), so they are plain functions with no imports. The event log's
 * markup they read is `renderer/src/views/events/event-log-list.tsx`'s: a scroller `.ev-scroll`
 * whose rows `tr.ev-row` start with a link `#<id>`.
 */

/** Installed before the page's own scripts: notes when the first event rows reach the screen. */
export function firstRowsProbe(): void {
  const w = window as unknown as { __firstRowsMs?: number };
  const seen = () => {
    if (!document.querySelector('tr.ev-row')) return;
    obs.disconnect();
    // The frame that paints them: the next animation frame after they are in the DOM.
    requestAnimationFrame(() => {
      w.__firstRowsMs = performance.now();
    });
  };
  const obs = new MutationObserver(seen);
  obs.observe(document, { subtree: true, childList: true });
}

export interface ScrollSample {
  /** Animation-frame deltas while scrolling (ms). */
  frames: number[];
  /** DOM element counts, every 20 frames. */
  nodes: number[];
  rowsPassed: number;
  ms: number;
}

/**
 * Scrolls `.ev-scroll` down by `stepRows` rows a frame until `rows` rows have passed the top
 * of the view (counted by event id, so dropped and re-read pages do not confuse it) or
 * `timeoutMs` is up; records every frame's delta and, every 20 frames, the DOM size.
 */
export function scrollRows(a: {
  rows: number;
  stepRows: number;
  rowHeight: number;
  timeoutMs: number;
}): Promise<ScrollSample> {
  const sc = document.querySelector<HTMLElement>('.ev-scroll');
  if (!sc) throw new Error('no .ev-scroll on the page');
  const topId = (): number => {
    const top = sc.getBoundingClientRect().top + a.rowHeight;
    for (const tr of sc.querySelectorAll<HTMLElement>('tr.ev-row')) {
      if (tr.getBoundingClientRect().bottom > top)
        return Number(tr.querySelector('a')?.textContent?.slice(1));
    }
    return Number.NaN;
  };
  const first = topId();
  const frames: number[] = [];
  const nodes: number[] = [];
  let passed = 0;
  return new Promise((resolve) => {
    let last = 0;
    let t0 = 0;
    const tick = (now: number) => {
      if (t0 === 0) t0 = now;
      else frames.push(now - last);
      last = now;
      if (frames.length % 10 === 0) {
        const id = topId();
        if (Number.isFinite(id)) passed = first - id;
      }
      if (frames.length % 20 === 0) nodes.push(document.getElementsByTagName('*').length);
      if (passed >= a.rows || now - t0 > a.timeoutMs) {
        resolve({ frames, nodes, rowsPassed: passed, ms: now - t0 });
        return;
      }
      sc.scrollTop += a.stepRows * a.rowHeight;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The id of the top event row drawn now (NaN when none). */
export function newestRowId(): number {
  const a = document.querySelector('tr.ev-row a');
  return Number(a?.textContent?.slice(1));
}

/** Bytes of JavaScript the page loaded so far (decoded), and how many files. */
export function scriptBytes(): { bytes: number; files: number } {
  const js = performance
    .getEntriesByType('resource')
    .filter((e) => new URL(e.name).pathname.endsWith('.js')) as PerformanceResourceTiming[];
  return { bytes: js.reduce((n, e) => n + e.decodedBodySize, 0), files: js.length };
}

/** Counts long tasks (> 50 ms) from now on, in `window.__longTasks`. */
export function countLongTasks(): void {
  const w = window as unknown as { __longTasks: number };
  w.__longTasks = 0;
  new PerformanceObserver((l) => {
    w.__longTasks += l.getEntries().length;
  }).observe({ type: 'longtask', buffered: false });
}

/**
 * The baseline page for scrolling: the same table markup and row height with every one of `n`
 * rows in the DOM and no script — what the browser alone costs to scroll that many rows.
 */
export function staticLogHtml(n: number, rowHeight: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = n - i;
    rows.push(
      `<tr class="ev-row" style="height:${rowHeight}px"><td><a href="#">#${id}</a></td><td>2 min ago</td>` +
        `<td>local.order-${id % 300}</td><td><span>fired</span> local.order-rule</td>` +
        `<td>{"order":{"id":${id},"total":12.5},"status":"paid"}</td></tr>`,
    );
  }
  return `<!doctype html><html><head><style>
    body{margin:0;font:14px system-ui}
    .ev-scroll{height:600px;overflow:auto}
    table{border-collapse:collapse;width:100%;table-layout:fixed}
    td{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:0 8px;border-bottom:1px solid #ddd}
  </style></head><body><div class="ev-scroll"><table><thead><tr><th>Event</th><th>Time</th><th>Trigger</th>
  <th>Outcome</th><th>Payload</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></body></html>`;
}
