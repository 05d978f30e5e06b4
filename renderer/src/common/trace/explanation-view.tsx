/**
 * Why a rule did not fire, readable (docs/explain.md, "Reading a trace in the app"): each
 * smallest failing part of its condition or template with its own value or error, and the
 * actual value of each operand (a missing field says so). For a template, the parameter and
 * placeholder it sits in; the message names the type expected.
 */
import type { ExplainedOperand, Explanation } from '../../../../core/contract/replay.ts';
import './trace.css';

export function OperandList({ operands }: { operands: readonly ExplainedOperand[] }) {
  if (operands.length === 0) return null;
  return (
    <dl className="tr-operands">
      {operands.map((o) => (
        <div key={o.expression} className="tr-operand">
          <dt>
            <code>{o.expression}</code>
          </dt>
          <dd>
            {o.error !== undefined ? (
              <span className="tr-error">failed: {o.error}</span>
            ) : (
              <>
                = <code className="tr-value">{o.value}</code>
                {o.missing && <span className="badge badge-idle tr-missing">missing field</span>}
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ExplanationView({ explanation }: { explanation: Explanation | null | undefined }) {
  if (!explanation || explanation.failures.length === 0) return null;
  const { failures } = explanation;
  return (
    <div className="tr-explanation">
      {failures.length > 1 && !failures[0]?.param && <p className="tr-lead">Each of these parts failed:</p>}
      <ul className="tr-failures">
        {failures.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list; two parts may print alike
          <li key={i} className="tr-failure">
            {f.param && (
              <span className="tr-where">
                Parameter <code>{f.param}</code>
                {f.placeholder && (
                  <>
                    {' '}
                    in <code>{`{{ ${f.placeholder} }}`}</code>
                  </>
                )}
                :{' '}
              </span>
            )}
            <code className="tr-expr">{f.expression}</code>{' '}
            {f.error !== undefined ? (
              <span className="tr-error">failed: {f.error}</span>
            ) : (
              <>
                is <code className="tr-value">{f.value}</code>
              </>
            )}
            <OperandList operands={f.operands} />
          </li>
        ))}
      </ul>
      {explanation.truncated && <p className="rec-muted rec-small">More parts failed than are kept.</p>}
    </div>
  );
}
