/**
 * The event log's chunk, loaded once whoever asks first: the start (first-view.ts, before the
 * shell's chunk is in) or the route (routes.tsx). React-free, so the small start chunk can
 * begin the download (docs/performance.md "UI").
 */
import type { ComponentType } from 'react';
import type { EventsViewProps } from '../views/events/events-view.tsx';

let events: Promise<ComponentType<EventsViewProps>> | null = null;

/** Starts loading the event log's chunk (once; again after a failure); resolves to its view. */
export function loadEventsView(): Promise<ComponentType<EventsViewProps>> {
  events ??= import('../views/events/events-view.tsx').then(
    (m) => m.EventsView,
    (e: unknown) => {
      events = null;
      throw e;
    },
  );
  return events;
}
