/**
 * In-process publish/subscribe for live updates (docs/api.md, "Notifications"). Listeners run synchronously after the
 * write they describe has been committed; a throwing listener is isolated from the others.
 */
import { type ChangeFeed, matchesFilters, type Notification } from '../contract/notifications.ts';

export type Listener = (n: Notification) => void;

/** The change feed, plus how many follow it (a payload is only built for someone to read it). */
export interface Notifier extends ChangeFeed {
  readonly subscriberCount: number;
}

export function createNotifier(now: () => number, onListenerError?: (err: unknown) => void): Notifier {
  const subs = new Set<{ filters: readonly string[]; listener: Listener }>();
  return {
    publish(type, entityType, entityId, payload) {
      if (subs.size === 0) return;
      const n: Notification = {
        notification_type: type,
        entity_type: entityType,
        entity_id: entityId,
        payload,
        timestamp: new Date(now()).toISOString(),
      };
      for (const s of subs) {
        if (!matchesFilters(n, s.filters)) continue;
        try {
          s.listener(n);
        } catch (err) {
          onListenerError?.(err);
        }
      }
    },
    subscribe(filters, listener) {
      const s = { filters: [...filters], listener };
      subs.add(s);
      return () => {
        subs.delete(s);
      };
    },
    get subscriberCount() {
      return subs.size;
    },
  };
}
