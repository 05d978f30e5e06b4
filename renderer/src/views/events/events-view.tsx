/**
 * Events (`#/events`, `#/events/<id>`): the live event log, newest first, filtered by trigger,
 * rule, outcome, time and words in the payload; beside it, the selected event as one trace.
 */
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useCommands } from '../../common/commands/registry.ts';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../common/ui/feedback.tsx';
import {
  type EventLogFilters,
  eventListFilters,
  formatCount,
  hasFilters,
  NO_FILTERS,
} from '../../domain/event-log.ts';
import { EventDetail } from './event-detail.tsx';
import { EventFilters } from './event-filters.tsx';
import { EventLogList } from './event-log-list.tsx';
import { RefusedCalls } from './refused-calls.tsx';
import { useEventLog } from './use-event-log.ts';
import '../../common/ui/records.css';
import './events.css';

/** The filters last used, kept while the app runs (UI state, not server data). */
let lastFilters: EventLogFilters = NO_FILTERS;

function parseId(id: string | undefined): number | null {
  if (!id || !/^\d{1,15}$/.test(id)) return null;
  const n = Number(id);
  return n > 0 ? n : null;
}

/** The event log's props: the event whose record is open, if any (`#/events/<id>`). */
export interface EventsViewProps {
  id?: string | undefined;
}

export function EventsView({ id }: EventsViewProps) {
  const selected = parseId(id);
  const [filters, setFiltersState] = useState(lastFilters);
  const setFilters = useCallback((f: EventLogFilters) => {
    lastFilters = f;
    setFiltersState(f);
  }, []);
  // A relative range ("last hour") is measured from when the filters were chosen.
  const input = useMemo(() => eventListFilters(filters, Date.now()), [filters]);
  const [liveEdge, setLiveEdge] = useState(true);
  const log = useEventLog(input, liveEdge);

  useCommands(
    () => [
      {
        id: 'events.clear-filters',
        label: 'Clear the event log’s filters',
        group: 'Events',
        enabled: () => hasFilters(lastFilters),
        perform: () => setFilters(NO_FILTERS),
      },
      {
        id: 'events.only-errors',
        label: 'Show events whose rules failed',
        group: 'Events',
        keywords: ['error', 'failure', 'why'],
        perform: () => setFilters({ ...NO_FILTERS, outcome: 'error' }),
      },
      {
        id: 'events.only-not-fired',
        label: 'Show events where a rule did not fire',
        group: 'Events',
        keywords: ['why', 'not fired', 'condition', 'disabled'],
        perform: () => setFilters({ ...NO_FILTERS, outcome: 'not_fired' }),
      },
      {
        id: 'events.only-missed',
        label: 'Show missed timer runs',
        group: 'Events',
        keywords: ['missed', 'timer', 'skipped'],
        perform: () => setFilters({ ...NO_FILTERS, outcome: 'missed' }),
      },
    ],
    [setFilters],
  );

  const count =
    log.total === null ? '' : `${formatCount(log.total, log.lowerBound)} event${log.total === 1 ? '' : 's'}`;
  return (
    <div className="page ev-page">
      <PageHeader
        title={selected !== null ? `Event ${selected}` : 'Events'}
        description={
          selected !== null ? (
            <Link href="/events">Back to the whole log</Link>
          ) : (
            'Everything that arrived, newest first, and what each rule decided.'
          )
        }
      />
      <EventFilters value={filters} onChange={setFilters} />
      {filters.outcome === 'not_fired' && <RefusedCalls triggerRef={filters.trigger} />}
      <div className={`ev-layout${selected !== null ? ' ev-with-detail' : ''}`}>
        <section className="ev-list-pane" aria-labelledby="ev-log-title">
          <h2 id="ev-log-title" className="ev-pane-title">
            Event log <span className="rec-muted rec-small">{count}</span>
          </h2>
          {log.isLoading ? (
            <Loading label="Reading the event log…" />
          ) : log.error ? (
            <ErrorBanner error={log.error} title="The event log could not be read" />
          ) : log.rows.length === 0 && log.newer === 0 ? (
            <EmptyState title={hasFilters(filters) ? 'No event matches these filters' : 'No events yet'}>
              <p>
                {hasFilters(filters)
                  ? 'Try fewer filters, or another time range.'
                  : 'Events appear here as timers fire and webhooks are called.'}
              </p>
            </EmptyState>
          ) : (
            <EventLogList log={log} selectedId={selected} onLiveEdge={setLiveEdge} />
          )}
        </section>
        {selected !== null && (
          <section className="ev-detail-pane" aria-label="Selected event">
            <EventDetail id={selected} />
          </section>
        )}
      </div>
    </div>
  );
}
