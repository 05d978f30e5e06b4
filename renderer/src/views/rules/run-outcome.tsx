/** What "Run now" did, in a sentence with a link to the execution it started. */
import type { ChannelOutput } from '../../../../core/contract/channels.ts';
import { OutcomeBadge } from '../../common/ui/status-badge.tsx';

export type RunResult = ChannelOutput<'rules.run'>;

export function RunOutcome({ ruleRef, result }: { ruleRef: string; result: RunResult }) {
  const ev = result.evaluations[0];
  if (result.execution_ids.length > 0) {
    return (
      <span>
        Ran <strong>{ruleRef}</strong>:{' '}
        {result.execution_ids.map((id, i) => (
          <span key={id}>
            {i > 0 && ', '}
            <a href={`#/executions/${id}`}>execution #{id}</a>
          </span>
        ))}{' '}
        started (event <a href={`#/events/${result.event_id}`}>#{result.event_id}</a>).
      </span>
    );
  }
  return (
    <span>
      <strong>{ruleRef}</strong> did not run: {ev ? <OutcomeBadge outcome={ev.outcome} /> : 'no decision'}
      {ev?.detail && <code className="outcome-detail">{ev.detail}</code>} (event{' '}
      <a href={`#/events/${result.event_id}`}>#{result.event_id}</a>).
    </span>
  );
}
