/**
 * How the event log finds a filtered page without scanning a million rows
 * (docs/performance.md, "Store"). One filter drives (event-streams.ts): its index yields candidate ids
 * newest first, every other filter checks each candidate, and the page stops after a page's
 * worth of hits. With several filters, each is probed first — its ids counted up to PROBE, well
 * under a millisecond — and the plan follows from the sizes: a filter with fewer than PROBE ids
 * is checked against a list of them built once, a larger one by an index seek per candidate,
 * and the driver is the filter whose candidates cost least to check in total.
 *
 * Totals: a single filter counts its matches up to COUNT_WINDOW past the page's offset
 * (bounded-count.ts). Combined filters count by examining the candidates past the offset that
 * COUNT_BUDGET pays for: an intersection of two large sets (a common word on a busy trigger)
 * cannot be counted exactly in 20 ms, so past that the total is a lower bound, flagged as such
 * (docs/decisions/0004-bounded-totals.md). When the page reaches the last match, the total is
 * exact whatever counting would have cost.
 */
import { COUNT_BUDGET, checkedCountSql, checkedTotal, countLimit, PROBE } from './bounded-count.ts';
import { offsetOf, type PageRequest } from './codec.ts';
import {
  checkCost,
  checks,
  type Driver,
  driversOf,
  type EventFilter,
  Params,
  type Plan,
  type ResolvedFilter,
  resolveFilter,
  streamSql,
} from './event-streams.ts';
import type { ReadHandle } from './handles.ts';

export type { EventFilter } from './event-streams.ts';

export interface EventIdsResult {
  /** The page's ids, in the order the page shows them. */
  ids: number[];
  order: 'id' | 'created';
  total: number;
  /** False when `total` is a lower bound. */
  total_exact: boolean;
  plan: Plan;
}

/** A prefix term (`ship*`) in the search: FTS5 merges its terms' postings before the first row. */
const isPrefixSearch = (f: ResolvedFilter) => f.match?.includes('"*') === true;

/**
 * The plan for `f`. A probe that reached PROBE only says "large": such a driver is weighed as
 * ten times PROBE. A prefix search is assumed large unprobed: probing it costs as much as using it.
 */
export function planQuery(h: ReadHandle, f: ResolvedFilter, force?: Forced): Plan {
  const offered = driversOf(f);
  if (force?.lists !== undefined) {
    return { driver: force.driver, lists: new Set(force.lists.filter((x) => x !== force.driver)) };
  }
  if (offered.length === 1) return { driver: offered[0] as Driver, lists: new Set() };
  const sizes = new Map<Driver, number>();
  for (const d of offered) sizes.set(d, d === 'q' && isPrefixSearch(f) ? PROBE : probe(h, f, d));
  const lists = new Set(offered.filter((d) => (sizes.get(d) as number) < PROBE));
  const planFor = (d: Driver): Plan => ({ driver: d, lists: new Set([...lists].filter((x) => x !== d)) });
  if (force !== undefined) return planFor(force.driver);
  let best = planFor(offered[0] as Driver);
  let bestCost = Number.POSITIVE_INFINITY;
  for (const d of offered) {
    const plan = planFor(d);
    const size = sizes.get(d) as number;
    const buildLists = [...plan.lists].reduce((sum, x) => sum + 0.1 * (sizes.get(x) as number), 0);
    // Reading a candidate from the driver's index costs about as much as a list check.
    const cost = (size >= PROBE ? 10 * PROBE : size) * (0.1 + checkCost(f, plan)) + buildLists;
    if (cost < bestCost) {
      best = plan;
      bestCost = cost;
    }
  }
  return best;
}

function probe(h: ReadHandle, f: ResolvedFilter, d: Driver): number {
  const p = new Params();
  const sql = streamSql(f, d, p, { ordered: false, checked: false });
  const row = h.stmt(`SELECT COUNT(*) AS n FROM (${sql})`).get({ ...p.values, limit: PROBE });
  return (row as { n: number }).n;
}

/** A driver (and optionally the listed filters) chosen by the caller instead of by probes. */
export interface Forced {
  driver: Driver;
  lists?: Driver[];
}

/**
 * The page of ids for `f`, with its total. `force` overrides the plan (tests use it to prove
 * every plan answers the same).
 */
