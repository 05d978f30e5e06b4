/**
 * A pack's review, as `packs.validate` and `packs.import` report it: problems with file, line
 * and field; what each action will run (runner, entry point, the script's first lines, the
 * secrets it needs); what each rule does; triggers, sensors and secrets.
 */
import type { PackReport } from '../../../../core/contract/packs.ts';
import { problemLocation, problemsByFile, reportSummary } from '../../domain/pack-review.ts';

type Problem = PackReport['problems'][number];

export function ProblemList({
  problems,
  title,
  tone,
}: {
  problems: Problem[];
  title: string;
  tone: 'error' | 'warning';
}) {
  if (problems.length === 0) return null;
  return (
    <section
      className={`pk-problems pk-${tone}`}
      aria-label={title}
      role={tone === 'error' ? 'alert' : undefined}
    >
      <h3>
        {title} ({problems.length})
      </h3>
      <ul>
        {problemsByFile(problems)
          .flatMap((g) => g.problems)
          .map((p) => (
            <li key={`${p.file}:${p.line}:${p.column}:${p.field}:${p.message}`}>
              <code>{problemLocation(p)}</code> — {p.message}
            </li>
          ))}
      </ul>
    </section>
  );
}

function Actions({ r }: { r: PackReport }) {
  if (r.actions.length === 0) return null;
  return (
    <section className="rec-section" aria-labelledby="pk-actions">
      <h3 id="pk-actions">What each action will run</h3>
      <ul className="pk-cards">
        {r.actions.map((a) => (
          <li key={a.ref} className="pk-card">
            <p className="pk-card-title">
              <span className="mono">{a.ref}</span> <span className="rec-muted">{a.label}</span>
            </p>
            <p>
              Runs {a.runs}{' '}
              <span className="rec-muted rec-small">
                (runner {a.runner_type}
                {a.entry_point.trim() && (
                  <>
                    , entry point <code>{a.entry_point.split('\n')[0]}</code>
                  </>
                )}
                , at most {a.timeout_seconds} s)
              </span>
            </p>
            {a.secret_parameters.length > 0 && (
              <p className="rec-small">
                Secret parameters:{' '}
                {a.secret_parameters.map((s) => (
                  <code key={s}>{s}</code>
                ))}
              </p>
            )}
            {a.script && (
              <figure className="pk-script">
                <figcaption className="rec-small rec-muted">
                  {a.script.path ?? 'inline script'} — first {a.script.first_lines.length} of{' '}
                  {a.script.total_lines} lines
                </figcaption>
                <pre>{a.script.first_lines.join('\n')}</pre>
              </figure>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Rules({ r }: { r: PackReport }) {
  if (r.rules.length === 0) return null;
  return (
    <section className="rec-section" aria-labelledby="pk-rules">
      <h3 id="pk-rules">What each rule does</h3>
      <table className="rec-table" aria-labelledby="pk-rules">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">When</th>
            <th scope="col">If</th>
            <th scope="col">Then</th>
          </tr>
        </thead>
        <tbody>
          {r.rules.map((rule) => (
            <tr key={rule.ref}>
              <td>
                <span className="mono">{rule.ref}</span>
                {rule.conversion_problems.length > 0 && (
                  <p className="field-error rec-small">
                    Not converted: {rule.conversion_problems.map((p) => p.message).join('; ')}
                  </p>
                )}
              </td>
              <td>
                <span className="mono">{rule.trigger_ref}</span>
                {Object.keys(rule.trigger_params).length > 0 && (
                  <code className="pk-inline">{JSON.stringify(rule.trigger_params)}</code>
                )}
              </td>
              <td>
                {rule.condition ? <code>{rule.condition}</code> : <span className="rec-muted">always</span>}
              </td>
              <td>
                <span className="mono">{rule.action_ref}</span>
                {Object.keys(rule.action_params).length > 0 && (
                  <code className="pk-inline">{JSON.stringify(rule.action_params)}</code>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Extras({ r }: { r: PackReport }) {
  const webhooks = r.triggers.filter((t) => t.webhook_enabled);
  return (
    <>
      {(webhooks.length > 0 || r.sensors.length > 0) && (
        <section className="rec-section" aria-labelledby="pk-in">
          <h3 id="pk-in">What it listens to</h3>
          <ul>
            {webhooks.map((t) => (
              <li key={t.ref}>
                Webhook <span className="mono">{t.ref}</span>
                {t.hmac_secret_missing && (
                  <span className="field-error"> — refuses every call until its signing secret is given</span>
                )}
              </li>
            ))}
            {r.sensors.map((s) => (
              <li key={s.ref}>
                Sensor <span className="mono">{s.ref}</span> ({s.runner_type} <code>{s.entry_point}</code>)
                for {s.trigger_types.join(', ')}
              </li>
            ))}
          </ul>
        </section>
      )}
      {r.secrets.length > 0 && (
        <section className="rec-section" aria-labelledby="pk-secrets">
          <h3 id="pk-secrets">Secrets it needs</h3>
          <ul>
            {r.secrets.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code> {s.description && <span className="rec-muted">— {s.description}</span>}{' '}
                {s.provided ? (
                  <span className="badge badge-ok">stored</span>
                ) : (
                  <span className="badge badge-busy">missing</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      {r.removed.length > 0 && (
        <p className="rec-small">
          This version drops:{' '}
          {r.removed.map((x) => (
            <code key={x}>{x}</code>
          ))}
        </p>
      )}
      {r.previously_enabled.length > 0 && (
        <p className="rec-small">Disabled again for review: {r.previously_enabled.join(', ')}</p>
      )}
    </>
  );
}

export function PackReview({ report }: { report: PackReport }) {
  return (
    <div className="pk-review">
      <p className="pk-summary">
        <strong>{report.pack.label || report.pack.ref}</strong> — {reportSummary(report)}
        {report.pack.author && <span className="rec-muted"> · by {report.pack.author}</span>}
      </p>
      {report.pack.description && <p className="rec-muted">{report.pack.description}</p>}
      <ProblemList problems={report.problems} title="Problems" tone="error" />
      <ProblemList problems={report.warnings} title="Warnings" tone="warning" />
      <Actions r={report} />
      <Rules r={report} />
      <Extras r={report} />
    </div>
  );
}
