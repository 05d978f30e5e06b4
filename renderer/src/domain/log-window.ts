/**
 * A window over a long log read by cursor (the event log over `events.list` `before`/`after`):
 * pages of newest-first rows, each read below the last id of the page before it, at most
 * MAX_PAGES kept. Going back up after the window dropped its first pages needs the cursors they
 * were read with, so the chain of cursors is remembered (a number per page, never the rows).
 * Rows that arrived since are merged in only at the live edge; elsewhere they are counted.
 */

/** Rows per page read. */
export const PAGE_SIZE = 100;
/** Pages kept; older ones are dropped from the far end and read again when scrolled back to. */
export const MAX_PAGES = 10;
/** Rows the first page may grow to at the live edge before the window restarts from the newest. */
export const MAX_FIRST_PAGE = 2 * PAGE_SIZE;

/** Where a page is read: below `before` (null: the newest), the `depth`-th page of the log. */
export interface LogParam {
  before: number | null;
  depth: number;
}

export interface LogPage<T extends { id: number }> {
  items: T[];
  /** Matches at or below this page's cursor (a lower bound when `lowerBound`). */
  total: number;
  lowerBound: boolean;
  /** More rows exist below this page. */
  hasNext: boolean;
}

export interface LogData<T extends { id: number }> {
  pages: Array<LogPage<T>>;
  pageParams: LogParam[];
}

export const FIRST_PARAM: LogParam = { before: null, depth: 0 };

/** The cursors pages were read with, by depth, so dropped pages can be read again alike. */
export class CursorChain {
  private readonly befores = new Map<number, number | null>();

  /** Remembers where the page at `depth` starts. */
  set(depth: number, before: number | null): void {
    this.befores.set(depth, before);
  }

  get(depth: number): number | null | undefined {
    return this.befores.get(depth);
  }

  /** Remembers a page once read: the first page anchors at its newest row, so it reads alike later. */
  record<T extends { id: number }>(param: LogParam, page: LogPage<T>): void {
    if (param.depth === 0 && param.before === null) {
      const first = page.items[0];
      this.set(0, first ? first.id + 1 : null);
    } else {
      this.set(param.depth, param.before);
    }
  }

  /** The page after `last` (older rows), or undefined at the end of the log. */
  next<T extends { id: number }>(last: LogPage<T>, lastParam: LogParam): LogParam | undefined {
    const row = last.items.at(-1);
    if (!last.hasNext || !row) return undefined;
    const param = { before: row.id, depth: lastParam.depth + 1 };
    this.set(param.depth, param.before);
    return param;
  }

  /** The page before `firstParam` (newer rows, dropped earlier), or undefined at the top. */
  previous(firstParam: LogParam): LogParam | undefined {
    if (firstParam.depth === 0) return undefined;
    const before = this.get(firstParam.depth - 1);
    return before === undefined ? undefined : { before, depth: firstParam.depth - 1 };
  }
}

/** Every row of the window, newest first. */
export function windowRows<T extends { id: number }>(data: LogData<T> | undefined): T[] {
  return data ? data.pages.flatMap((p) => p.items) : [];
}

/** True when the window starts at the top of the log (nothing newer than it was dropped). */
export function atTop<T extends { id: number }>(data: LogData<T> | undefined): boolean {
  return !data || (data.pageParams[0]?.depth ?? 0) === 0;
}

/** The id newer rows are counted above: the window's newest row (0 for an empty log). */
export function newestId<T extends { id: number }>(data: LogData<T> | undefined): number {
  return data?.pages[0]?.items[0]?.id ?? 0;
}

/**
 * The id rows newer than the log are counted above. At the top it is the window's newest row;
 * deeper, the window's first rows are not the log's newest (the pages above them were dropped,
 * and are not new), so it is the newest row the log's first page was read or merged up to.
 */
export function newestKnownId<T extends { id: number }>(
  data: LogData<T> | undefined,
  chain: CursorChain,
): number {
  if (atTop(data)) return newestId(data);
  const firstBefore = chain.get(0);
  return typeof firstBefore === 'number' ? firstBefore - 1 : newestId(data);
}

/**
 * `newer` (rows above the window's newest, newest first) merged into the first page. When the
 * first page would grow past MAX_FIRST_PAGE the window restarts at the newest rows: one page,
 * the rest read again by cursor when scrolled to.
 */
export function mergeNewer<T extends { id: number }>(
  data: LogData<T>,
  newer: readonly T[],
  chain: CursorChain,
): LogData<T> {
  const first = data.pages[0];
  const top = newestId(data);
  const fresh = newer.filter((r) => r.id > top);
  if (!first || fresh.length === 0) return data;
  const items = [...fresh, ...first.items];
  const added = { total: first.total + fresh.length, lowerBound: first.lowerBound };
  chain.set(0, (items[0] as T).id + 1);
  if (items.length <= MAX_FIRST_PAGE) {
    return { pages: [{ ...first, ...added, items }, ...data.pages.slice(1)], pageParams: data.pageParams };
  }
  const kept = items.slice(0, PAGE_SIZE);
  return {
    pages: [{ ...first, ...added, items: kept, hasNext: true }],
    pageParams: [{ before: null, depth: 0 }],
  };
}

/**
 * Pixels above the window's first row that stand for the rows dropped above it. A page dropped
 * from the top then grows this by its height instead of moving every row (and the scroll
 * position) up: the rows in view keep their place on screen and in the scroller, so nothing is
 * laid out or painted again. Past MAX_PAD the window is placed at the top again, once.
 */
export const MAX_PAD = 1_000_000;

/** Where the window's rows start (`pad`) and how far to scroll so the rows kept stay in view. */
export interface Placement {
  pad: number;
  scrollBy: number;
}

/**
 * How far rows moved from one window to the next, in rows: positive when rows were dropped
 * above them, negative when rows were read above them, null when the windows share no row (a
 * new filter, or the log restarted at its newest rows). Both are newest first, so one row says it.
 */
export function rowShift<T extends { id: number }>(before: readonly T[], after: readonly T[]): number | null {
  const head = after[0];
  if (!head) return null;
  const dropped = before.findIndex((r) => r.id === head.id);
  if (dropped >= 0) return dropped;
  const oldHead = before[0];
  const read = oldHead ? after.findIndex((r) => r.id === oldHead.id) : -1;
  return read >= 0 ? -read : null;
}

/**
 * Places the window `after` that replaced `before` (placed at `pad`). Rows common to both stay
 * where they were, by the pad alone when it can (never below 0 nor above MAX_PAD), else by
 * scrolling. A window holding the log's newest row starts at the top (pad 0): then, when the
 * user sits at the top (`following`), rows read above flow in and push the others down.
 */
export function placeWindow<T extends { id: number }>(
  before: readonly T[],
  pad: number,
  after: readonly T[],
  o: { rowHeight: number; atTop: boolean; following: boolean },
): Placement {
  const shift = rowShift(before, after);
  if (shift === null || (o.atTop && o.following)) return { pad: 0, scrollBy: 0 };
  const wanted = pad + shift * o.rowHeight;
  const placed = o.atTop || wanted < 0 || wanted > MAX_PAD ? 0 : wanted;
  return { pad: placed, scrollBy: placed - wanted };
}
