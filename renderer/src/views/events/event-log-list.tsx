/**
 * The event log drawn by a virtualizer: only the rows in view are in the DOM, pages are read as
 * the user nears either end of the window, and the row at the top of the view stays put when
 * pages are dropped or read above it. At the top (the live edge) new events flow in; elsewhere
 * a button says how many arrived. Arrow keys move between rows.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import type { AttuneEvent } from '../../../../core/contract/entities.ts';
import { Button } from '../../common/ui/button.tsx';
import { useNow } from '../../common/use-now.ts';
import { compactTime, eventOutcome, formatCount, payloadPreview } from '../../domain/event-log.ts';
import { placeWindow } from '../../domain/log-window.ts';
import { localDateTime } from '../../domain/time-format.ts';
import type { EventLog } from './use-event-log.ts';

/** Height of a row, fixed so positions are exact and the view can be kept in place. */
export const ROW_HEIGHT = 40;
/** Rows from either end of the window at which the next page is read. */
const PREFETCH_ROWS = 30;

// Memoized: a live update or a scroll re-renders the list, and rows that did not change stay.
const Row = memo(function Row({
  e,
  selected,
  now,
  onKeyDown,
}: {
  e: AttuneEvent;
  selected: boolean;
  now: number;
  onKeyDown: (ev: KeyboardEvent<HTMLElement>) => void;
}) {
  const o = eventOutcome(e);
  const who = o.rules.length ? o.rules.join(', ') : '';
  const more = o.others > 0 ? ` +${o.others}` : '';
  return (
    <>
      <td className="ev-cell ev-c-id">
        <Link
          href={`/events/${e.id}`}
          className="rec-link"
          aria-current={selected ? 'true' : undefined}
          aria-label={`Event ${e.id}, ${e.trigger_ref}, ${o.label}`}
          onKeyDown={onKeyDown}
        >
          #{e.id}
        </Link>
      </td>
      <td className="ev-cell ev-c-time ev-time rec-muted" title={localDateTime(e.created)}>
        {compactTime(e.created, now)}
      </td>
      <td className="ev-cell ev-c-trigger" title={e.trigger_ref}>
        {e.trigger_ref}
      </td>
      <td className="ev-cell ev-c-outcome" title={who}>
        <span className={`badge badge-${o.tone}`}>{o.label}</span>{' '}
        <span className="rec-small">
          {who}
          {more && <span className="rec-muted">{more}</span>}
        </span>
      </td>
      <td className="ev-cell ev-c-payload ev-payload mono rec-muted">{payloadPreview(e.payload)}</td>
    </>
  );
});

