/** Timer slots that did not run, newest first, with the reason (missed events, live). */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { eventQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { missedReasonText } from '../../domain/event-log.ts';
import { localDateTime } from '../../domain/time-format.ts';

export function MissedRuns() {
  const q = useQuery(eventQueries.list({ kind: 'missed', page_size: 20 }));
  if (q.isPending) return <Loading label="Reading missed runs…" />;
  if (q.isError) return <ErrorBanner error={q.error} title="Missed runs could not be read" />;
  if (q.data.items.length === 0) return <p className="rec-muted">No timer has missed a run.</p>;
  return (
    <table className="rec-table" aria-label="Missed runs">
      <thead>
        <tr>
          <th scope="col">Scheduled for</th>
          <th scope="col">Rule</th>
          <th scope="col">Why it did not run</th>
          <th scope="col">Event</th>
        </tr>
      </thead>
      <tbody>
        {q.data.items.map((e) => {
          const p = e.payload;
          const count = typeof p.count === 'number' && p.count > 1 ? p.count : null;
          return (
            <tr key={e.id}>
              <td>
                {typeof p.scheduled_at === 'string'
                  ? localDateTime(p.scheduled_at)
                  : localDateTime(e.created)}
                {count && (
                  <span className="rec-muted rec-small">
                    {' '}
                    and {count - 1}
                    {p.count_exact === false ? '+' : ''} more
                  </span>
                )}
              </td>
              <td>
                {e.rule_ref ? (
                  <Link href={`/rules/${encodeURIComponent(e.rule_ref)}`} className="rec-link">
                    {e.rule_ref}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td>{missedReasonText(p.reason)}</td>
              <td>
                <Link href={`/events/${e.id}`} className="rec-link">
                  #{e.id}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
