/**
 * Refused webhook calls beside the "did not fire" log (docs/explain.md): a call refused for its
 * signature, rate limit, size or body never becomes an event, so its record is the webhook
 * attempt log, shown here so every non-fire is in one place.
 */
import { useQuery } from '@tanstack/react-query';
import { invoke } from '../../common/api/invoke.ts';
import { triggerQueries } from '../../common/api/queries.ts';
import { localDateTime } from '../../domain/time-format.ts';

/** Refused calls listed (the newest). */
const SHOWN = 20;

export function RefusedCalls({ triggerRef }: { triggerRef: string }) {
  const q = useQuery({
    queryKey: [...triggerQueries.all(), 'webhook-attempts', triggerRef || '*'] as const,
    queryFn: () =>
      invoke('webhooks.attempts', { ...(triggerRef ? { trigger_ref: triggerRef } : {}), limit: 200 }),
  });
  const refused = (q.data?.items ?? []).filter((a) => a.status_code >= 400).slice(0, SHOWN);
  if (refused.length === 0) return null;
  return (
    <details className="ev-refused card-inset">
      <summary>
        Refused webhook calls ({refused.length}
        {refused.length === SHOWN ? '+' : ''}): never events, kept in the attempt log
      </summary>
      <table className="rec-table" aria-label="Refused webhook calls">
        <thead>
          <tr>
            <th scope="col">Attempt</th>
            <th scope="col">When</th>
            <th scope="col">Trigger</th>
            <th scope="col">Status</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {refused.map((a) => (
            <tr key={a.id} id={`webhook-attempt-${a.id}`}>
              <td>#{a.id}</td>
              <td>{localDateTime(a.created)}</td>
              <td className="mono">{a.trigger_ref ?? '(unknown key)'}</td>
              <td>{a.status_code}</td>
              <td>{a.error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
