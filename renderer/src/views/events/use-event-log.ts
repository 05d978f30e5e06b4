/**
 * The event log's data: an infinite query over `events.list` read by cursor (domain/log-window.ts),
 * at most MAX_PAGES kept, and a small query for what arrived above the window's newest row. That
 * second query sits under the events list keys, so the notification router refreshes it on every
 * new event; the window itself is never refetched for them — rows are merged in at the live
 * edge only, and counted ("N new") elsewhere.
 */
import { type InfiniteData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { AttuneEvent } from '../../../../core/contract/entities.ts';
import { invoke } from '../../common/api/invoke.ts';
import { eventQueries } from '../../common/api/queries.ts';
import type { EventListInput } from '../../domain/event-log.ts';
import {
  atTop,
  CursorChain,
  FIRST_PARAM,
  type LogPage,
  type LogParam,
  MAX_PAGES,
  mergeNewer,
  newestId,
  newestKnownId,
  PAGE_SIZE,
  windowRows,
} from '../../domain/log-window.ts';

type Page = LogPage<AttuneEvent>;
type Data = InfiniteData<Page, LogParam>;

/** Cursor chains by filter, kept while the app runs so a cached window can scroll back up. */
const chains = new Map<string, CursorChain>();

function chainFor(hash: string): CursorChain {
  let c = chains.get(hash);
  if (!c) {
    c = new CursorChain();
    chains.set(hash, c);
  }
  return c;
}

/** Key of the log window for `input` (outside the lists the router refreshes on each event). */
export const eventLogKey = (input: EventListInput) => [...eventQueries.all(), 'log', input] as const;

export interface EventLog {
  rows: AttuneEvent[];
  /** Matching events when the log was read (lower bound when `lowerBound`). */
  total: number | null;
  lowerBound: boolean;
  /** Events above the window's newest row (not shown until the user goes to the live edge). */
  newer: number;
  newerLowerBound: boolean;
  isLoading: boolean;
  error: unknown;
  hasNext: boolean;
  hasPrevious: boolean;
  isFetching: boolean;
  fetchNext(): void;
  fetchPrevious(): void;
  /** Shows the newest rows (the caller scrolls to the top). */
  showNewest(): void;
}

/** The log for `input`; `liveEdge` says the user sits at its top, where new rows are followed. */
export function useEventLog(input: EventListInput, liveEdge: boolean): EventLog {
  const qc = useQueryClient();
  const key = useMemo(() => eventLogKey(input), [input]);
  const chain = useMemo(() => chainFor(JSON.stringify(input)), [input]);
  const log = useInfiniteQuery<Page, Error, Data, readonly unknown[], LogParam>({
    queryKey: key,
    initialPageParam: FIRST_PARAM,
    queryFn: async ({ pageParam }): Promise<Page> => {
      const r = await invoke('events.list', {
        ...input,
        ...(pageParam.before !== null ? { before: pageParam.before } : {}),
        page_size: PAGE_SIZE,
      });
      const page: Page = {
        items: r.items,
        total: r.pagination.total_items,
        lowerBound: r.pagination.total_is_lower_bound,
        hasNext: r.pagination.has_next,
      };
      chain.record(pageParam, page);
      return page;
    },
    getNextPageParam: (last, _all, lastParam) => chain.next(last, lastParam),
    getPreviousPageParam: (_first, _all, firstParam) => chain.previous(firstParam),
    maxPages: MAX_PAGES,
    staleTime: Number.POSITIVE_INFINITY,
    // A page read while scrolling is new data, and the pages kept are the same objects anyway
    // (rows stay memoized by identity): comparing the whole window deeply on every page read cost
    // a scrolled frame more than it could save (docs/performance.md "UI").
    structuralSharing: false,
  });

  const top = newestKnownId(log.data, chain);
  const newer = useQuery({
    ...eventQueries.list({ ...input, after: top, page_size: PAGE_SIZE }),
    enabled: log.isSuccess,
    // A new key per merged row: the old ones are dropped soon instead of piling up in the cache.
    gcTime: 1000,
    // Read again when the notification router says events arrived, not when the key moves: a
    // merge seeds the next key (below), so it costs no second round trip and render.
    staleTime: Number.POSITIVE_INFINITY,
  });

  // The total when the log was read: the first page's, kept while the window scrolls deeper.
  const total = useRef<{ n: number; lowerBound: boolean } | null>(null);
  const first = log.data?.pages[0];
  if (first && atTop(log.data)) total.current = { n: first.total, lowerBound: first.lowerBound };
  if (!log.data) total.current = null;

  const merge = useCallback(() => {
    const n = newer.data;
    if (!n || n.items.length === 0) return false;
    if (n.pagination.has_next || !atTop(qc.getQueryData<Data>(key))) return false;
    const merged = qc.setQueryData<Data>(key, (d) => (d ? mergeNewer(d, n.items, chain) : d));
    // Nothing is known above the merged rows yet; events that arrive later are announced and
    // invalidate this key like any other list.
    const after = newestId(merged);
    qc.setQueryData(eventQueries.list({ ...input, after, page_size: PAGE_SIZE }).queryKey, {
      items: [],
      pagination: { ...n.pagination, total_items: 0, total_is_lower_bound: false, has_next: false },
    });
    return true;
  }, [newer.data, qc, key, chain, input]);

  useEffect(() => {
    if (!liveEdge || !newer.data || newer.data.items.length === 0) return;
    // More arrived than one page holds: start again from the newest rather than leave a gap.
    if (!merge()) void qc.resetQueries({ queryKey: key, exact: true });
  }, [liveEdge, newer.data, merge, qc, key]);

  // The same array while the pages are the same: a scrolled frame re-renders the list, and its
  // effects keyed on the rows (keeping the top row in place) run only when a page came or went.
  const rows = useMemo(() => windowRows(log.data), [log.data]);
  const np = newer.data?.pagination;
  return {
    rows,
    total: total.current?.n ?? null,
    lowerBound: total.current?.lowerBound ?? false,
    newer: newer.data?.items.length ? (np?.total_items ?? 0) : 0,
    newerLowerBound: np?.total_is_lower_bound ?? false,
    isLoading: log.isPending,
    error: log.error,
    hasNext: log.hasNextPage,
    hasPrevious: log.hasPreviousPage,
    isFetching: log.isFetchingNextPage || log.isFetchingPreviousPage,
    fetchNext: () => {
      if (log.hasNextPage && !log.isFetchingNextPage) void log.fetchNextPage();
    },
    fetchPrevious: () => {
      if (log.hasPreviousPage && !log.isFetchingPreviousPage) void log.fetchPreviousPage();
    },
    showNewest: () => {
      if (!merge()) void qc.resetQueries({ queryKey: key, exact: true });
    },
  };
}
