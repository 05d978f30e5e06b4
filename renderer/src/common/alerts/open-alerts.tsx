/**
 * The open alerts (docs/alerts.md), at most one per rule, each with its action: open the
 * execution that failed, or re-run it with the same parameters; and dismiss. Kept fresh by the
 * `alert_opened` / `alert_resolved` notifications.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'wouter';
import type { Alert } from '../../../../core/contract/alerts.ts';
import { localDateTime } from '../../domain/time-format.ts';
import { invoke } from '../api/invoke.ts';
import { alertQueries, executionQueries } from '../api/queries.ts';
import { Button } from '../ui/button.tsx';
import { ErrorBanner, Loading } from '../ui/feedback.tsx';
import './alerts.css';

function AlertItem({ alert }: { alert: Alert }) {
  const qc = useQueryClient();
  const rerun = useMutation({
    mutationFn: (id: number) => invoke('executions.rerun', { id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: executionQueries.lists() }),
  });
  const dismiss = useMutation({
    mutationFn: () => invoke('alerts.dismiss', { id: alert.id }),
    onSettled: () => qc.invalidateQueries({ queryKey: alertQueries.lists() }),
  });
  const exec = alert.execution_id;
  return (
    <li className={`al-item ${alert.kind === 'missed' ? 'al-item-missed' : ''}`}>
      <span>
        <strong>{alert.kind === 'missed' ? 'Missed run' : 'Failing'}</strong>{' '}
        <Link href={`/rules/${encodeURIComponent(alert.rule_ref)}`} className="rec-link">
          {alert.rule_ref}
        </Link>{' '}
        <time className="rec-muted" dateTime={alert.opened_at}>
          since {localDateTime(alert.opened_at)}
        </time>
      </span>
      <span>{alert.message}</span>
      <span className="al-actions">
        {exec !== null && (
          <>
            <Link href={`/executions/${exec}`} className="btn btn-secondary btn-small">
              Open execution #{exec}
            </Link>
            <Button size="small" isDisabled={rerun.isPending} onPress={() => rerun.mutate(exec)}>
              Re-run #{exec}
            </Button>
          </>
        )}
        {alert.event_id !== null && (
          <Link href={`/events/${alert.event_id}`} className="btn btn-secondary btn-small">
            Open event #{alert.event_id}
          </Link>
        )}
        <Button
          size="small"
          variant="ghost"
          isDisabled={dismiss.isPending}
          onPress={() => dismiss.mutate()}
          aria-label={`Dismiss the alert for ${alert.rule_ref}`}
        >
          Dismiss
        </Button>
      </span>
      {rerun.data && (
        <span role="status">
          Re-run started:{' '}
          <Link href={`/executions/${rerun.data.id}`} className="rec-link">
            execution #{rerun.data.id}
          </Link>
        </span>
      )}
      {rerun.error && <ErrorBanner error={rerun.error} title="Could not re-run" />}
      {dismiss.error && <ErrorBanner error={dismiss.error} title="Could not dismiss" />}
    </li>
  );
}

export function OpenAlerts() {
  const open = useQuery(alertQueries.open());
  if (open.isPending) return <Loading label="Reading alerts…" />;
  if (open.isError) return <ErrorBanner error={open.error} title="Alerts could not be read" />;
  if (open.data.items.length === 0) return <p className="rec-muted">No open alerts: every rule is fine.</p>;
  return (
    <ul className="al-list" aria-label="Open alerts">
      {open.data.items.map((a) => (
        <AlertItem key={a.id} alert={a} />
      ))}
    </ul>
  );
}
