/**
 * Pause and resume every timer: the engine's own pause (`timers.pause` / `timers.resume`),
 * shared with the tray menu and kept across restarts. While paused no slot fires; on resume
 * each rule's misfire policy decides what runs of the slots that came due (docs/timers.md,
 * "Pausing all timers"). The state is engine info, kept fresh by the `timers_paused` and
 * `timers_resumed` notifications.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TimerPause } from '../../../../core/contract/alerts.ts';
import { invoke } from '../../common/api/invoke.ts';
import { engineQueries } from '../../common/api/queries.ts';

/** Whether timers are paused (undefined while it is being read). */
export function useTimerPause(): TimerPause | undefined {
  return useQuery({ ...engineQueries.info(), select: (e) => e.timers }).data;
}

function useSetPause(channel: 'timers.pause' | 'timers.resume') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => invoke(channel, {}),
    onSuccess: (timers) =>
      qc.setQueryData(engineQueries.info().queryKey, (old) => (old ? { ...old, timers } : old)),
  });
}

export const usePauseTimers = () => useSetPause('timers.pause');
export const useResumeTimers = () => useSetPause('timers.resume');