export function queryEventIds(
  h: ReadHandle,
  filter: EventFilter,
  page: PageRequest,
  force?: Forced,
): EventIdsResult | null {
  const f = resolveFilter(h, filter);
  if (f === null) return null;
  const plan = planQuery(h, f, force);
  return plan.driver === 'q' && isPrefixSearch(f)
    ? prefixDriven(h, f, plan, page)
    : indexDriven(h, f, plan, page);
}

/** Counting past the offset: COUNT_WINDOW matches for a lone filter, COUNT_BUDGET's worth else. */
function countLimitOf(f: ResolvedFilter, plan: Plan, page: PageRequest): { limit: number; checked: boolean } {
  const cost = checkCost(f, plan);
  return {
    limit: cost > 0 ? offsetOf(page) + Math.ceil(COUNT_BUDGET / cost) : countLimit(page),
    checked: cost > 0,
  };
}

/**
 * A prefix search reads its candidates once, for the page and the count together: FTS5 merges
 * every matching term's postings before yielding the first rowid (~20 ms for "wareh*" at a
 * million events), which is worth doing once, not twice. A plain word streams, and is cheaper
 * as a page plus a count (indexDriven) than as 10,000 rows brought into JavaScript.
 */
function prefixDriven(h: ReadHandle, f: ResolvedFilter, plan: Plan, page: PageRequest): EventIdsResult {
  const offset = offsetOf(page);
  const { limit, checked } = countLimitOf(f, plan, page);
  const p = new Params();
  const bare = streamSql(f, 'q', p, { ordered: true, checked: false });
  const ok = checked ? checks(f, plan, p, 'd.id').join(' AND ') : '1';
  // Arrays, not objects: 10,000 rows as objects cost more than the search (~15 ms here).
  const rows = h
    .stmt(`SELECT d.id, ${ok} AS ok FROM (${bare}) d ORDER BY d.id DESC`)
    .raw(true)
    .all({ ...p.values, limit }) as Array<[number, number]>;
  const matched: number[] = [];
  for (const [id, hit] of rows) if (hit) matched.push(id);
  const counted = { scanned: rows.length, n: matched.length };
  const end = offset + page.page_size;
  if (rows.length < limit)
    return { ids: matched.slice(offset, end), order: 'id', total: matched.length, total_exact: true, plan };
  // The candidates read ran out before the page was full: the rest of the page lies further on.
  const rest = matched.length <= end ? pageOfIds(h, f, plan, page) : null;
  if (rest?.last) return { ids: rest.ids, order: 'id', total: rest.seen, total_exact: true, plan };
  const ids = rest ? rest.ids : matched.slice(offset, end);
  return { ids, order: 'id', ...checkedTotal(counted, limit, page, rest ? rest.seen : end + 1), plan };
}

/**
 * One page, read with its checks. `seen` is how many matches are known to exist (one past the
 * page when there is another); `last` says the stream ended within the page, making `seen` exact.
 */
function pageOfIds(h: ReadHandle, f: ResolvedFilter, plan: Plan, page: PageRequest) {
  const offset = offsetOf(page);
  const p = new Params();
  const sql = streamSql(f, plan.driver, p, { ordered: true, checked: plan });
  const rows = h.stmt(sql).all({ ...p.values, limit: offset + page.page_size + 1 }) as Array<{ id: number }>;
  const ids = rows.slice(offset, offset + page.page_size).map((r) => r.id);
  return { ids, seen: rows.length, last: rows.length <= offset + page.page_size };
}

/** Index drivers: the page, then a count (of matches, or of candidates when others check). */
function indexDriven(h: ReadHandle, f: ResolvedFilter, plan: Plan, page: PageRequest): EventIdsResult {
  const order = plan.driver === 'time' ? 'created' : 'id';
  const { ids, seen, last } = pageOfIds(h, f, plan, page);
  if (last) return { ids, order, total: seen, total_exact: true, plan };
  const { limit, checked } = countLimitOf(f, plan, page);
  const c = new Params();
  const bare = streamSql(f, plan.driver, c, { ordered: false, checked: false });
  if (!checked) {
    const n = (h.stmt(`SELECT COUNT(*) AS n FROM (${bare})`).get({ ...c.values, limit }) as { n: number }).n;
    return { ids, order, total: n, total_exact: n < limit, plan };
  }
  const counted = h
    .stmt(checkedCountSql(bare, checks(f, plan, c, 'd.id').join(' AND ')))
    .get({ ...c.values, limit }) as { scanned: number; n: number };
  return { ids, order, ...checkedTotal(counted, limit, page, seen), plan };
}
