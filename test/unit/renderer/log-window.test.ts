/**
 * The event log's window over cursor pages (docs/renderer.md "Event log"): pages continue below
 * the last row read, the first page anchors at its newest row so it reads alike when read again,
 * dropped pages are found again by their cursors, and new rows are merged only at the top, the
 * window restarting at the newest rows once the first page would grow too long. Rows kept from
 * one window to the next stay where they were on screen: by the pad above the window while it
 * can, by a scroll when it cannot.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  atTop,
  CursorChain,
  FIRST_PARAM,
  type LogData,
  type LogPage,
  type LogParam,
  MAX_FIRST_PAGE,
  MAX_PAD,
  mergeNewer,
  newestId,
  newestKnownId,
  PAGE_SIZE,
  placeWindow,
  rowShift,
  windowRows,
} from '../../../renderer/src/domain/log-window.ts';

type Row = { id: number };
const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: from - i }));
const page = (items: Row[], hasNext = true): LogPage<Row> => ({
  items,
  total: 1000,
  lowerBound: false,
  hasNext,
});

test('the next page is read below the last row; the end of the log has none', () => {
  const chain = new CursorChain();
  const first = page(rows(1000, PAGE_SIZE));
  chain.record(FIRST_PARAM, first);
  assert.deepEqual(chain.next(first, FIRST_PARAM), { before: 901, depth: 1 });
  assert.equal(chain.next(page(rows(50, 50), false), { before: 51, depth: 9 }), undefined);
  assert.equal(chain.next(page([], true), FIRST_PARAM), undefined);
});

test('the first page anchors at its newest row, so reading it again skips what arrived since', () => {
  const chain = new CursorChain();
  chain.record(FIRST_PARAM, page(rows(1000, PAGE_SIZE)));
  chain.next(page(rows(1000, PAGE_SIZE)), FIRST_PARAM);
  assert.deepEqual(chain.previous({ before: 901, depth: 1 }), { before: 1001, depth: 0 });
  assert.equal(chain.previous(FIRST_PARAM), undefined, 'nothing above the top');
});

test('a page dropped from the window is found again with the cursor it was read with', () => {
  const chain = new CursorChain();
  let param = FIRST_PARAM;
  let p = page(rows(5000, PAGE_SIZE));
  chain.record(param, p);
  const params = [param];
  for (let i = 0; i < 15; i++) {
    param = chain.next(p, param) ?? assert.fail('a next page');
    p = page(rows((param.before ?? 0) - 1, PAGE_SIZE));
    chain.record(param, p);
    params.push(param);
  }
  // Scrolled back up from depth 15 to the top, one page at a time: the same cursors, and the
  // first page at its anchor (its newest row + 1) rather than at "the newest".
  const expected = [{ before: 5001, depth: 0 }, ...params.slice(1)];
  for (let d = 15; d > 0; d--) assert.deepEqual(chain.previous(params[d] as LogParam), expected[d - 1]);
});

test('new rows join the first page and only rows newer than the top count', () => {
  const chain = new CursorChain();
  const data: LogData<Row> = {
    pages: [page(rows(100, 50)), page(rows(50, 50))],
    pageParams: [FIRST_PARAM, { before: 51, depth: 1 }],
  };
  const merged = mergeNewer(data, [{ id: 103 }, { id: 102 }, { id: 101 }, { id: 100 }], chain);
  assert.deepEqual(windowRows(merged).slice(0, 4), [{ id: 103 }, { id: 102 }, { id: 101 }, { id: 100 }]);
  assert.equal(windowRows(merged).length, 103);
  assert.equal(merged.pages[0]?.total, 1003);
  assert.equal(newestId(merged), 103);
  assert.deepEqual(chain.previous({ before: 51, depth: 1 }), { before: 104, depth: 0 });
  assert.equal(mergeNewer(merged, [{ id: 90 }], chain), merged, 'nothing newer: unchanged');
});

test('a first page grown past its limit restarts the window at the newest rows', () => {
  const chain = new CursorChain();
  const data: LogData<Row> = {
    pages: [page(rows(MAX_FIRST_PAGE, MAX_FIRST_PAGE)), page(rows(0, 0))],
    pageParams: [FIRST_PARAM, { before: 1, depth: 1 }],
  };
  const merged = mergeNewer(data, rows(MAX_FIRST_PAGE + 5, 5), chain);
  assert.equal(merged.pages.length, 1);
  assert.equal(windowRows(merged).length, PAGE_SIZE);
  assert.equal(newestId(merged), MAX_FIRST_PAGE + 5);
  assert.ok(merged.pages[0]?.hasNext);
  assert.ok(atTop(merged));
  assert.deepEqual(chain.next(merged.pages[0] as LogPage<Row>, FIRST_PARAM), {
    before: MAX_FIRST_PAGE + 5 - PAGE_SIZE + 1,
    depth: 1,
  });
});

test('a window whose first pages were dropped is not at the top', () => {
  assert.equal(atTop({ pages: [page(rows(10, 10))], pageParams: [{ before: 11, depth: 3 }] }), false);
  assert.equal(atTop(undefined), true);
});

const H = 40;
const away = { rowHeight: H, atTop: false, following: false };

test('how far the rows kept moved: by the rows dropped above them, or read above them', () => {
  const window = rows(1000, 1000);
  assert.equal(rowShift(window, [...rows(900, 900), ...rows(0, 0)]), 100, 'first page dropped');
  assert.equal(rowShift(rows(900, 900), window), -100, 'a page read above');
  assert.equal(rowShift(window, rows(1000, 1000)), 0, 'same rows');
  assert.equal(rowShift(window, rows(5000, 100)), null, 'nothing in common');
  assert.equal(rowShift(window, []), null, 'an empty window');
  assert.equal(rowShift([], window), null, 'from an empty window');
});

test('a page dropped above the view grows the pad by its height, and nothing scrolls', () => {
  const before = rows(1000, 1000);
  const after = rows(900, 1000);
  assert.deepEqual(placeWindow(before, 0, after, away), { pad: 100 * H, scrollBy: 0 });
  assert.deepEqual(placeWindow(before, 8000, after, away), { pad: 12_000, scrollBy: 0 });
});

test('a page read above the view shrinks the pad; with no pad left, the view scrolls instead', () => {
  const before = rows(900, 1000);
  const after = rows(1000, 1000);
  assert.deepEqual(placeWindow(before, 12_000, after, away), { pad: 8000, scrollBy: 0 });
  assert.deepEqual(placeWindow(before, 0, after, away), { pad: 0, scrollBy: 100 * H });
  assert.deepEqual(placeWindow(before, 1000, after, away), { pad: 0, scrollBy: 100 * H - 1000 });
});

test('past its limit the pad goes back to 0 once, the view scrolling by as much', () => {
  const before = rows(1000, 1000);
  const after = rows(900, 1000);
  const near = MAX_PAD - 50 * H;
  assert.deepEqual(placeWindow(before, near, after, away), { pad: 0, scrollBy: -(near + 100 * H) });
  assert.deepEqual(placeWindow(before, MAX_PAD - 100 * H, after, away), { pad: MAX_PAD, scrollBy: 0 });
});

test('a window holding the newest row starts at the top', () => {
  // Read back to the top with a pad that does not come out at 0 (pages read again differ).
  const before = rows(900, 1000);
  const after = rows(1000, 1000);
  assert.deepEqual(placeWindow(before, 6000, after, { ...away, atTop: true }), { pad: 0, scrollBy: -2000 });
  // At the top with the user there, new rows flow in above and push the rest down.
  assert.deepEqual(
    placeWindow(rows(100, 100), 0, rows(103, 103), { ...away, atTop: true, following: true }),
    {
      pad: 0,
      scrollBy: 0,
    },
  );
  // At the top with the user further down, the rows in view stay put.
  assert.deepEqual(placeWindow(rows(100, 100), 0, rows(103, 103), { ...away, atTop: true }), {
    pad: 0,
    scrollBy: 3 * H,
  });
});

test('a window that shares no row with the last one starts at the top, where the view is', () => {
  assert.deepEqual(placeWindow(rows(1000, 1000), 40_000, rows(5000, 50), away), { pad: 0, scrollBy: 0 });
});

test('deep in the log, rows are new only above the newest the log read, not above the window', () => {
  const chain = new CursorChain();
  chain.record(FIRST_PARAM, page(rows(1000, PAGE_SIZE)));
  const top: LogData<Row> = { pages: [page(rows(1000, PAGE_SIZE))], pageParams: [FIRST_PARAM] };
  assert.equal(newestKnownId(top, chain), 1000);
  // The first three pages dropped: the window starts at 700, and 701–1000 are not new.
  const deep: LogData<Row> = { pages: [page(rows(700, PAGE_SIZE))], pageParams: [{ before: 701, depth: 3 }] };
  assert.equal(newestKnownId(deep, chain), 1000);
  // Merged up to 1003 at the top earlier: counted above that.
  mergeNewer(top, rows(1003, 3), chain);
  assert.equal(newestKnownId(deep, chain), 1003);
});
