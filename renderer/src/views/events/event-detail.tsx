/**
 * One event as a trace: what arrived (payload, trigger, time), every candidate rule's decision
 * and why, and the enforcements and executions it caused. A missed timer slot says why it did
 * not run. Kept live by the notification router (new enforcements and execution statuses).
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'wouter';
import type { AttuneEvent, Enforcement, Execution } from '../../../../core/contract/entities.ts';
import { ApiError } from '../../common/api/invoke.ts';
import { enforcementQueries, eventQueries, executionQueries } from '../../common/api/queries.ts';
import { ExplanationView } from '../../common/trace/explanation-view.tsx';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { ExecutionStatusBadge, OutcomeBadge } from '../../common/ui/status-badge.tsx';
import { useNow } from '../../common/use-now.ts';
import { evaluationReason, eventOutcome, missedSummary, refParts } from '../../domain/event-log.ts';
import { durationMs, formatDuration } from '../../domain/execution.ts';
import { localDateTime } from '../../domain/time-format.ts';
import { ReplayPanel } from './replay-panel.tsx';

function ExecutionLine({ x, now }: { x: Execution; now: number }) {
  const d = durationMs(x, now);
  return (
    <li className="ev-exec">
      <Link href={`/executions/${x.id}`} className="rec-link">
        Execution #{x.id}
      </Link>{' '}
      <ExecutionStatusBadge status={x.status} />
      <br />
      <span className="rec-muted rec-small">
        {x.action_ref}
        {d !== null && ` · ${formatDuration(d)}`}
        {x.retry_count > 0 && ` · retry ${x.retry_count}`}
      </span>
    </li>
  );
}

/** The enforcements of the event and the executions each started. */
function useTrace(eventId: number) {
  const enforcements = useQuery(enforcementQueries.list({ event: eventId, page_size: 100 }));
  const list: Enforcement[] = enforcements.data?.items ?? [];
  const executions = useQueries({
    queries: list.map((e) => executionQueries.list({ enforcement: e.id, page_size: 20 })),
  });
  const byEnforcement = new Map<number, Execution[]>();
  list.forEach((e, i) => {
    byEnforcement.set(e.id, executions[i]?.data?.items ?? []);
  });
  return { enforcements, byEnforcement };
}

