/**
 * The toasts on screen: UI state only (docs/renderer.md "Toasts"). The notification router
 * pushes what `toastOf` picks; the app's toast region shows and dismisses them.
 */
import { useSyncExternalStore } from 'react';
import type { Notification } from '../../../../core/contract/notifications.ts';
import { addToast, type Toast, toastOf } from '../../domain/toasts.ts';

let toasts: Toast[] = [];
const listeners = new Set<() => void>();

function set(next: Toast[]): void {
  toasts = next;
  for (const l of listeners) l();
}

/** Shows `n` as a toast when it is one to show. */
export function toastNotification(n: Notification): void {
  const t = toastOf(n);
  if (t) set(addToast(toasts, t));
}

export function dismissToast(id: string): void {
  set(toasts.filter((t) => t.id !== id));
}

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
}
