/**
 * What the view the app opens on needs, started before React mounts: its chunk (view-chunks.ts) and,
 * for the event log, its first page (`invokeEarly`), so the download, the shell's start and the
 * page query overlap instead of following each other (docs/performance.md "UI").
 */
import { invokeEarly } from '../common/api/invoke.ts';
import { eventListFilters, NO_FILTERS } from '../domain/event-log.ts';
import { PAGE_SIZE } from '../domain/log-window.ts';
import { loadEventsView } from './view-chunks.ts';

/** Starts loading the view at `path` and its first data. Needs the bridge installed. */
export function startFirstView(path: string): void {
  if (path === '/events' || path.startsWith('/events/')) {
    void loadEventsView().catch(() => {
      // The route asks again and shows the error.
    });
    // The same input the log's first page asks with (use-event-log.ts): no filters yet at start.
    invokeEarly('events.list', { ...eventListFilters(NO_FILTERS, Date.now()), page_size: PAGE_SIZE });
  }
}
