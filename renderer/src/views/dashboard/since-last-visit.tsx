/**
 * Failures since the last visit (kept in the browser's storage; the first visit looks back a
 * day): failed executions, rule errors and missed runs, with the latest failed runs linked.
 */
import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { executionQueries, statsQueries } from '../../common/api/queries.ts';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { ExecutionStatusBadge } from '../../common/ui/status-badge.tsx';
import { failuresOf, sinceWindow } from '../../domain/dashboard.ts';
import { FAILED } from '../../domain/execution.ts';
import { relativeTime } from '../../domain/time-format.ts';

export function SinceLastVisit({
  since,
  firstVisit,
  now,
}: {
  since: number;
  firstVisit: boolean;
  now: number;
}) {
  const stats = useQuery(statsQueries.activity(sinceWindow(since, now)));
  const recent = useQuery(executionQueries.list({ page_size: 50 }));
  const failedRuns = (recent.data?.items ?? [])
    .filter((x) => FAILED.has(x.status) && Date.parse(x.created) >= since)
    .slice(0, 5);
  // The counts refresh on a slow lane (a few seconds); the run list at once. They never disagree
  // on screen: a failed run already listed counts, and "Nothing failed" waits for an empty list.
  const counted = stats.data?.totals;
  const t = counted && { ...counted, failed: Math.max(counted.failed, failedRuns.length) };
  const when = firstVisit
    ? 'In the last 24 hours'
    : `Since your last visit (${relativeTime(new Date(since).toISOString(), now)})`;
  return (
    <section className="card" aria-labelledby="db-since">
      <h2 id="db-since">Failures</h2>
      <p className="rec-muted">{when}</p>
      {stats.isPending ? (
        <Loading />
      ) : stats.isError ? (
        <ErrorBanner error={stats.error} title="Could not count" />
      ) : t && failuresOf(t) === 0 ? (
        <p className="db-good">Nothing failed.</p>
      ) : (
        t && (
          <ul className="db-counts">
            <li>
              <strong>{t.failed}</strong> failed execution{t.failed === 1 ? '' : 's'}
            </li>
            <li>
              <strong>{t.event_errors}</strong> rule error{t.event_errors === 1 ? '' : 's'}
            </li>
            <li>
              <strong>{t.missed}</strong> missed run{t.missed === 1 ? '' : 's'}
            </li>
          </ul>
        )
      )}
      {failedRuns.length > 0 && (
        <ul className="db-list">
          {failedRuns.map((x) => (
            <li key={x.id}>
              <Link href={`/executions/${x.id}`} className="rec-link">
                #{x.id}
              </Link>{' '}
              <span className="mono">{x.action_ref}</span> <ExecutionStatusBadge status={x.status} />{' '}
              <span className="rec-muted rec-small">
                {relativeTime(x.created, Math.max(now, Date.now()))}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="rec-small">
        <Link href="/executions">All executions</Link> · <Link href="/events">The event log</Link>
      </p>
    </section>
  );
}
