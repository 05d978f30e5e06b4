/**
 * The next fires of the timer being edited, from the engine (`schedule.preview`) before it is
 * saved: local time in the rule's zone, how far away, and daylight-saving marks.
 */
import { useQuery } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import { ApiError, errorMessage } from '../../../common/api/invoke.ts';
import { scheduleQueries } from '../../../common/api/queries.ts';
import { useDebounced } from '../../../common/use-debounced.ts';
import { useNow } from '../../../common/use-now.ts';
import { messageFor } from '../../../domain/rule-draft.ts';
import { relativeTime } from '../../../domain/time-format.ts';
import { isTimer } from '../../../domain/trigger-summary.ts';
import { useBuilderForm } from './form.ts';

const DST_TEXT = {
  gap_shifted: 'moved past the daylight-saving gap',
  overlap_first: 'first of the two repeated hours',
  transition_day: 'daylight-saving change that day',
} as const;

export function useSchedulePreview() {
  const { control } = useBuilderForm();
  const triggerRef = useWatch({ control, name: 'triggerRef' });
  const params = useWatch({ control, name: 'triggerParams' });
  const now = { trigger_ref: triggerRef, trigger_params: params, count: 5 };
  const input = useDebounced(now, 250);
  const query = useQuery({ ...scheduleQueries.preview(input), enabled: isTimer(input.trigger_ref) });
  // While the typing settles, the answer is about the previous schedule: say so, show nothing old.
  const settling = JSON.stringify(now) !== JSON.stringify(input);
  return { ...query, settling };
}

/** `2027-03-28T09:30:00+02:00` → `Sun 2027-03-28 09:30` (the wall clock as the zone shows it). */
function wallClock(local: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(local);
  if (!m) return local;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toLocaleDateString('en-GB', {
    weekday: 'short',
    timeZone: 'UTC',
  });
  return `${day} ${m[1]}-${m[2]}-${m[3]} ${m[4]}`;
}

export function SchedulePreview() {
  const preview = useSchedulePreview();
  const now = useNow(30_000);
  return (
    <section className="preview" aria-labelledby="preview-title" aria-live="polite">
      <h3 id="preview-title">Next fires</h3>
      {preview.settling ? (
        <p className="muted">Working out the next fires…</p>
      ) : preview.isError ? (
        <p className="muted">
          No preview:{' '}
          {preview.error instanceof ApiError
            ? messageFor(preview.error.message, preview.error.field)
            : errorMessage(preview.error)}
        </p>
      ) : !preview.data ? (
        <p className="muted">Working out the next fires…</p>
      ) : preview.data.items.length === 0 ? (
        <p className="muted">This schedule never fires again.</p>
      ) : (
        <ol className="fires">
          {preview.data.items.map((f) => (
            <li key={f.at}>
              <time dateTime={f.at} className="mono">
                {wallClock(f.local)}
              </time>{' '}
              <span className="muted">
                {f.timezone} · {relativeTime(f.at, now)}
              </span>
              {f.dst && <span className="badge badge-busy dst">DST: {DST_TEXT[f.dst]}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
