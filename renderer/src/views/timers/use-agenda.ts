/**
 * The agenda's data: every rule (the rules list), the schedule preview of each enabled cron rule
 * (`schedule.preview`, 100 instants), and the agenda computed from them (domain/agenda.ts). The
 * window moves with the clock; previews are read again each hour, so a frequent cron rule's
 * instants never run out.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { invoke } from '../../common/api/invoke.ts';
import { ruleQueries, scheduleQueries } from '../../common/api/queries.ts';
import { useNow } from '../../common/use-now.ts';
import {
  AGENDA_MS,
  buildAgenda,
  isTimerRule,
  type RuleFires,
  ruleFires,
  type TimerRule,
} from '../../domain/agenda.ts';

const VIEWER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function useAgenda() {
  const now = useNow(30_000);
  const hour = Math.floor(now / 3_600_000);
  const rules = useQuery(ruleQueries.list());
  const timers: TimerRule[] = useMemo(() => (rules.data ?? []).filter(isTimerRule), [rules.data]);
  const crons = timers.filter((r) => r.enabled && r.trigger_ref === 'core.crontimer');
  const previews = useQueries({
    queries: crons.map((r) => {
      const input = { trigger_ref: r.trigger_ref, trigger_params: r.trigger_params, count: 100 };
      return {
        queryKey: [...scheduleQueries.preview(input).queryKey, hour],
        queryFn: () => invoke('schedule.preview', input),
        retry: false,
      };
    }),
  });
  const previewOf = new Map(crons.map((r, i) => [r.ref, previews[i]?.data?.items ?? null]));
  const fires: RuleFires[] = timers.map((r) =>
    ruleFires(r, previewOf.get(r.ref) ?? null, now, now + AGENDA_MS),
  );
  return {
    now,
    from: now,
    to: now + AGENDA_MS,
    rules,
    timers,
    fires,
    agenda: buildAgenda(fires, VIEWER_ZONE),
    previewError: previews.find((p) => p.error)?.error ?? null,
  };
}
