/**
 * What the view the app opens on needs, started before React mounts: its chunk (routes.tsx) and,
 * for the event log, its first page (`invokeEarly`), so the download, the shell's start and the
 * page query overlap instead of following each other (docs/performance.md "UI").
 */
import { invokeEarly } from '../common/api/invoke.ts';
import { eventListFilters, NO_FILTERS } from '../domain/event-log.ts';
import { PAGE_SIZE } from '../domain/log-window.ts';
import { preloadView } from './routes.tsx';

/** Starts loading the view at `path` and its first data. Needs the bridge installed. */
export function startFirstView(path: string): void {
  preloadView(path);
  if (path === '/events' || path.startsWith('/events/')) {
    // The same input the log's first page asks with (use-event-log.ts): no filters yet at start.
    invokeEarly('events.list', { ...eventListFilters(NO_FILTERS, Date.now()), page_size: PAGE_SIZE });
  }
}
