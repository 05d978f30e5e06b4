/**
 * "Try it": the draft decided by the engine against a sample payload (`rules.try`), nothing
 * stored. Shows whether it matched and why not, and the parameters the action would get, with
 * their types. Timers start from a synthetic timer payload; other triggers from their latest
 * event, else a skeleton of their out schema.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { RuleCreate } from '../../../../../core/contract/channels.ts';
import type { Trigger } from '../../../../../core/contract/entities.ts';
import { errorMessage, invoke } from '../../../common/api/invoke.ts';
import { eventQueries } from '../../../common/api/queries.ts';
import { Button } from '../../../common/ui/button.tsx';
import { OutcomeBadge } from '../../../common/ui/status-badge.tsx';
import { schemaSample } from '../../../domain/param-form.ts';
import { sampleFromMentions } from '../../../domain/template-complete.ts';
import { sampleTimerPayload } from '../../../domain/timer-payload.ts';
import { useBuilderForm } from './form.ts';
import { TryWithEvent } from './try-event.tsx';

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The sample for a trigger, as pretty JSON. */
export function useSample(
  trigger: Trigger | undefined,
  triggerRef: string,
  params: Record<string, unknown>,
  mentions: readonly string[] = [],
): string {
  const latest = useQuery({
    ...eventQueries.list({ trigger_ref: triggerRef, page_size: 1 }),
    enabled: !sampleTimerPayload(triggerRef, params, 0),
  });
  const [now] = useState(Date.now);
  const timer = sampleTimerPayload(triggerRef, params, now);
  const fromSchema = schemaSample(trigger?.out_schema ?? {});
  const payload =
    timer ??
    latest.data?.items[0]?.payload ??
    (Object.keys(fromSchema).length ? fromSchema : sampleFromMentions(mentions));
  return JSON.stringify(payload, null, 2);
}

export interface TryPanelProps {
  /** The saved rule being edited, or null for a new one. */
  ruleRef: string | null;
  trigger: Trigger | undefined;
  /** The draft as a create input, or null when the form has problems (they are shown on it). */
  compile: () => RuleCreate | null;
  /** An engine error naming a field: shown on that field. */
  onFieldError: (field: string, message: string, details: unknown) => void;
  /** Registers the "Try it" runner for the Mod+Enter command. */
  bindRun: (run: () => void) => void;
}

export function TryPanel(p: TryPanelProps) {
  const { control } = useBuilderForm();
  const triggerRef = useWatch({ control, name: 'triggerRef' });
  const params = useWatch({ control, name: 'triggerParams' }) as Record<string, unknown>;
  const rows = useWatch({ control, name: 'rows' });
  const expression = useWatch({ control, name: 'expression' });
  const paramText = useWatch({ control, name: 'paramText' });
  const mentions = [...(rows ?? []).map((r) => r.field), expression ?? '', ...Object.values(paramText ?? {})];
  const suggested = useSample(p.trigger, triggerRef, params, mentions);
  const [text, setText] = useState(suggested);
  const [edited, setEdited] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  useEffect(() => {
    if (!edited) setText(suggested);
  }, [suggested, edited]);
  const attempt = useMutation({
    mutationFn: (a: { rule: RuleCreate; payload: Record<string, unknown> }) => invoke('rules.try', a),
    onError: (e) => {
      const err = e as { field?: string; message: string; details?: unknown };
      if (err.field) p.onFieldError(err.field, err.message, err.details);
    },
  });
  const run = () => {
    setProblem(null);
    let payload: unknown;
    try {
      payload = JSON.parse(text || '{}');
    } catch (e) {
      return setProblem(`The sample is not JSON: ${errorMessage(e)}`);
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload))
      return setProblem('The sample must be a JSON object.');
    const rule = p.compile();
    if (!rule) return setProblem('Fix the marked fields first.');
    attempt.mutate({
      rule: { ...rule, ref: rule.ref || 'draft' },
      payload: payload as Record<string, unknown>,
    });
  };
  p.bindRun(run);
  const result = attempt.data;
  return (
    <section className="card try-panel stack" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Try it</h2>
      <div className="field">
        <label htmlFor={`${id}-sample`} className="field-label">
          Sample event payload (JSON)
        </label>
        <textarea
          id={`${id}-sample`}
          className="input mono"
          rows={8}
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setEdited(true);
          }}
          aria-invalid={problem ? true : undefined}
          aria-describedby={`${id}-sample-help`}
        />
        <span id={`${id}-sample-help`} className={problem ? 'field-error' : 'field-description'}>
          {problem ?? 'Nothing is stored and nothing runs.'}
        </span>
      </div>
      <div className="row-fields">
        <Button variant="primary" onPress={run} isDisabled={attempt.isPending}>
          Try it
        </Button>
        {edited && (
          <Button
            variant="ghost"
            onPress={() => {
              setEdited(false);
              setText(suggested);
            }}
          >
            Reset sample
          </Button>
        )}
      </div>
      <div aria-live="polite" className="stack">
        {attempt.isError && <p className="field-error">{errorMessage(attempt.error)}</p>}
        {result && (
          <>
            <p>
              Result: <OutcomeBadge outcome={result.evaluation.outcome} />
              {result.evaluation.detail && <code className="outcome-detail">{result.evaluation.detail}</code>}
            </p>
            {result.action_params && (
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
                  {Object.entries(result.action_params).map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row" className="mono">
                        {k}
                      </th>
                      <td className="mono break">{JSON.stringify(v)}</td>
                      <td>{typeOf(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {result.action_params && (
              <p className="muted small">Parameters left empty get the action’s defaults when it runs.</p>
            )}
          </>
        )}
      </div>
      <TryWithEvent
        ruleRef={p.ruleRef}
        triggerRef={triggerRef}
        compile={p.compile}
        onFieldError={p.onFieldError}
      />
    </section>
  );
}
