/**
 * One execution: where it is in its life (a status timeline), what it was given (secrets
 * masked), its output live while it runs, its result and duration; cancel while it can be,
 * and run it again with the same action and parameters.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'wouter';
import { navigate } from 'wouter/use-hash-location';
import type { Execution } from '../../../../core/contract/entities.ts';
import { ApiError } from '../../common/api/invoke.ts';
import { actionQueries, enforcementQueries, executionQueries } from '../../common/api/queries.ts';
import { useCommands } from '../../common/commands/registry.ts';
import { Button } from '../../common/ui/button.tsx';
import { ErrorBanner, Loading } from '../../common/ui/feedback.tsx';
import { ExecutionStatusBadge } from '../../common/ui/status-badge.tsx';
import { useNow } from '../../common/use-now.ts';
import {
  CANCELLABLE,
  durationMs,
  FINISHED,
  formatDuration,
  maskedParameters,
  redactedKeys,
  statusTimeline,
} from '../../domain/execution.ts';
import { localDateTime } from '../../domain/time-format.ts';
import { ExecutionOutput } from './execution-output.tsx';
import { useCancelExecution, useRerunExecution } from './mutations.ts';
import { RerunDialog } from './rerun-dialog.tsx';

function Timeline({ x }: { x: Execution }) {
  return (
    <ol className="ex-timeline" aria-label="Status timeline">
      {statusTimeline(x).map((s) => (
        <li key={s.label} className={`ex-step ex-step-${s.state}`}>
          <span className="ex-dot" aria-hidden="true" />
          <span className="ex-step-label">{s.label}</span>
          <span className="rec-muted rec-small">
            {s.at ? localDateTime(s.at) : s.state === 'current' ? 'now' : 'not yet'}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Facts({ x, now }: { x: Execution; now: number }) {
  const enforcement = useQuery({
    ...enforcementQueries.detail(x.enforcement_id ?? 0),
    enabled: x.enforcement_id !== null,
  });
  const d = durationMs(x, now);
  return (
    <dl className="rec-facts">
      <dt>Status</dt>
      <dd>
        <ExecutionStatusBadge status={x.status} />
      </dd>
      <dt>Action</dt>
      <dd className="mono">{x.action_ref}</dd>
      <dt>Rule</dt>
      <dd>
        {x.rule_ref ? (
          <Link href={`/rules/${encodeURIComponent(x.rule_ref)}`} className="rec-link">
            {x.rule_ref}
          </Link>
        ) : (
          <span className="rec-muted">none (run by hand)</span>
        )}
      </dd>
      {enforcement.data && (
        <>
          <dt>Caused by</dt>
          <dd>
            <Link href={`/events/${enforcement.data.event_id}`} className="rec-link">
              Event #{enforcement.data.event_id}
            </Link>{' '}
            <span className="rec-muted rec-small">via enforcement #{enforcement.data.id}</span>
          </dd>
        </>
      )}
      <dt>Duration</dt>
      <dd>{d === null ? <span className="rec-muted">not started</span> : formatDuration(d)}</dd>
      {x.retry_count > 0 && (
        <>
          <dt>Retry</dt>
          <dd>{x.retry_count}</dd>
        </>
      )}
      <dt>Time limit</dt>
      <dd>{formatDuration(x.timeout_seconds * 1000)}</dd>
      <dt>Trace tag</dt>
      <dd className="mono">{x.trace_tag}</dd>
    </dl>
  );
}

function Result({ x }: { x: Execution }) {
  const r = x.result;
  if (!r) return <p className="rec-muted">No result yet.</p>;
  return (
    <>
      {r.error && (
        <div className="banner banner-error" role="note">
          <strong>Error:</strong> {r.error}
        </div>
      )}
      <dl className="rec-facts">
        <dt>Exit code</dt>
        <dd className="mono">{r.exit_code ?? '—'}</dd>
      </dl>
      {r.data !== null && r.data !== undefined && (
        <>
          <h3 className="ex-sub">Parsed output</h3>
          <pre className="rec-json">{JSON.stringify(r.data, null, 2)}</pre>
        </>
      )}
    </>
  );
}

export function ExecutionDetail({ id }: { id: number }) {
  const now = useNow(1000);
  const q = useQuery(executionQueries.detail(id));
  const action = useQuery({ ...actionQueries.detail(q.data?.action_ref ?? ''), enabled: !!q.data });
  const cancel = useCancelExecution();
  const rerun = useRerunExecution();
  const [asking, setAsking] = useState(false);
  const x = q.data;
  const secrets = x ? redactedKeys(x.config, action.data?.parameters) : [];
  const runAgain = (parameters: Record<string, unknown>) => {
    if (!x) return;
    rerun.mutate(
      { action_ref: x.action_ref, parameters },
      {
        onSuccess: (n) => {
          setAsking(false);
          navigate(`/executions/${n.id}`);
        },
      },
    );
  };
  const startRerun = () => (secrets.length > 0 ? setAsking(true) : runAgain(x?.config ?? {}));
  const canCancel = !!x && CANCELLABLE.has(x.status);
  useCommands(
    () => [
      {
        id: 'execution.cancel',
        label: `Cancel execution ${id}`,
        group: 'Execution',
        enabled: () => canCancel,
        perform: () => cancel.mutate(id),
      },
      {
        id: 'execution.rerun',
        label: `Run execution ${id} again`,
        group: 'Execution',
        keywords: ['re-run', 'repeat', 'retry'],
        enabled: () => !!x && FINISHED.has(x.status),
        perform: startRerun,
      },
    ],
    [id, canCancel, x?.status, secrets.length],
  );

  if (q.isPending) return <Loading label="Reading the execution…" />;
  if (q.isError) {
    if (q.error instanceof ApiError && q.error.code === 'NOT_FOUND') {
      return <p className="rec-muted">There is no execution {id}.</p>;
    }
    return <ErrorBanner error={q.error} title="The execution could not be read" />;
  }
  const data = q.data;
  return (
    <article className="ex-detail" aria-label={`Execution ${id}`}>
      <div className="ex-bar">
        <Timeline x={data} />
        <div className="page-actions">
          {CANCELLABLE.has(data.status) && (
            <Button variant="danger" isDisabled={cancel.isPending} onPress={() => cancel.mutate(id)}>
              Cancel execution
            </Button>
          )}
          <Button isDisabled={rerun.isPending || !FINISHED.has(data.status)} onPress={startRerun}>
            Run again
          </Button>
        </div>
      </div>
      {cancel.error && <ErrorBanner error={cancel.error} title="Could not cancel" />}
      {rerun.error && !asking && <ErrorBanner error={rerun.error} title="Could not run it again" />}
      <div className="ex-columns">
        <section className="card" aria-labelledby="ex-facts">
          <h2 id="ex-facts">Details</h2>
          <Facts x={data} now={now} />
        </section>
        <section className="card" aria-labelledby="ex-params">
          <h2 id="ex-params">Parameters</h2>
          {Object.keys(data.config).length === 0 ? (
            <p className="rec-muted">None.</p>
          ) : (
            <pre className="rec-json">
              {JSON.stringify(maskedParameters(data.config, action.data?.parameters), null, 2)}
            </pre>
          )}
        </section>
      </div>
      <section className="card rec-section" aria-labelledby="ex-output">
        <h2 id="ex-output">Output</h2>
        <ExecutionOutput x={data} />
      </section>
      <section className="card rec-section" aria-labelledby="ex-result">
        <h2 id="ex-result">Result</h2>
        <Result x={data} />
      </section>
      <RerunDialog
        x={data}
        secrets={secrets}
        isOpen={asking}
        onOpenChange={setAsking}
        onRun={runAgain}
        isPending={rerun.isPending}
        error={rerun.error}
      />
    </article>
  );
}
