/** Subscribes the one notification router to the bridge, once, for the app's lifetime. */
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AttuneBridge } from '../../../core/contract/bridge.ts';
import { toastNotification } from '../common/alerts/toasts.ts';
import { createNotificationRouter } from '../common/api/notification-router.ts';

export function useNotificationRouter(bridge: AttuneBridge): void {
  const qc: QueryClient = useQueryClient();
  useEffect(() => {
    const router = createNotificationRouter(qc, { toast: toastNotification });
    const off = bridge.subscribe([], (n) => router.handle(n));
    return () => {
      off();
      router.dispose();
    };
  }, [bridge, qc]);
}
