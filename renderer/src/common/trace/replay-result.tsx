/**
 * A replay's result (docs/explain.md, "Replay"): the replayed decision, each part of the
 * condition with its value, the parameters the action would get with their types, and what is
 * different from when the event arrived. Shared by the event trace and the rule builder.
 */
import { Link } from 'wouter';
import type { ReplayResult } from '../../../../core/contract/replay.ts';
import { ExecutionStatusBadge, OutcomeBadge } from '../ui/status-badge.tsx';
import { ExplanationView, OperandList } from './explanation-view.tsx';
import './trace.css';

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

function ConditionParts({ result }: { result: ReplayResult }) {
  const c = result.conditions;
  if (!c) {
    return (
      <p className="rec-muted rec-small">
        {result.rule.condition
          ? 'The condition could not be compiled.'
          : 'No condition: every event matches.'}
      </p>
    );
  }
  return (
    <table className="table compact tr-parts">
      <caption className="field-label caption-left">Each part of the condition</caption>
      <thead>
        <tr>
          <th scope="col">Part and its values</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {c.parts.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; two parts may print alike
          <tr key={i} className="tr-part">
            <th scope="row">
              <code className="tr-expr">{p.expression}</code>
              <OperandList operands={p.operands} />
            </th>
            <td>
              <span className={`badge badge-${p.passed ? 'ok' : 'bad'}`}>
                {p.passed ? 'passed' : 'failed'}
              </span>{' '}
              {p.error !== undefined ? (
                <span className="tr-error">{p.error}</span>
              ) : (
                <code className="tr-value">{p.value}</code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
      {c.truncated && (
        <tfoot>
          <tr>
            <td colSpan={2} className="rec-muted rec-small">
              More parts than are shown.
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}

function Params({ result }: { result: ReplayResult }) {
  if (result.params.length === 0) return null;
  return (
    <table className="table compact">
      <caption className="field-label caption-left">The action would get</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Value</th>
          <th scope="col">Type</th>
        </tr>
      </thead>
      <tbody>
        {result.params.map((p) => {
          const mismatch =
            p.expected !== null &&
            p.expected !== p.type &&
            !(p.expected === 'number' && p.type === 'integer');
          return (
            <tr key={p.name}>
              <th scope="row" className="mono">
                {p.name}
              </th>
              <td className="mono break">{p.redacted ? '*** (secret)' : JSON.stringify(p.value)}</td>
              <td className={mismatch ? 'tr-mismatch' : undefined}>
                {p.type}
                {mismatch && ` (the action expects ${p.expected})`}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Difference({ result }: { result: ReplayResult }) {
  const { original: o, diff } = result;
  return (
    <section aria-label="Compared with the first time">
      <h3>Compared with when it arrived</h3>
      <p>
        Then:{' '}
        {o.evaluation ? (
          <OutcomeBadge outcome={o.evaluation.outcome} />
        ) : (
          <span className="rec-muted">not a candidate (the rule did not exist or listened elsewhere)</span>
        )}
        {o.enforcement && <span className="rec-muted rec-small"> · enforcement #{o.enforcement.id}</span>}
        {o.executions.map((x) => (
          <span key={x.id}>
            {' '}
            ·{' '}
            <Link href={`/executions/${x.id}`} className="rec-link">
              Execution #{x.id}
            </Link>{' '}
            <ExecutionStatusBadge status={x.status} />
          </span>
        ))}
      </p>
      {!diff.changed && (
        <p className="tr-diff-none">No difference: the replay decides as the first time did.</p>
      )}
      {diff.outcome && (
        <p>
          Outcome: <OutcomeBadge outcome={diff.outcome.original ?? 'none'} /> →{' '}
          <OutcomeBadge outcome={diff.outcome.replayed} />
        </p>
      )}
      {diff.params.length > 0 && (
        <table className="table compact">
          <caption className="field-label caption-left">Parameters that changed</caption>
          <thead>
            <tr>
              <th scope="col">Parameter</th>
              <th scope="col">Then</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {diff.params.map((p) => (
              <tr key={p.name}>
                <th scope="row" className="mono">
                  {p.name}
                </th>
                <td className="mono break">{show(p.original)}</td>
                <td className="mono break">{show(p.replayed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ReplayResultView({ result }: { result: ReplayResult }) {
  const ev = result.evaluation;
  return (
    <div className="tr-replay" data-testid="replay-result">
      <p>
        Event #{result.event.id} against {result.rule.draft ? 'the draft of ' : ''}
        <code>{result.rule.ref}</code>: <OutcomeBadge outcome={ev.outcome} />
        {!result.rule.enabled && (
          <span className="rec-muted rec-small"> (the rule is disabled: replayed as if enabled)</span>
        )}
      </p>
      {ev.outcome === 'error' && ev.detail && <p className="tr-error">{ev.detail}</p>}
      <ConditionParts result={result} />
      {ev.outcome !== 'matched' && ev.outcome !== 'condition_false' && (
        <ExplanationView explanation={ev.explanation} />
      )}
      <Params result={result} />
      <Difference result={result} />
      <p className="rec-muted rec-small">A replay runs nothing and stores nothing.</p>
    </div>
  );
}