export function EventLogList({
  log,
  selectedId,
  onLiveEdge,
}: {
  log: EventLog;
  selectedId: number | null;
  onLiveEdge: (atEdge: boolean) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = log.rows;
  const now = useNow(60_000);

  // Where the window's rows start (domain/log-window.ts placeWindow): when a page is dropped or
  // read above the rows in view, the pad takes up the difference so they stay where they are.
  const viewTop = useRef(0);
  const scrolledSincePlaced = useRef(false);
  const [placed, setPlaced] = useState({ rows, pad: 0, scrollBy: 0 });
  if (placed.rows !== rows) {
    const p = placeWindow(placed.rows, placed.pad, rows, {
      rowHeight: ROW_HEIGHT,
      atTop: !log.hasPrevious,
      following: placed.pad === 0 && viewTop.current < ROW_HEIGHT,
    });
    setPlaced({ rows, ...p });
  }
  const pad = placed.rows === rows ? placed.pad : 0;
  useLayoutEffect(() => {
    const el = scroller.current;
    scrolledSincePlaced.current = false;
    if (el && placed.scrollBy !== 0) el.scrollTop += placed.scrollBy;
  }, [placed]);

  const getItemKey = useCallback((i: number) => rows[i]?.id ?? i, [rows]);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // The same function while the rows are the same: the virtualizer recomputes every row's
    // position whenever it changes, which would be on every scrolled frame.
    getItemKey,
    paddingStart: pad,
    // A scrolled frame moves ~5 rows: 6 either side keeps the edges drawn with fewer rows to render.
    overscan: 6,
    // A scroll step's rows render in React's next task, not synchronously inside the scroll event.
    useFlushSync: false,
  });

  const remember = () => {
    const el = scroller.current;
    if (!el) return;
    viewTop.current = el.scrollTop;
    onLiveEdge(el.scrollTop < ROW_HEIGHT && !log.hasPrevious);
  };

  const items = v.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rows.length === 0) return;
    // Just after a placement that scrolled, the range is the one from before that scroll: its
    // scroll event renders again with the range to read by.
    if (placed.scrollBy !== 0 && placed.rows === rows && !scrolledSincePlaced.current) return;
    if (lastIndex >= rows.length - PREFETCH_ROWS && log.hasNext) log.fetchNext();
    if (firstIndex <= PREFETCH_ROWS && log.hasPrevious) log.fetchPrevious();
  }, [firstIndex, lastIndex, rows, log, placed]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-evaluated when the window changes
  useEffect(() => remember(), [log.hasPrevious]);

  const showNewest = () => {
    // The view goes to the top: the newest rows are placed for a view there, not where it was.
    viewTop.current = 0;
    log.showNewest();
    if (scroller.current) scroller.current.scrollTop = 0;
    onLiveEdge(true);
  };

  // Read by the rows' key handler, which stays the same function so memoized rows stay put.
  const latest = useRef({ count: rows.length, v });
  latest.current = { count: rows.length, v };

  /** Arrow keys move focus between the rows' links, scrolling the next one into view. */
  const onKeyDown = useCallback((ev: KeyboardEvent<HTMLElement>) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp') return;
    const at = (ev.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!at) return;
    const next = Number(at.dataset.index) + (ev.key === 'ArrowDown' ? 1 : -1);
    if (next < 0 || next >= latest.current.count) return;
    ev.preventDefault();
    latest.current.v.scrollToIndex(next, { align: 'auto' });
    const link = () => scroller.current?.querySelector<HTMLElement>(`[data-index="${next}"] a`);
    // Rows just outside the view are drawn already (overscan); others once scrolled to.
    const now = link();
    if (now) now.focus();
    else requestAnimationFrame(() => link()?.focus());
  }, []);

  return (
    <div className="ev-log">
      {log.newer > 0 && (
        <div className="ev-newer">
          <Button size="small" variant="primary" onPress={showNewest}>
            {formatCount(log.newer, log.newerLowerBound)} new event{log.newer === 1 ? '' : 's'} — show
          </Button>
        </div>
      )}
      <div
        ref={scroller}
        className="ev-scroll"
        onScroll={() => {
          scrolledSincePlaced.current = true;
          remember();
        }}
      >
        {/* Rows are absolutely placed boxes of a fixed size (events.css), not table layout: a
            scrolled frame lays out and paints only the rows it adds. The markup stays a table,
            and Chromium still reads it as one (test/e2e/events.test.ts checks its tree). */}
        <table className="ev-table" aria-label="Event log">
          <thead>
            <tr className="ev-head">
              <th scope="col" className="ev-c-id">
                Event
              </th>
              <th scope="col" className="ev-c-time">
                Time
              </th>
              <th scope="col" className="ev-c-trigger">
                Trigger
              </th>
              <th scope="col" className="ev-c-outcome">
                Outcome
              </th>
              <th scope="col" className="ev-c-payload ev-payload">
                Payload
              </th>
            </tr>
          </thead>
          <tbody className="ev-body" style={{ height: v.getTotalSize(), ['--ev-pad' as string]: `${pad}px` }}>
            {items.map((item) => {
              const e = rows[item.index] as AttuneEvent;
              return (
                <tr
                  key={item.key}
                  data-index={item.index}
                  className={e.id === selectedId ? 'ev-row ev-selected' : 'ev-row'}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <Row e={e} selected={e.id === selectedId} now={now} onKeyDown={onKeyDown} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="ev-foot rec-small rec-muted" aria-live="polite">
        {log.isFetching
          ? 'Reading more events…'
          : !log.hasNext && rows.length > 0
            ? 'The start of the log.'
            : ''}
      </p>
    </div>
  );
}