function EvaluationRecord({ event }: { event: AttuneEvent }) {
  const now = useNow(1000);
  const { enforcements, byEnforcement } = useTrace(event.id);
  const evaluations = event.evaluations ?? [];
  const read = enforcements.isSuccess;
  if (evaluations.length === 0) {
    return (
      <p className="rec-muted">
        {event.kind === 'missed'
          ? 'A missed slot is recorded, not evaluated: no rule ran for it.'
          : 'No enabled or disabled rule listens to this trigger, so nothing was decided.'}
      </p>
    );
  }
  return (
    <table className="rec-table ev-eval-table" aria-label="Evaluation record">
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Decision</th>
          <th scope="col">Why</th>
          <th scope="col">What it caused</th>
        </tr>
      </thead>
      <tbody>
        {evaluations.map((ev) => {
          const runs = ev.enforcement_id !== null ? (byEnforcement.get(ev.enforcement_id) ?? []) : [];
          return (
            <tr key={ev.rule_ref}>
              <td className="ev-rule">
                <Link href={`/rules/${encodeURIComponent(ev.rule_ref)}`} className="rec-link">
                  {refParts(ev.rule_ref).map((part, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
                    <Fragment key={i}>
                      {i > 0 && <wbr />}
                      {part}
                    </Fragment>
                  ))}
                </Link>
              </td>
              <td>
                <OutcomeBadge outcome={ev.outcome} />
              </td>
              <td className="ev-why">{evaluationReason(ev)}</td>
              <td>
                {ev.enforcement_id === null ? (
                  <span className="rec-muted">nothing</span>
                ) : (
                  <>
                    {runs.length > 0 ? (
                      <ul className="ev-execs">
                        {runs.map((x) => (
                          <ExecutionLine key={x.id} x={x} now={now} />
                        ))}
                      </ul>
                    ) : (
                      <span className="rec-muted rec-small">{read ? 'no execution yet' : '…'}</span>
                    )}
                    <span className="rec-muted rec-small">via enforcement #{ev.enforcement_id}</span>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * Under the table, one block per rule at the detail pane's full width: the failing parts with
 * their values (docs/explain.md, "Reading a trace in the app"), and the replay button.
 */
function WhyEachRule({ event, onReplay }: { event: AttuneEvent; onReplay: (ruleRef: string) => void }) {
  const evaluations = event.evaluations ?? [];
  if (evaluations.length === 0) return null;
  return (
    <div className="ev-why-list">
      {evaluations.map((ev) => (
        <section key={ev.rule_ref} className="ev-why-rule" aria-label={`Why: ${ev.rule_ref}`}>
          <div className="ev-why-head">
            <span className="mono">{ev.rule_ref}</span>
            <OutcomeBadge outcome={ev.outcome} />
            <Button
              size="small"
              className="ev-replay-button"
              onPress={() => onReplay(ev.rule_ref)}
              aria-label={`Replay event ${event.id} against ${ev.rule_ref}`}
            >
              Replay against this rule
            </Button>
          </div>
          <ExplanationView explanation={ev.explanation} />
        </section>
      ))}
    </div>
  );
}

export function EventDetail({ id }: { id: number }) {
  const q = useQuery(eventQueries.detail(id));
  const [replaying, setReplaying] = useState<{ event: number; rule: string } | null>(null);
  if (q.isPending) return <Loading label="Reading the event…" />;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.code === 'NOT_FOUND') {
      return (
        <p className="rec-muted">There is no event {id}: it never existed or was removed by retention.</p>
      );
    }
    return <ErrorBanner error={q.error} title="The event could not be read" />;
  }
  const e = q.data;
  const o = eventOutcome(e);
  return (
    <article className="ev-detail" aria-label={`Event ${e.id}`}>
      {e.kind === 'missed' && (
        <div className="banner ev-missed" role="note">
          <strong>Missed run.</strong> {missedSummary(e.payload)}
          {typeof e.payload.scheduled_at === 'string' && (
            <> Scheduled for {localDateTime(e.payload.scheduled_at)}.</>
          )}
          {typeof e.payload.event_id === 'number' && (
            <>
              {' '}
              The slot fired as{' '}
              <Link href={`/events/${e.payload.event_id}`} className="rec-link">
                event #{e.payload.event_id}
              </Link>
              , which the rule skipped.
            </>
          )}
        </div>
      )}
      <dl className="rec-facts">
        <dt>Outcome</dt>
        <dd>
          <span className={`badge badge-${o.tone}`}>{o.label}</span>
        </dd>
        <dt>Trigger</dt>
        <dd className="mono">{e.trigger_ref}</dd>
        <dt>Received</dt>
        <dd>{localDateTime(e.created)}</dd>
        {e.rule_ref && (
          <>
            <dt>For rule</dt>
            <dd>
              <Link href={`/rules/${encodeURIComponent(e.rule_ref)}`} className="rec-link">
                {e.rule_ref}
              </Link>
            </dd>
          </>
        )}
        {e.source_ref && (
          <>
            <dt>Source</dt>
            <dd className="mono">{e.source_ref}</dd>
          </>
        )}
        <dt>Trace tag</dt>
        <dd className="mono">{e.trace_tag}</dd>
      </dl>
      <section className="rec-section" aria-labelledby="ev-eval">
        <h2 id="ev-eval">Rules and what they did</h2>
        <EvaluationRecord event={e} />
        <WhyEachRule event={e} onReplay={(rule) => setReplaying({ event: e.id, rule })} />
      </section>
      {replaying && replaying.event === e.id && (
        <ReplayPanel
          key={replaying.rule}
          eventId={e.id}
          ruleRef={replaying.rule}
          onClose={() => setReplaying(null)}
        />
      )}
      <section className="rec-section" aria-labelledby="ev-payload">
        <h2 id="ev-payload">Payload</h2>
        <pre className="rec-json">{JSON.stringify(e.payload, null, 2)}</pre>
      </section>
    </article>
  );
}
