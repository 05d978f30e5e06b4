/**
 * "Try with event #…" (docs/explain.md, "Replay"): the draft decided against a stored event
 * (`rules.replay`), nothing run and nothing stored; each part of the condition with its value,
 * the parameters with their types, and what differs from when the event arrived. "Run now"
 * then offers to fire the saved rule with that event's payload, or to run the action with the
 * replayed parameters when none of them is a secret.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'wouter';
import type { RuleCreate } from '../../../../../core/contract/channels.ts';
import type { ReplayResult } from '../../../../../core/contract/replay.ts';
import { errorMessage, invoke } from '../../../common/api/invoke.ts';
import { eventQueries } from '../../../common/api/queries.ts';
import { ReplayResultView } from '../../../common/trace/replay-result.tsx';
import { Button } from '../../../common/ui/button.tsx';
import { SelectInput, TextInput } from '../../../common/ui/fields.tsx';
import { compactTime, payloadPreview } from '../../../domain/event-log.ts';
import { RunDialog } from '../run-dialog.tsx';

export interface TryEventProps {
  /** The saved rule being edited, or null for a new one. */
  ruleRef: string | null;
  triggerRef: string;
  compile: () => RuleCreate | null;
  onFieldError: (field: string, message: string, details: unknown) => void;
}

export function TryWithEvent(p: TryEventProps) {
  const id = useId();
  const [eventId, setEventId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const recent = useQuery({
    ...eventQueries.list({ trigger_ref: p.triggerRef, page_size: 10 }),
    enabled: !!p.triggerRef,
  });
  const events = (recent.data?.items ?? []).filter((e) => e.kind === 'event');
  const replay = useMutation({
    mutationFn: (a: { ref: string; event_id: number; rule: RuleCreate }) => {
      const { ref: _ref, ...rule } = a.rule;
      return invoke('rules.replay', { ref: a.ref, event_id: a.event_id, rule: p.ruleRef ? rule : a.rule });
    },
    onError: (e) => {
      const err = e as { field?: string; message: string; details?: unknown };
      // The draft's fields come back as `rule.<field>`; the form knows them without the prefix.
      if (err.field?.startsWith('rule.')) p.onFieldError(err.field.slice(5), err.message, err.details);
    },
  });
  const execute = useMutation({
    mutationFn: (r: ReplayResult) =>
      invoke('executions.execute', {
        action_ref: p.compile()?.action_ref ?? '',
        parameters: r.action_params ?? {},
      }),
  });
  const run = () => {
    setProblem(null);
    const n = Number(eventId.trim().replace(/^#/, ''));
    if (!Number.isInteger(n) || n < 1) return setProblem('Give the number of a stored event, e.g. 42.');
    const rule = p.compile();
    if (!rule) return setProblem('Fix the marked fields first.');
    execute.reset();
    replay.mutate({ ref: p.ruleRef ?? rule.ref, event_id: n, rule });
  };
  const result = replay.data;
  const eventPayload = result ? events.find((e) => e.id === result.event.id)?.payload : undefined;
  const hasSecret = result?.params.some((x) => x.redacted) ?? false;
  return (
    <section className="stack try-event" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Try with event #…</h3>
      <div className="row-fields">
        <TextInput
          label="Event number"
          value={eventId}
          onChange={setEventId}
          placeholder="e.g. 42"
          error={problem ?? undefined}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              run();
            }
          }}
        />
        {events.length > 0 && (
          <SelectInput
            label="Or a recent event of this trigger"
            value={events.some((e) => String(e.id) === eventId) ? eventId : ''}
            onChange={setEventId}
            options={[
              { value: '', label: 'Pick one…' },
              ...events.map((e) => ({
                value: String(e.id),
                label: `#${e.id} · ${compactTime(e.created, Date.now())} · ${payloadPreview(e.payload, 48)}`,
              })),
            ]}
          />
        )}
      </div>
      <div className="row-fields">
        <Button onPress={run} isDisabled={replay.isPending}>
          Try with event
        </Button>
      </div>
      <div aria-live="polite" className="stack">
        {replay.isError && <p className="field-error">{errorMessage(replay.error)}</p>}
        {result && <ReplayResultView result={result} />}
        {result && result.evaluation.outcome === 'matched' && (
          <div className="row-fields">
            {p.ruleRef && <Button onPress={() => setRunning(true)}>Run now with this event…</Button>}
            {!hasSecret && (
              <Button onPress={() => execute.mutate(result)} isDisabled={execute.isPending}>
                Run the action with these parameters
              </Button>
            )}
          </div>
        )}
        {execute.data && (
          <p className="banner banner-info" role="status">
            Started{' '}
            <Link href={`/executions/${execute.data.id}`} className="rec-link">
              execution #{execute.data.id}
            </Link>
            .
          </p>
        )}
        {execute.isError && <p className="field-error">{errorMessage(execute.error)}</p>}
      </div>
      {running && p.ruleRef && (
        <RunDialog
          ruleRef={p.ruleRef}
          initialPayload={eventPayload ?? {}}
          note={`The payload of event #${result?.event.id}: the saved rule decides and runs as if it arrived again (unsaved changes are not used).`}
          onClose={() => setRunning(false)}
        />
      )}
    </section>
  );
}
